import { describe, expect, it } from 'vitest';
import { sioPacket } from '@/lib/machines/test-packets';
import { segmentSioPacket } from './emit-trace';

const parts = (encoded: string) =>
  segmentSioPacket(sioPacket(encoded)).map((s) => [s.layer, s.text]);

describe('segmentSioPacket', () => {
  it('splits an event with an ack id into type, id, name and data', () => {
    expect(parts('20["chat",{"msg":"hello"}]')).toEqual([
      ['sio-type', '2'],
      ['sio-id', '0'],
      ['sio-name', '["chat",'],
      ['data', '{"msg":"hello"}'],
      ['sio-punct', ']'],
    ]);
  });

  it('names the namespace and the binary placeholder', () => {
    expect(parts('51-/admin,3["chat",{"_placeholder":true,"num":0}]')).toEqual([
      ['sio-type', '5'],
      ['sio-attachments', '1-'],
      ['sio-nsp', '/admin,'],
      ['sio-id', '3'],
      ['sio-name', '["chat",'],
      ['placeholder', '{"_placeholder":true,"num":0}'],
      ['sio-punct', ']'],
    ]);
  });

  it('treats every ack argument as data', () => {
    expect(parts('30[{"ok":true}]')).toEqual([
      ['sio-type', '3'],
      ['sio-id', '0'],
      ['sio-punct', '['],
      ['data', '{"ok":true}'],
      ['sio-punct', ']'],
    ]);
  });

  it('keeps a CONNECT without payload as its type digit only', () => {
    expect(parts('0')).toEqual([['sio-type', '0']]);
  });
});
