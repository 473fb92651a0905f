import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { LabScript } from '@/lib/machines/test-lab-script';
import { sioCapture } from '@/lib/machines/test-sio-scripts';
import { authRowsOf } from './auth-events';
import { authRowsFold, authRowsWith } from './auth-fold';

const owners = { 'tok-learner-1234': 'learner', 'tok-colleague-99': 'colleague' };

describe('authRowsFold', () => {
  const events = sioCapture().events;
  const cursors = [events.length - 1, 170, 150, 130, 40, -1];

  it('uses a capture that tells the whole /secure story, on two sessions', () => {
    const rows = authRowsOf(events, owners);
    expect(rows.length).toBeGreaterThan(12);
    expect(new Set(rows.map((r) => r.session)).size).toBe(2);
    expect(new Set(rows.map((r) => r.user))).toEqual(new Set(['learner', 'colleague', undefined]));
    expect(rows.some((r) => r.text.includes('lingered'))).toBe(true);
  });

  it('equals authRowsOf over the events up to each cursor, with and without owners', () => {
    const store = storeOver(events, authRowsFold);
    expect(authRowsWith(store.getSnapshot(), owners)).toEqual(authRowsOf(events, owners));
    for (const i of cursors) {
      const upTo = events.slice(0, i + 1);
      expect(authRowsWith(store.snapshotAt(i), owners)).toEqual(authRowsOf(upTo, owners));
      expect(authRowsWith(store.snapshotAt(i), {})).toEqual(authRowsOf(upTo));
    }
  });

  it('equals authRowsOf when two /secure sockets share the capture (you and a colleague)', () => {
    const s = new LabScript();
    s.eioWsOpen('me', 'SidMEMEMEMEMEMEMEMEM');
    s.eioWsOpen('co', 'SidCOCOCOCOCOCOCOCOC');
    s.wait(1).sio('me', 'up', '0/secure,{"token":"tok-learner-1234"}');
    s.wait(1).sio('co', 'up', '0/secure,{"token":"tok-colleague-99"}');
    s.wait(1).sio('co', 'down', '0/secure,{"sid":"C1"}');
    s.wait(1).sio('me', 'down', '0/secure,{"sid":"M1"}');
    s.wait(1).sio('me', 'down', '2/secure,["revoked",{"user":"learner"}]');
    s.wait(1).sio('co', 'up', '2/secure,["room-chat",{"room":"ops","msg":"x"}]');
    s.wait(1).sio('me', 'down', '2/secure,["room-chat",{"room":"ops","msg":"x"}]');
    s.wait(1).sio('co', 'down', '2/secure,["room-chat",{"room":"ops","msg":"x"}]');
    const store = storeOver(s.events, authRowsFold, 2);
    for (const i of [s.events.length - 1, 12, 9, 5]) {
      const rows = authRowsWith(store.snapshotAt(i), owners);
      expect(rows).toEqual(authRowsOf(s.events.slice(0, i + 1), owners));
    }
    expect(authRowsWith(store.getSnapshot(), owners).filter((r) => r.tone === 'bad')).toHaveLength(
      2,
    );
  });

  it('keeps the same state for an event of another namespace', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0/admin,{"token":"t"}');
    const before = storeOver(s.events, authRowsFold).getSnapshot();
    s.sio('c1', 'down', '4/admin,{"message":"not authorized"}');
    expect(authRowsFold.step(before, s.events.at(-1) as (typeof s.events)[number])).toBe(before);
  });
});
