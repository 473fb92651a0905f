import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import { joinThreeRooms } from '@/lib/machines/test-sio-scripts';
import { fanOutOf } from './room-fanout';

/** A and B join room a (A with an ack, B without), C joins b; A broadcasts to a; then A leaves. */
function script(): LabScript {
  const s = new LabScript({ bothHops: true });
  joinThreeRooms(s);
  s.wait(5).sio('ca', 'up', '22["room-chat",{"room":"a","msg":"m1"}]');
  s.wait(1).sio('ca', 'down', '2["room-chat",{"room":"a","from":"io-ca","msg":"m1"}]');
  s.wait(1).sio('cb', 'down', '2["room-chat",{"room":"a","from":"io-ca","msg":"m1"}]');
  s.wait(5).sio('ca', 'up', '23["leave","a"]');
  s.wait(1).sio('ca', 'down', '33[{"ok":true,"room":"a"}]');
  s.wait(5).sio('ca', 'up', '24["room-chat",{"room":"a","msg":"m2"}]');
  s.wait(1).sio('cb', 'down', '2["room-chat",{"room":"a","from":"io-ca","msg":"m2"}]');
  return s;
}

describe('fanOutOf', () => {
  const view = fanOutOf(script().events);

  it('lists every connection on the namespace with the rooms its joins asked for', () => {
    expect(view.sockets.map((s) => [s.sid, s.rooms])).toEqual([
      ['io-ca', []],
      ['io-cb', ['a']],
      ['io-cc', ['b']],
    ]);
  });

  it('marks the members at broadcast time and the hops each delivery was seen on', () => {
    const [first, second] = view.broadcasts;
    expect(first?.members).toEqual(['io-ca', 'io-cb']);
    expect(Object.keys(first?.deliveries ?? {}).sort()).toEqual(['io-ca', 'io-cb']);
    const b = first?.deliveries['io-cb'];
    expect(b?.server).toBeLessThan(b?.client ?? 0);
    expect(second?.members).toEqual(['io-cb']);
    expect(Object.keys(second?.deliveries ?? {})).toEqual(['io-cb']);
  });
});
