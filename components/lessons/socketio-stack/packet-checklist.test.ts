import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import { checklistOf } from './packet-checklist';

describe('checklistOf', () => {
  it('keeps the first real example of each packet type, both layers', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.wait(1).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"abc"}');
    s.wait(1).sio('c1', 'up', '20["chat",{"msg":"hello"}]');
    s.wait(1).sio('c1', 'down', '30[{"ok":true}]');
    s.wait(1).sio('c1', 'up', '0/admin,').sio('c1', 'down', '4/admin,{"message":"not authorized"}');
    const list = checklistOf(s.events);
    expect(list.eio.open?.wire).toMatch(/^0\{"sid"/);
    expect(list.eio.message?.wire).toBe('40');
    expect(list.sio.EVENT).toMatchObject({ dir: 'up', wire: '20["chat",{"msg":"hello"}]' });
    expect(list.sio.ACK?.wire).toBe('30[{"ok":true}]');
    expect(list.sio.CONNECT_ERROR?.wire).toBe('4/admin,{"message":"not authorized"}');
    expect(list.sio.BINARY_EVENT).toBeUndefined();
    expect(list.eio.upgrade).toBeUndefined();
  });

  it('shows a 5-byte attachment as 5 B, not the 6 B of floor(base64 length * 3 / 4)', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.wait(1).sioBinary('c1', 'up', '51-0["file",{"_placeholder":true,"num":0}]', [
      new Uint8Array([1, 2, 3, 4, 5]),
    ]);
    expect(checklistOf(s.events).attachment?.wire).toBe('<binary 5 B>');
  });
});
