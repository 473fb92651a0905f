import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { FaultEvent, WireEvent } from '@/lib/mirror/types';
import { COMPACT, layoutRows } from './layout';
import {
  diagramLayoutFold,
  fittedLayout,
  heightOf,
  lastRowAtOrBefore,
  rowIndexOfSeq,
  rowsOf,
  rowWithHeld,
} from './layout-fold';

/** A run with bursts, idle breaks, markers, non-final body pieces and held-back faults. */
function capture(): WireEvent[] {
  const s = new WireScript({ bothHops: true });
  const fault = (conn: string, dir: 'up' | 'down', delayMs?: number): void => {
    s.events.push({
      seq: 0,
      t: s.t,
      conn,
      hop: 'browser-edge',
      dir,
      kind: 'fault',
      fault: delayMs ? 'latency' : 'drop',
      detail: 'held',
      ...(delayMs ? { delayMs } : {}),
    } as FaultEvent);
  };
  s.connOpen('c1', WS_PATH);
  s.wait(3).wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
  for (let i = 0; i < 6; i++) {
    fault('c1', 'down', 120);
    if (i % 2 === 0) fault('c1', 'down', 40); // two held on one key, drawn by one arrow
    s.wait(i * 90).wsText('c1', 'down', `m${i}`);
    fault('c1', 'up');
    s.wait(1).wsText('c1', 'up', `u${i}`);
  }
  fault('c2', 'up', 500); // never drawn: no later arrow on its key
  s.wait(4000).request('c3', 'GET', '/poll');
  s.wait(2).response('c3', 200, 'OK').body('c3', 'down', 'a');
  s.events.push({ ...(s.events.at(-1) as WireEvent), final: false } as WireEvent);
  s.wait(1200).wsClose('c1', 'up', 1000).wsClose('c1', 'down', 1000);
  return s.events.map((e, i) => ({ ...e, seq: i + 1 }));
}

describe('diagramLayoutFold', () => {
  it('equals layoutRows (both spacings, heights, held-until) at the end and at every cursor', () => {
    const events = capture();
    const store = storeOver(events, diagramLayoutFold);
    expect(store.getSnapshot().natural.holds.size).toBeGreaterThan(4);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = store.snapshotAt(i);
      for (const [acc, which, options] of [
        [at.natural, 'natural', {}],
        [at.compact, 'compact', COMPACT],
      ] as const) {
        const want = layoutRows(prefix, options);
        expect(rowsOf(acc).map((r) => rowWithHeld(acc, r))).toEqual(want.rows);
        expect(heightOf(acc, which)).toBe(want.height);
      }
    }
  });

  it('picks the natural spacing while it fits, then the compact one', () => {
    const events = capture();
    const s = storeOver(events, diagramLayoutFold).getSnapshot();
    const natural = heightOf(s.natural, 'natural');
    expect(fittedLayout(s, natural)).toBe(s.natural);
    expect(fittedLayout(s, natural - 1)).toBe(s.compact);
  });

  it('finds rows by seq with binary search', () => {
    const rows = rowsOf(storeOver(capture(), diagramLayoutFold).getSnapshot().natural);
    for (const [i, r] of rows.entries()) {
      expect(rowIndexOfSeq(rows, r.event.seq)).toBe(i);
      expect(lastRowAtOrBefore(rows, r.event.seq)).toBe(i);
    }
    expect(rowIndexOfSeq(rows, 0)).toBe(-1);
    expect(lastRowAtOrBefore(rows, 0)).toBe(-1);
    expect(lastRowAtOrBefore(rows, 1e9)).toBe(rows.length - 1);
  });
});
