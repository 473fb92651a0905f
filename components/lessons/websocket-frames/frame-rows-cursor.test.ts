import { describe, expect, it } from 'vitest';
import { itemsOf } from '@/lib/live/append-list';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import { frameRowsFold, frameRowsOf, frameTotals } from './frame-rows';

function script() {
  const s = new WireScript({ bothHops: true });
  for (const conn of ['c1', 'c2']) {
    const r = s.wait(2).wsUpgradeRequest(conn, WS_PATH);
    s.wait(2).wsAccept(conn, r);
    s.wait(2).wsText(conn, 'up', 'hello frames').wsText(conn, 'down', 'hello frames');
    s.wait(2).wsText(conn, 'down', 'x'.repeat(300)).wsBinary(conn, 'up', new Uint8Array(70_000));
    s.wait(2).wsPing(conn, 'down').wsPong(conn, 'up');
  }
  s.wait(2).wsClose('c1', 'up', 1000, 'done').wsClose('c1', 'down', 1000, 'done');
  return s.events;
}

describe('frameRowsFold', () => {
  it('equals frameRowsOf and frameTotals over the log, at the end and at every cursor', () => {
    const events = script();
    const store = storeOver(events, frameRowsFold);
    const end = store.getSnapshot();
    expect(end.rows.size).toBeGreaterThan(8);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = i === events.length - 1 ? end : store.snapshotAt(i);
      const rows = frameRowsOf(prefix, at.conns);
      expect(itemsOf(at.rows)).toEqual(rows);
      expect(at.totals).toEqual(frameTotals(rows));
    }
  });

  it('equals the live rows cut at the cursor seq (what the panel filtered before)', () => {
    const events = script();
    const store = storeOver(events, frameRowsFold);
    const all = itemsOf(store.getSnapshot().rows);
    for (let i = 0; i < events.length; i++) {
      const cursorSeq = events[i]?.seq ?? 0;
      expect(itemsOf(store.snapshotAt(i).rows)).toEqual(all.filter((r) => r.seq <= cursorSeq));
    }
  });
});
