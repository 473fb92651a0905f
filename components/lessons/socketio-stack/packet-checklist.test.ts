import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import { checklistOf } from './packet-checklist';

describe('checklistOf', () => {
  it('keeps the first real example of each packet type, both layers', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.wait(1).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"abc"}');
    s.wait(1).sio('c1', 'up', '21["chat",{"msg":"hello"}]');
    s.wait(1).sio('c1', 'down', '31[{"ok":true}]');
    s.wait(1).sio('c1', 'up', '0/admin,').sio('c1', 'down', '4/admin,{"message":"not authorized"}');
    const list = checklistOf(s.events);
    expect(list.eio.open?.wire).toMatch(/^0\{"sid"/);
    expect(list.eio.message?.wire).toBe('40');
    expect(list.sio.EVENT).toMatchObject({ dir: 'up', wire: '21["chat",{"msg":"hello"}]' });
    expect(list.sio.ACK?.wire).toBe('31[{"ok":true}]');
    expect(list.sio.CONNECT_ERROR?.wire).toBe('4/admin,{"message":"not authorized"}');
    expect(list.sio.BINARY_EVENT).toBeUndefined();
    expect(list.eio.upgrade).toBeUndefined();
  });
});
