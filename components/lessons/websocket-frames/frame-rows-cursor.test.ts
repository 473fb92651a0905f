import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import { frameRowsOf, frameTotals, frameTotalsFold } from './frame-rows';

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

describe('frameTotalsFold', () => {
  it('equals frameTotals of frameRowsOf over the log, at the end and at every cursor', () => {
    const events = script();
    const store = storeOver(events, frameTotalsFold);
    const end = store.getSnapshot();
    expect(end.totals.frames).toBeGreaterThan(8);
    expect([...end.conns]).toEqual(['c1', 'c2']);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = i === events.length - 1 ? end : store.snapshotAt(i);
      expect(at.totals).toEqual(frameTotals(frameRowsOf(prefix, at.conns)));
    }
  });
});
