import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromHex, toHex, utf8Decode, utf8Encode } from './bytes';
import { encodeClosePayload, encodeFrame, FrameDecoder, type FrameItem } from './ws-frame';

function decodeAll(hex: string, options = {}): FrameItem[] {
  return new FrameDecoder(options).push(fromHex(hex));
}

/** Byte equality without the deep-equal diff machinery, which is slow on 64 KiB arrays. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function onlyFrame(items: FrameItem[]) {
  expect(items).toHaveLength(1);
  const item = items[0];
  if (item?.type !== 'frame') throw new Error(`expected a frame, got ${JSON.stringify(item)}`);
  return item;
}

function onlyError(items: FrameItem[]) {
  const last = items[items.length - 1];
  if (last?.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(items)}`);
  return last;
}

/** Splits bytes at the given sorted cut points. */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe('RFC 6455 §5.7 examples', () => {
  it('decodes a single-frame unmasked text message "Hello"', () => {
    const item = onlyFrame(decodeAll('810548656c6c6f'));
    expect(item.frame).toMatchObject({
      fin: true,
      opcode: 1,
      opcodeName: 'text',
      masked: false,
      payloadLength: 5,
      lengthBits: 7,
      headerLength: 2,
    });
    expect(utf8Decode(item.payload)).toBe('Hello');
    expect(toHex(item.raw)).toBe('810548656c6c6f');
  });

  it('decodes a single-frame masked text message "Hello" and reports the mask key', () => {
    const item = onlyFrame(decodeAll('818537fa213d7f9f4d5158'));
    expect(item.frame).toMatchObject({
      masked: true,
      maskKey: '37fa213d',
      headerLength: 6,
      payloadLength: 5,
    });
    expect(utf8Decode(item.payload)).toBe('Hello');
    expect(utf8Decode(fromBase64(item.frame.payload ?? '') as Uint8Array)).toBe('Hello');
  });

  it('decodes a fragmented unmasked text message as a text frame then a continuation', () => {
    const items = decodeAll('010348656c80026c6f');
    expect(items.map((i) => i.type === 'frame' && [i.frame.opcodeName, i.frame.fin])).toEqual([
      ['text', false],
      ['continuation', true],
    ]);
  });

  it('decodes an unmasked ping and a masked pong carrying "Hello"', () => {
    const ping = onlyFrame(decodeAll('890548656c6c6f'));
    expect(ping.frame.opcodeName).toBe('ping');
    const pong = onlyFrame(decodeAll('8a8537fa213d7f9f4d5158'));
    expect(pong.frame.opcodeName).toBe('pong');
    expect(utf8Decode(pong.payload)).toBe('Hello');
  });

  it('decodes a 256-byte binary frame with a 16-bit length', () => {
    const item = onlyFrame(decodeAll(`827e0100${'ab'.repeat(256)}`));
    expect(item.frame).toMatchObject({
      opcodeName: 'binary',
      payloadLength: 256,
      lengthBits: 16,
      headerLength: 4,
    });
  });

  it('decodes a 64 KiB binary frame with a 64-bit length', () => {
    const item = onlyFrame(decodeAll(`827f0000000000010000${'00'.repeat(65536)}`));
    expect(item.frame).toMatchObject({ payloadLength: 65536, lengthBits: 64, headerLength: 10 });
  });
});

describe('encodeFrame', () => {
  it('produces the RFC 6455 masked "Hello" bytes', () => {
    const bytes = encodeFrame({
      opcode: 1,
      mask: fromHex('37fa213d'),
      payload: utf8Encode('Hello'),
    });
    expect(toHex(bytes)).toBe('818537fa213d7f9f4d5158');
  });

  it('encodes a close frame with code and reason that decodes back', () => {
    const bytes = encodeFrame({ opcode: 8, payload: encodeClosePayload(1000, 'bye') });
    expect(toHex(bytes)).toBe('880503e8627965');
    const item = onlyFrame(new FrameDecoder().push(bytes));
    expect(item.frame.close).toEqual({ code: 1000, reason: 'bye' });
  });

  it('decodes an empty close frame as a close without a code', () => {
    expect(onlyFrame(decodeAll('8800')).frame.close).toEqual({ reason: '' });
  });
});

describe('FrameDecoder errors', () => {
  const cases: [string, string, string, number, object?][] = [
    ['reserved opcode', '830100', 'reserved opcode 0x3', 1002],
    ['reserved control opcode', '8b00', 'reserved opcode 0xb', 1002],
    ['RSV1 without extension', 'c100', 'RSV1 set without a negotiated extension', 1002],
    ['RSV2', 'a100', 'RSV2 set without a negotiated extension', 1002],
    ['RSV3', '9100', 'RSV3 set without a negotiated extension', 1002],
    [
      'RSV1 on a control frame with deflate',
      'c900',
      'RSV1 set on a ping frame',
      1002,
      { extensionsNegotiated: true },
    ],
    [
      'control frame over 125 bytes',
      `897e007e${'00'.repeat(126)}`,
      'ping frame payload longer than 125 bytes',
      1002,
    ],
    ['fragmented control frame', '0900', 'ping frame is fragmented', 1002],
    ['64-bit length with MSB set', '827f8000000000000001', 'most significant bit', 1002],
    ['close payload of one byte', '880103', 'close payload of 1 byte', 1002],
    ['close code 1005', '880203ed', 'invalid close code 1005', 1002],
    ['close code 999', '880203e7', 'invalid close code 999', 1002],
    ['close code 5000', '88021388', 'invalid close code 5000', 1002],
    ['close reason not UTF-8', '880403e8c328', 'close reason is not valid UTF-8', 1007],
    ['continuation without a message', '8000', 'continuation frame without a message', 1002],
    [
      'new data frame mid-message',
      '0100' + '8100',
      'new text frame while a fragmented message is unfinished',
      1002,
    ],
    [
      'payload over maxPayload',
      '827e0100',
      'payload length 256 > max 100',
      1009,
      { maxPayload: 100 },
    ],
    ['unmasked client frame', '8100', 'client frame is not masked', 1002, { requireMask: true }],
    ['masked server frame', '818000000000', 'server frame is masked', 1002, { requireMask: false }],
  ];
  for (const [label, hex, message, closeCode, options] of cases) {
    it(`reports ${label} with close code ${closeCode}`, () => {
      const error = onlyError(decodeAll(hex, options));
      expect(error.message).toContain(message);
      expect(error.closeCode).toBe(closeCode);
    });
  }

  it('accepts RSV1 on a first data frame when permessage-deflate is negotiated and marks it compressed', () => {
    const item = onlyFrame(decodeAll('c10548656c6c6f', { extensionsNegotiated: true }));
    expect(item.frame.compressed).toBe(true);
  });

  it('accepts every valid close code range boundary', () => {
    for (const code of [1000, 1003, 1007, 1014, 3000, 4999]) {
      const bytes = encodeFrame({ opcode: 8, payload: encodeClosePayload(code) });
      expect(onlyFrame(new FrameDecoder().push(bytes)).frame.close?.code).toBe(code);
    }
  });

  it('reports the error with every remaining byte, then one error per later push', () => {
    const decoder = new FrameDecoder();
    const items = decoder.push(fromHex('810548656c6c6f' + 'c100ffff'));
    expect(items).toHaveLength(2);
    expect(toHex(items[1]?.raw ?? new Uint8Array())).toBe('c100ffff');
    expect(decoder.errored).toBe(true);
    const later = decoder.push(fromHex('810548656c6c6f'));
    expect(later).toHaveLength(1);
    expect(later[0]?.type).toBe('error');
    expect(toHex(later[0]?.raw ?? new Uint8Array())).toBe('810548656c6c6f');
  });

  it('reports an incomplete frame at end of stream', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(fromHex('8105486c'))).toEqual([]);
    const [error] = decoder.end();
    expect(error?.type).toBe('error');
    expect(toHex(error?.raw ?? new Uint8Array())).toBe('8105486c');
  });
});

const frameArb = fc
  .record({
    opcode: fc.constantFrom(1, 2, 8, 9, 10),
    masked: fc.boolean(),
    mask: fc.uint8Array({ minLength: 4, maxLength: 4 }),
    size: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 125 }), weight: 6 },
      { arbitrary: fc.integer({ min: 126, max: 3000 }), weight: 3 },
      { arbitrary: fc.constantFrom(65535, 65536, 70_000), weight: 1 },
    ),
    fill: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ opcode, masked, mask, size, fill }) => {
    let payload: Uint8Array = new Uint8Array(opcode >= 8 ? Math.min(size, 125) : size).fill(fill);
    if (opcode === 1) payload = utf8Encode('x'.repeat(payload.length));
    if (opcode === 8)
      payload = encodeClosePayload(1000, 'r'.repeat(Math.max(0, payload.length - 2)));
    return { opcode, payload, ...(masked ? { mask } : {}) };
  });

describe('FrameDecoder properties', () => {
  it('decodes what encodeFrame encoded, field for field', () => {
    fc.assert(
      fc.property(frameArb, (input) => {
        const bytes = encodeFrame(input);
        const item = onlyFrame(new FrameDecoder().push(bytes));
        expect(item.frame.opcode).toBe(input.opcode);
        expect(item.frame.masked).toBe(input.mask !== undefined);
        expect(item.frame.payloadLength).toBe(input.payload.length);
        expect(sameBytes(item.payload, input.payload)).toBe(true);
        expect(sameBytes(item.raw, bytes)).toBe(true);
        expect(item.frame.headerLength + item.frame.payloadLength).toBe(bytes.length);
      }),
      { numRuns: 60 },
    );
  });

  it('yields the same frames however a stream of many frames is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (inputs, cuts) => {
          const stream = concatBytes(inputs.map(encodeFrame));
          const decoder = new FrameDecoder();
          const items = splitAt(stream, cuts).flatMap((part) => decoder.push(part));
          expect(items.every((i) => i.type === 'frame')).toBe(true);
          expect(items).toHaveLength(inputs.length);
          expect(sameBytes(concatBytes(items.map((i) => i.raw)), stream)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never throws on random garbage and accounts for every byte it consumed', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const decoder = new FrameDecoder({ maxPayload: 1 << 16 });
        const items = chunks.flatMap((c) => decoder.push(c));
        const tail = decoder.end();
        const seen = concatBytes([...items, ...tail].map((i) => i.raw));
        expect(seen).toEqual(concatBytes(chunks));
      }),
      { numRuns: 300 },
    );
  });
});
