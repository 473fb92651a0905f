import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import {
  FilteredFrames,
  type FrameFilter,
  filterFromKey,
  filterKey,
  NO_FILTER,
  payloadTextOf,
  rowMatcher,
} from './frame-filter';
import { type FrameRow, frameIndexOf, frameRowOf, isFrameLike, RowStore } from './frame-index';
import { sampleTraffic, trafficOf, trafficOp } from './frame-traffic.test-helpers';

const rows = () => frameIndexOf(sampleTraffic()).rows;
const only = (f: Partial<FrameFilter>, textOf?: (r: FrameRow) => string | undefined) =>
  rows().filter(rowMatcher({ ...NO_FILTER, ...f }, textOf));

describe('rowMatcher', () => {
  it('matches everything with no filter', () => {
    expect(only({})).toEqual(rows());
  });

  it('hides WebSocket pings and pongs and Engine.IO heartbeats, not closes', () => {
    const shown = only({ hidePingPong: true });
    expect(shown.length).toBeLessThan(rows().length);
    expect(shown.some((r) => r.summary === 'ping' || r.summary === 'pong')).toBe(false);
    expect(shown.some((r) => r.summary === 'text 2' || r.summary === 'text 3')).toBe(false);
    expect(shown.some((r) => r.summary === 'close')).toBe(true);
  });

  it('hides control frames: close, ping, pong and Engine.IO heartbeats', () => {
    const shown = only({ hideControl: true }).map((r) => r.summary);
    for (const hidden of ['close', 'ping', 'pong', 'text 2', 'text 3']) {
      expect(shown).not.toContain(hidden);
    }
    expect(shown).toContain('text message 1');
    expect(shown.some((s) => s.startsWith('text 42['))).toBe(true);
  });

  it('keeps one connection, hop, direction or kind', () => {
    expect(only({ conn: 'c2' }).every((r) => r.conn === 'c2')).toBe(true);
    expect(only({ conn: 'c2' }).length).toBeGreaterThan(0);
    expect(only({ hop: 'edge-node' }).every((r) => r.hop === 'edge-node')).toBe(true);
    expect(only({ dir: 'down' }).every((r) => r.dir === 'down')).toBe(true);
    expect(new Set(only({ kind: 'http' }).map((r) => r.kind))).toEqual(
      new Set(['http-request', 'http-response', 'http-body']),
    );
    expect(only({ kind: 'fault' }).map((r) => r.kind)).toEqual(['fault', 'fault']);
    expect(only({ kind: 'error' }).map((r) => r.kind)).toEqual([
      'protocol-error',
      'protocol-error',
    ]);
    expect(new Set(only({ kind: 'tcp' }).map((r) => r.kind))).toEqual(
      new Set(['conn-open', 'conn-close']),
    );
  });

  it('finds text in the summary, case-insensitively, and in the payload when given a lookup', () => {
    expect(only({ text: 'MESSAGE 3' }).map((r) => r.summary)).toEqual([
      'text message 3',
      'text message 3',
    ]);
    // The summary shows 40 characters; the needle is further in.
    expect(only({ text: 'long text...' })).toEqual([]);
    const events = new Map<number, WireEvent>(sampleTraffic().map((e) => [e.seq, e]));
    const textOf = (r: FrameRow) => {
      const e = events.get(r.seq);
      return e ? payloadTextOf(e) : undefined;
    };
    expect(only({ text: 'long text...' }, textOf)).toHaveLength(2);
    // Regular expression characters are plain text.
    expect(only({ text: '.*' }, textOf)).toEqual([]);
  });

  it('combines filters', () => {
    const shown = only({ conn: 'c1', dir: 'up', hop: 'browser-edge', hideControl: true });
    expect(shown.length).toBeGreaterThan(0);
    for (const r of shown) {
      expect([r.conn, r.dir, r.hop]).toEqual(['c1', 'up', 'browser-edge']);
      expect(r.summary).not.toMatch(/^(ping|pong|close)$/);
    }
  });

  it('has a key that changes with any field, and gives the filter back', () => {
    const filters: FrameFilter[] = [
      NO_FILTER,
      { ...NO_FILTER, hidePingPong: true },
      { ...NO_FILTER, hideControl: true },
      { ...NO_FILTER, conn: 'c1' },
      { ...NO_FILTER, hop: 'edge-node' as const },
      { ...NO_FILTER, dir: 'up' as const },
      { ...NO_FILTER, kind: 'ws' as const },
      { ...NO_FILTER, text: 'x' },
    ];
    expect(new Set(filters.map(filterKey)).size).toBe(8);
    for (const f of filters) expect(filterFromKey(filterKey(f))).toEqual(f);
  });
});

const filterArb: fc.Arbitrary<FrameFilter> = fc.record({
  hidePingPong: fc.boolean(),
  hideControl: fc.boolean(),
  conn: fc.constantFrom(null, 'c1', 'c2'),
  hop: fc.constantFrom(null, 'browser-edge' as const, 'edge-node' as const),
  dir: fc.constantFrom(null, 'up' as const, 'down' as const),
  kind: fc.constantFrom(null, 'ws' as const, 'http' as const),
  text: fc.constantFrom('', 'hello', 'X'),
});

describe('FilteredFrames', () => {
  it('equals filtering the kept rows, batch after batch, testing each new row once', () => {
    fc.assert(
      fc.property(
        fc.array(trafficOp, { maxLength: 40 }),
        filterArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 15 }),
        (ops, filter, cap, chunk, batch) => {
          const store = new RowStore({ cap, chunk });
          const match = rowMatcher(filter);
          const view = new FilteredFrames(store, match);
          const events = trafficOf(ops).filter(isFrameLike);
          for (let i = 0; i < events.length; i += batch) {
            const before = view.examined;
            let added = 0;
            for (const e of events.slice(i, i + batch)) {
              store.push(frameRowOf(e));
              added++;
            }
            view.sync();
            // At most the new rows are tested (fewer if some were already let go).
            expect(view.examined - before).toBeLessThanOrEqual(added);
            const kept: FrameRow[] = [];
            for (let k = store.start; k < store.end; k++) kept.push(store.rowAt(k) as FrameRow);
            const expected = kept.filter(match);
            const got = Array.from({ length: view.size }, (_, k) => view.row(k));
            expect(got).toEqual(expected);
          }
          expect(view.examined).toBeLessThanOrEqual(events.length);
        },
      ),
    );
  });

  it('a new filter scans the kept rows once', () => {
    const store = new RowStore();
    for (const e of sampleTraffic().filter(isFrameLike)) store.push(frameRowOf(e));
    const view = new FilteredFrames(store, rowMatcher({ ...NO_FILTER, hidePingPong: true }));
    expect(view.examined).toBe(store.end);
    view.sync();
    expect(view.examined).toBe(store.end);
  });

  it('counts matches below a row index and finds a seq', () => {
    const store = new RowStore();
    for (const e of sampleTraffic().filter(isFrameLike)) store.push(frameRowOf(e));
    const view = new FilteredFrames(store, rowMatcher({ ...NO_FILTER, dir: 'up' }));
    const ups: number[] = [];
    for (let k = 0; k < store.end; k++) if (store.rowAt(k)?.dir === 'up') ups.push(k);
    expect(view.size).toBe(ups.length);
    for (let n = 0; n <= store.end; n++) {
      expect(view.countBelow(n)).toBe(ups.filter((k) => k < n).length);
    }
    const third = view.row(3) as FrameRow;
    expect(view.lowerBoundSeq(third.seq)).toBe(3);
    expect(view.lowerBoundSeq(third.seq + 0.5)).toBe(4);
    expect(view.lowerBoundSeq(Number.POSITIVE_INFINITY)).toBe(view.size);
    expect(view.lowerBoundSeq(0)).toBe(0);
  });

  it('keeps growing past its first buffer and forgets the rows the store lets go', () => {
    const store = new RowStore({ cap: 3000, chunk: 500 });
    const view = new FilteredFrames(store, () => true);
    const events = trafficOf(
      Array.from({ length: 5000 }, () => ({ op: 'text' as const, conn: 1, up: true, text: 'a' })),
      false,
    ).filter(isFrameLike);
    for (const e of events) {
      store.push(frameRowOf(e));
      if (e.seq % 97 === 0) view.sync();
    }
    view.sync();
    expect(view.size).toBe(store.end - store.start);
    expect(view.row(0)?.seq).toBe(store.rowAt(store.start)?.seq);
    expect(view.row(view.size - 1)?.seq).toBe(events.at(-1)?.seq);
    expect(view.added).toBe(5000);
  });
});
