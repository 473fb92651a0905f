import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { dissectSioPacket } from './socketio-dissect';

const parts = (text: string) =>
  dissectSioPacket(utf8Encode(text)).spans.map((s) => [s.name, s.offset, s.length, s.value]);

describe('dissectSioPacket: protocol document vectors', () => {
  it('CONNECT to the default namespace: only the type is sent', () => {
    expect(parts('0')).toEqual([
      ['Socket.IO type', 0, 1, '0 CONNECT'],
      ['namespace', 1, 0, '/ (default, not sent)'],
    ]);
  });

  it('EVENT to /admin with an ack id', () => {
    expect(parts('2/admin,456["project:delete",123]')).toEqual([
      ['Socket.IO type', 0, 1, '2 EVENT'],
      ['namespace', 1, 7, '/admin'],
      ['ack id', 8, 3, '456'],
      ['JSON data', 11, 22, '["project:delete",123]'],
    ]);
  });

  it('ACK says it answers the id; BINARY_EVENT counts its attachments', () => {
    const ack = dissectSioPacket(utf8Encode('3/admin,456[]'));
    expect(ack.spans[2]?.meaning).toBe('answers the event with this id');
    expect(parts('51-["hello",{"_placeholder":true,"num":0}]').slice(0, 2)).toEqual([
      ['Socket.IO type', 0, 1, '5 BINARY_EVENT'],
      ['attachments', 1, 2, '1'],
    ]);
  });

  it('DISCONNECT from a namespace without the trailing comma', () => {
    expect(parts('1/admin')).toEqual([
      ['Socket.IO type', 0, 1, '1 DISCONNECT'],
      ['namespace', 1, 6, '/admin'],
    ]);
  });
});

describe('dissectSioPacket: errors come from the decoder', () => {
  it('a bad type digit, a missing attachment count, JSON that does not parse', () => {
    expect(dissectSioPacket(utf8Encode('9')).error).toBe('Socket.IO packet type "9" is not 0-6');
    const noCount = dissectSioPacket(utf8Encode('5["x"]'));
    expect(noCount.error).toBe('BINARY_EVENT has no "<attachments>-" count');
    expect(noCount.spans.map((s) => s.name)).toEqual(['Socket.IO type', 'undecodable rest']);
    expect(dissectSioPacket(utf8Encode('2[oops')).error).toMatch(/EVENT payload is not JSON/);
  });
});
