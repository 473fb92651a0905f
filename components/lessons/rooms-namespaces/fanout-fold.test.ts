import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { LabScript } from '@/lib/machines/test-lab-script';
import { sioCapture } from '@/lib/machines/test-sio-scripts';
import { fanOutFoldFor, fanOutViewOf, roomsFanOutFold } from './fanout-fold';
import { fanOutOf } from './room-fanout';

/** Simulated clients joining without acks, two broadcasts of the same msg, a reconnect. */
function simulated(): LabScript {
  const s = new LabScript({ bothHops: true });
  const sims = ['s1', 's2', 's3', 's4'];
  s.eioWsOpen('you', 'SidYOUYOUYOUYOUYOUYO');
  s.wait(1).sio('you', 'up', '0').sio('you', 'down', '0{"sid":"io-you"}');
  sims.forEach((conn, i) => {
    s.eioWsOpen(conn, `Sid${conn.toUpperCase()}${'X'.repeat(15)}`);
    s.wait(1).sio(conn, 'up', '0').sio(conn, 'down', `0{"sid":"io-${conn}"}`);
    s.wait(1).sio(conn, 'up', `2["join","${i % 2 === 0 ? 'a' : 'b'}"]`);
  });
  s.wait(1).sio('you', 'up', '21["join","a"]').sio('you', 'down', '31[{"ok":true,"room":"a"}]');
  for (const n of [2, 3]) {
    s.wait(5).sio('you', 'up', `2${n}["room-chat",{"room":"a","msg":"hi"}]`);
    for (const conn of ['you', 's1', 's3']) {
      s.wait(1).sio(conn, 'down', '2["room-chat",{"room":"a","from":"io-you","msg":"hi"}]');
    }
    s.wait(1).sio('you', 'down', `3${n}[{"ok":true,"room":"a","delivered":3}]`);
  }
  s.wait(1).connClose('s1', 'reset', 'edge');
  s.eioWsOpen('s1b', `SidS1B${'Y'.repeat(14)}`);
  s.wait(1).sio('s1b', 'up', '0').sio('s1b', 'down', '0{"sid":"io-s1b"}');
  s.wait(1).sio('s1b', 'up', '2["join","a"]');
  s.wait(5).sio('you', 'up', '24["room-chat",{"room":"a","msg":"again"}]');
  s.wait(1).sio('s1b', 'down', '2["room-chat",{"room":"a","from":"io-you","msg":"again"}]');
  s.wait(1).sio('you', 'up', '25["leave","a"]').sio('you', 'down', '35[{"ok":true}]');
  return s;
}

describe('roomsFanOutFold', () => {
  for (const [name, script] of [
    ['the long Socket.IO capture', sioCapture],
    ['simulated clients', simulated],
  ] as const) {
    it(`equals fanOutOf over the events up to each cursor (${name})`, () => {
      const events = script().events;
      const whole = fanOutOf(events);
      expect(whole.broadcasts.length).toBeGreaterThan(1);
      expect(whole.sockets.length).toBeGreaterThan(2);
      const store = storeOver(events, roomsFanOutFold);
      expect(fanOutViewOf(store.getSnapshot())).toEqual(whole);
      const n = events.length;
      for (const i of [n - 1, n - 5, Math.floor((n * 3) / 4), Math.floor(n / 2), 30, -1]) {
        expect(fanOutViewOf(store.snapshotAt(i))).toEqual(fanOutOf(events.slice(0, i + 1)));
      }
    });
  }

  it('delivered copies are seen on both hops, and the view is the same object per state', () => {
    const store = storeOver(simulated().events, roomsFanOutFold);
    const view = fanOutViewOf(store.getSnapshot());
    expect(fanOutViewOf(store.getSnapshot())).toBe(view);
    const last = view.broadcasts.at(-1);
    expect(last?.members).toEqual(['io-you', 'io-s3', 'io-s1b']);
    expect(last?.deliveries['io-s1b']?.server).toBeLessThan(
      last?.deliveries['io-s1b']?.client ?? 0,
    );
  });

  it('follows another namespace when asked, and keeps the state for events that change nothing', () => {
    const events = sioCapture().events;
    const secure = fanOutFoldFor('/secure');
    const store = storeOver(events, secure);
    expect(fanOutViewOf(store.getSnapshot())).toEqual(fanOutOf(events, '/secure'));
    const s = store.getSnapshot();
    const marker = { ...(events[0] as (typeof events)[number]), kind: 'marker', label: 'x' };
    expect(secure.step(s, marker as (typeof events)[number])).toBe(s);
  });
});
