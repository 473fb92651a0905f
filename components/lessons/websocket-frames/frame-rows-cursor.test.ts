import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import { frameRowsFold } from './frame-rows';

describe('frameRowsFold at the cursor', () => {
  it('equals the live rows cut at the cursor seq (what the panel filtered before)', () => {
    const s = new WireScript({ bothHops: true });
    for (const conn of ['c1', 'c2']) {
      const r = s.wait(2).wsUpgradeRequest(conn, WS_PATH);
      s.wait(2).wsAccept(conn, r);
      s.wait(2).wsText(conn, 'up', 'hello frames').wsText(conn, 'down', 'hello frames');
      s.wait(2).wsPing(conn, 'down').wsPong(conn, 'up');
    }
    s.wait(2).wsClose('c1', 'up', 1000, 'done').wsClose('c1', 'down', 1000, 'done');
    const events = s.events;
    const store = storeOver(events, frameRowsFold);
    const all = store.getSnapshot().rows;
    expect(all.length).toBeGreaterThan(8);
    for (let i = 0; i < events.length; i++) {
      const cursorSeq = events[i]?.seq ?? 0;
      expect(store.snapshotAt(i).rows).toEqual(all.filter((r) => r.seq <= cursorSeq));
    }
  });
});
