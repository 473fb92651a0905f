import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';
import { encodeFrame } from './ws-frame';
import { readFrameHeader } from './ws-header';

describe('readFrameHeader', () => {
  it('reads the RFC 6455 §5.7 unmasked "Hello" header', () => {
    const read = readFrameHeader(fromHex('81 05 48 65 6c 6c 6f'));
    expect(read).toMatchObject({
      type: 'header',
      header: {
        fin: true,
        opcode: 1,
        masked: false,
        length7: 5,
        payloadLength: 5,
        headerLength: 2,
      },
    });
  });

  it('reads the masked "Hello" header and its masking key', () => {
    const read = readFrameHeader(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    if (read.type !== 'header') throw new Error(read.type);
    expect(read.header).toMatchObject({ masked: true, payloadLength: 5, headerLength: 6 });
    expect(toHex(read.header.maskKey ?? new Uint8Array())).toBe('37fa213d');
  });

  it('reads the 16-bit (256 bytes) and 64-bit (65536 bytes) length forms', () => {
    expect(readFrameHeader(fromHex('82 7e 01 00'))).toMatchObject({
      header: { lengthBits: 16, length7: 126, payloadLength: 256, headerLength: 4 },
    });
    expect(readFrameHeader(fromHex('82 7f 00 00 00 00 00 01 00 00'))).toMatchObject({
      header: { lengthBits: 64, length7: 127, payloadLength: 65536, headerLength: 10 },
    });
  });

  it('reads at an offset and never past `end`', () => {
    const bytes = fromHex('ff ff 82 7e 01 00 ff');
    expect(readFrameHeader(bytes, 2)).toMatchObject({ header: { payloadLength: 256 } });
    expect(readFrameHeader(bytes, 2, 5)).toMatchObject({ type: 'incomplete', need: 4 });
  });

  it('asks for 2 bytes, then for the whole header the first two announce', () => {
    expect(readFrameHeader(fromHex('81'))).toEqual({ type: 'incomplete', need: 2 });
    expect(readFrameHeader(fromHex('81 fe 00'))).toMatchObject({
      type: 'incomplete',
      need: 8, // 2 + 2 (16-bit length) + 4 (masking key)
      start: { masked: true, lengthBits: 16 },
    });
  });

  it('refuses a 64-bit length with its most significant bit set', () => {
    expect(readFrameHeader(fromHex('82 7f 80 00 00 00 00 00 00 01'))).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/most significant bit/),
    });
  });

  it('reads back what encodeFrame wrote, and needs exactly headerLength bytes', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 15 }),
        fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: undefined }),
        fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 65530, max: 65540 })),
        (fin, opcode, mask, length) => {
          const frame = encodeFrame({ fin, opcode, mask, payload: new Uint8Array(length) });
          const read = readFrameHeader(frame);
          if (read.type !== 'header') return false;
          const { header } = read;
          for (let n = 0; n < header.headerLength; n++) {
            const partial = readFrameHeader(frame, 0, n);
            if (partial.type !== 'incomplete') return false;
            if (n >= 2 && partial.need !== header.headerLength) return false;
          }
          return (
            header.fin === fin &&
            header.opcode === opcode &&
            header.masked === (mask !== undefined) &&
            header.payloadLength === length &&
            header.headerLength + length === frame.length
          );
        },
      ),
    );
  });
});
