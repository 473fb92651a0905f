import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64DecodedLength,
  concatBytes,
  fromBase64,
  fromHex,
  toBase64,
  toBase64Portable,
  toHex,
  utf8DecodeStrict,
} from './bytes';

describe('base64', () => {
  it('encodes like Buffer and like the portable encoder, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64');
        expect(toBase64(bytes)).toBe(expected);
        expect(toBase64Portable(bytes)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes payloads larger than one 32 KiB slice', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) & 0xff);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a bad length and characters outside the alphabet', () => {
    expect(fromBase64('abc')).toBeNull();
    expect(fromBase64('ab!=')).toBeNull();
    expect(fromBase64('a=bc')).toBeNull();
  });

  it('counts the decoded length honouring = padding', () => {
    expect(base64DecodedLength(toBase64(new Uint8Array(5)))).toBe(5);
    expect(base64DecodedLength('aGVsbG8=')).toBe(5);
    expect(base64DecodedLength('')).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64(bytes);
        expect(base64DecodedLength(text)).toBe(bytes.length);
        expect(base64DecodedLength(text.replace(/=+$/, ''))).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hex and UTF-8 helpers', () => {
  it('round-trips hex with and without separators', () => {
    expect(toHex(fromHex('81 05 48'), ' ')).toBe('81 05 48');
    expect(toHex(new Uint8Array([0, 255]))).toBe('00ff');
  });

  it('rejects invalid UTF-8 strictly', () => {
    expect(utf8DecodeStrict(new Uint8Array([0xc3, 0x28]))).toBeNull();
    expect(utf8DecodeStrict(fromHex('e282ac'))).toBe('€');
  });

  it('concatenates in order', () => {
    expect(concatBytes([fromHex('01'), new Uint8Array(), fromHex('0203')])).toEqual(
      fromHex('010203'),
    );
  });
});
