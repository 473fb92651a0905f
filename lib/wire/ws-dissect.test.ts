import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, utf8Encode } from './bytes';
import { dissectEioPacket } from './engineio-dissect';
import { type Dissection, findSpan, type Span } from './spans';
import { dissectWsFrame } from './ws-dissect';

/** [name, value] of the header's fields, in order. */
const headerFields = (d: Dissection) =>
  (d.spans[0]?.children ?? []).map((s) => [s.name, s.value, s.offset, s.length, s.bits]);

const field = (d: Dissection | undefined, name: string): Span => {
  const span = d ? findSpan(d.spans, name) : undefined;
  if (!span) throw new Error(`no span "${name}"`);
  return span;
};

describe('dissectWsFrame: RFC 6455 §5.7 examples', () => {
  it('a single-frame unmasked text message "Hello": 0x81 0x05 …', () => {
    const d = dissectWsFrame(fromHex('81 05 48 65 6c 6c 6f'));
    expect(d.error).toBeUndefined();
    expect(headerFields(d)).toEqual([
      ['FIN', '1', 0, 1, { offset: 0, width: 1 }],
      ['RSV1', '0', 0, 1, { offset: 1, width: 1 }],
      ['RSV2', '0', 0, 1, { offset: 2, width: 1 }],
      ['RSV3', '0', 0, 1, { offset: 3, width: 1 }],
      ['opcode', '0x1 text', 0, 1, { offset: 4, width: 4 }],
      ['MASK', '0', 1, 1, { offset: 0, width: 1 }],
      ['payload length', '5 bytes (7-bit)', 1, 1, { offset: 1, width: 7 }],
    ]);
    expect(d.spans.map((s) => [s.name, s.offset, s.length, s.value])).toEqual([
      ['header', 0, 2, '2 bytes'],
      ['payload', 2, 5, '5 bytes'],
    ]);
    const payload = d.spans[1]?.derived;
    expect(payload?.title).toBe('Payload');
    expect(field(payload, 'payload text').value).toBe('"Hello"');
  });

  it('a single-frame masked text message "Hello": 0x81 0x85 0x37 0xfa 0x21 0x3d …', () => {
    const d = dissectWsFrame(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    expect(field(d, 'MASK')).toMatchObject({ value: '1', meaning: expect.stringMatching(/§5\.3/) });
    expect(field(d, 'masking key')).toMatchObject({ offset: 2, length: 4, value: '37 fa 21 3d' });
    expect(field(d, 'masked payload')).toMatchObject({ offset: 6, length: 5 });
    expect(field(d, 'header').value).toBe('6 bytes');
    const plain = field(d, 'masked payload').derived;
    expect(plain?.title).toBe('Payload, unmasked');
    expect([...(plain?.bytes ?? [])]).toEqual([...utf8Encode('Hello')]);
    expect(field(plain, 'payload text').value).toBe('"Hello"');
  });

  it('a fragmented unmasked text message: FIN 0 text, then FIN 1 continuation', () => {
    const first = dissectWsFrame(fromHex('01 03 48 65 6c'));
    expect(field(first, 'FIN')).toMatchObject({
      value: '0',
      meaning: expect.stringMatching(/more/),
    });
    const last = dissectWsFrame(fromHex('80 02 6c 6f'));
    expect(field(last, 'opcode').value).toBe('0x0 continuation');
    expect(field(last, 'FIN').value).toBe('1');
  });

  it('an unmasked ping and a masked pong carrying "Hello"', () => {
    const ping = dissectWsFrame(fromHex('89 05 48 65 6c 6c 6f'));
    expect(field(ping, 'opcode')).toMatchObject({
      value: '0x9 ping',
      meaning: expect.stringMatching(/§5\.5\.2/),
    });
    const pong = dissectWsFrame(fromHex('8a 85 37 fa 21 3d 7f 9f 4d 51 58'));
    expect(field(pong, 'opcode').value).toBe('0xa pong');
    expect(field(field(pong, 'masked payload').derived, 'payload text').value).toBe('"Hello"');
  });

  it('256 bytes of binary data in a single unmasked frame: 0x82 0x7E 0x0100', () => {
    const d = dissectWsFrame(concatBytes([fromHex('82 7e 01 00'), new Uint8Array(256)]));
    expect(field(d, 'payload length').value).toBe('126: 16-bit length follows');
    expect(field(d, 'extended payload length (16-bit)')).toMatchObject({
      offset: 2,
      length: 2,
      value: '256 bytes',
    });
    expect(field(d, 'payload')).toMatchObject({ offset: 4, length: 256 });
    expect(field(field(d, 'payload').derived, 'payload bytes').value).toBe('256 bytes');
  });

  it('64 KiB of binary data in a single unmasked frame: 0x82 0x7F 0x0000000000010000', () => {
    const d = dissectWsFrame(
      concatBytes([fromHex('82 7f 00 00 00 00 00 01 00 00'), new Uint8Array(65536)]),
    );
    expect(field(d, 'payload length').value).toBe('127: 64-bit length follows');
    expect(field(d, 'extended payload length (64-bit)')).toMatchObject({
      offset: 2,
      length: 8,
      value: '65536 bytes',
    });
    expect(field(d, 'header').value).toBe('10 bytes');
  });
});

describe('dissectWsFrame: payloads', () => {
  it('reads a close frame code and reason with their meaning', () => {
    const d = dissectWsFrame(fromHex('88 05 03 e8 62 79 65'));
    const payload = field(d, 'payload').derived;
    expect(field(payload, 'close code')).toMatchObject({
      value: '1000',
      meaning: 'normal closure (RFC 6455 §7.4.1)',
    });
    expect(field(payload, 'close reason').value).toBe('"bye"');
  });

  it('says a 1-byte close payload cannot hold a code', () => {
    const d = dissectWsFrame(fromHex('88 01 03'));
    expect(field(field(d, 'payload').derived, 'close code').problem).toMatch(/2 bytes/);
  });

  it('calls an RSV1 data frame compressed instead of reading DEFLATE bytes as text', () => {
    const d = dissectWsFrame(fromHex('c1 07 f2 48 cd c9 c9 07 00'));
    expect(field(d, 'RSV1').meaning).toMatch(/permessage-deflate/);
    expect(field(field(d, 'payload').derived, 'compressed payload').value).toBe(
      '7 bytes of DEFLATE data',
    );
  });

  it('hands a data payload to the protocol it carries (Engine.IO + Socket.IO)', () => {
    const payload = utf8Encode('420["chat",{"msg":"hello"}]');
    const d = dissectWsFrame(concatBytes([Uint8Array.of(0x81, payload.length), payload]), {
      payload: (plain) => dissectEioPacket(plain),
    });
    const inner = field(d, 'payload').derived;
    expect(inner?.title).toBe('Payload');
    expect(field(inner, 'Engine.IO type').value).toBe('4 message');
    expect(field(inner, 'Socket.IO type').value).toBe('2 EVENT');
    expect(field(inner, 'ack id')).toMatchObject({ value: '0', offset: 2, length: 1 });
    expect(field(inner, 'JSON data').value).toBe('["chat",{"msg":"hello"}]');
  });
});

describe('dissectWsFrame: broken frames are spans with problems, never throws', () => {
  it('reports a truncated header, extended length, masking key and payload', () => {
    expect(dissectWsFrame(fromHex('81')).error).toMatch(/fewer than 2 bytes/);
    expect(dissectWsFrame(fromHex('82 7e 01')).error).toBe('truncated extended length');
    expect(dissectWsFrame(fromHex('81 85 37 fa')).error).toBe('truncated masking key');
    const short = dissectWsFrame(fromHex('81 05 48 65'));
    expect(short.error).toMatch(/2 of 5/);
    expect(field(short, 'payload').problem).toMatch(/2 of 5/);
  });

  it('reports a 64-bit length with the top bit set, and bytes after the frame', () => {
    const bad = dissectWsFrame(fromHex('82 7f 80 00 00 00 00 00 00 01 aa'));
    expect(bad.error).toMatch(/most significant bit/);
    expect(bad.spans.map((s) => [s.name, s.length])).toEqual([
      ['header', 10],
      ['rest', 1],
    ]);
    const extra = dissectWsFrame(fromHex('81 01 41 99 99'));
    expect(extra.error).toBe('2 bytes after the end of the frame');
  });
});
