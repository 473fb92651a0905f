import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { dissectEioBinary, dissectEioPacket, dissectEioPayload } from './engineio-dissect';
import { type Dissection, findSpan, type Span } from './spans';

const field = (d: Dissection | undefined, name: string): Span => {
  const span = d ? findSpan(d.spans, name) : undefined;
  if (!span) throw new Error(`no span "${name}"`);
  return span;
};
const eio = (text: string, sio?: boolean) =>
  dissectEioPacket(utf8Encode(text), sio === undefined ? {} : { sio });

describe('dissectEioPacket', () => {
  it('reads the open handshake and says what it sets', () => {
    const d = eio(
      '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
    );
    expect(field(d, 'Engine.IO type')).toMatchObject({ offset: 0, length: 1, value: '0 open' });
    expect(field(d, 'handshake JSON').meaning).toBe(
      'session lv_VI97HAXpY6yYWAAAC; upgrades [websocket]; ping every 25000 ms, timeout 20000 ms; max payload 1000000 bytes',
    );
  });

  it('reads a ping probe as data, and says what the probe is for', () => {
    const d = eio('2probe');
    expect(field(d, 'Engine.IO type').value).toBe('2 ping');
    expect(field(d, 'data')).toMatchObject({ offset: 1, length: 5, value: 'probe' });
    expect(field(d, 'data').meaning).toMatch(/probes the new transport/);
  });

  it('reads a message that is not Socket.IO as message data', () => {
    const d = eio('4hello');
    expect(field(d, 'message data').value).toBe('hello');
    expect(findSpan(d.spans, 'Socket.IO packet')).toBeUndefined();
  });

  it('reads the Socket.IO layers with byte offsets past multi-byte text', () => {
    const d = eio('451-/admin,3["é",{"_placeholder":true,"num":0}]');
    expect(
      field(d, 'Socket.IO packet').children?.map((s) => [s.name, s.offset, s.length, s.value]),
    ).toEqual([
      ['Socket.IO type', 1, 1, '5 BINARY_EVENT'],
      ['attachments', 2, 2, '1'],
      ['namespace', 4, 7, '/admin'],
      ['ack id', 11, 1, '3'],
      ['JSON data', 12, 36, '["é",{"_placeholder":true,"num":0}]'],
    ]);
  });

  it('shows the default namespace as an implied zero-length field', () => {
    expect(field(eio('40'), 'namespace')).toMatchObject({
      offset: 2,
      length: 0,
      value: '/ (default, not sent)',
    });
  });

  it('decodes a base64 binary packet into derived bytes', () => {
    const d = eio('bAQIDBA==');
    expect(field(d, 'Engine.IO binary marker').value).toBe('b');
    const data = field(d, 'base64 data');
    expect(data).toMatchObject({ offset: 1, length: 8, value: '8 characters, 4 bytes' });
    expect([...(data.derived?.bytes ?? [])]).toEqual([1, 2, 3, 4]);
  });

  it('reports an unknown type and a Socket.IO packet that does not decode, with sio forced', () => {
    expect(eio('9x').error).toMatch(/unknown Engine.IO packet type "9"/);
    const bad = eio('42["connect"]', true);
    expect(bad.error).toBe('"connect" is a reserved event name');
    expect(field(bad, 'JSON data').problem).toBe('"connect" is a reserved event name');
    expect(findSpan(eio('42["connect"]').spans, 'Socket.IO packet')).toBeUndefined();
  });
});

describe('dissectEioPayload', () => {
  it('splits a polling payload at the record separator, with byte offsets', () => {
    const d = dissectEioPayload(utf8Encode('40\x1e6\x1e4é'));
    expect(d.spans.map((s) => [s.name, s.offset, s.length])).toEqual([
      ['packet 1', 0, 2],
      ['record separator', 2, 1],
      ['packet 2', 3, 1],
      ['record separator', 4, 1],
      ['packet 3', 5, 3],
    ]);
    expect(d.spans[2]?.children?.[0]).toMatchObject({ offset: 3, value: '6 noop' });
    expect(field(d, 'record separator').value).toBe('0x1e');
  });

  it('names the packet that does not decode', () => {
    expect(dissectEioPayload(utf8Encode('2\x1e\x1e3')).error).toBe(
      'packet 2: empty Engine.IO packet (no type digit)',
    );
  });
});

describe('dissectEioBinary', () => {
  it('says which Socket.IO attachment a binary message is', () => {
    const d = dissectEioBinary(Uint8Array.of(1, 2), { index: 0, total: 2 });
    expect(d.spans[0]?.meaning).toMatch(/attachment 1 of 2/);
  });
});
