import { constants, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, utf8Decode, utf8Encode } from './bytes';
import { MessageInflater } from './inflate';

function inflateText(inflater: MessageInflater, hex: string): string {
  const result = inflater.inflate(fromHex(hex));
  if (!result.ok) throw new Error(result.error);
  return utf8Decode(result.data);
}

/** What a permessage-deflate sender puts in a message: sync-flushed DEFLATE minus 00 00 ff ff. */
function compressMessage(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH }));
  return out.subarray(0, out.length - 4);
}

describe('MessageInflater (RFC 7692 §7.2.3 examples)', () => {
  it('inflates "Hello" compressed with a fixed Huffman block', () => {
    expect(inflateText(new MessageInflater(), 'f248cdc9c90700')).toBe('Hello');
  });

  it('inflates a second "Hello" that refers back into the previous message (context takeover)', () => {
    const inflater = new MessageInflater();
    inflateText(inflater, 'f248cdc9c90700');
    expect(inflateText(inflater, 'f200110000')).toBe('Hello');
  });

  it('inflates a stored (uncompressed) block followed by the next block header byte', () => {
    expect(inflateText(new MessageInflater(), '000500faff48656c6c6f00')).toBe('Hello');
  });

  it('inflates a message whose last block has BFINAL set', () => {
    expect(inflateText(new MessageInflater(), 'f348cdc9c90700')).toBe('Hello');
  });
});

describe('MessageInflater against zlib', () => {
  it('inflates whatever zlib deflates, text or bytes, fixed or dynamic blocks', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.string({ maxLength: 3000 }).map((s) => utf8Encode(s.repeat(3))),
        ),
        (data) => {
          const result = new MessageInflater().inflate(compressMessage(data));
          expect(result.ok && result.data).toEqual(data);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns an error, never throws, on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const result = new MessageInflater().inflate(bytes);
        if (!result.ok) expect(typeof result.error).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('reports a reference before the start of the window', () => {
    const result = new MessageInflater().inflate(fromHex('f200110000'));
    expect(result).toEqual({ ok: false, error: 'distance 5 reaches before the window' });
  });
});
