import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import { layoutRows, visibleRange } from './layout';

function marker(seq: number, t: number): WireEvent {
  return { kind: 'marker', seq, t, conn: '-', hop: 'browser-edge', dir: 'up', label: `m${seq}` };
}

describe('layoutRows', () => {
  it('links a held-back fault to the next arrow on its connection, hop and direction', () => {
    const base = { conn: 'c1', hop: 'browser-edge', dir: 'down' } as const;
    const events: WireEvent[] = [
      { ...base, seq: 1, t: 0, kind: 'fault', fault: 'loss', detail: 'lost', delayMs: 200 },
      { ...base, seq: 2, t: 1, kind: 'conn-open', dir: 'up' },
      { ...base, seq: 3, t: 2, kind: 'fault', fault: 'drop', detail: 'dropped' },
      { ...base, seq: 4, t: 200, kind: 'conn-close', how: 'end', by: 'server' },
    ];
    const { rows } = layoutRows(events, { top: 0, minGap: 10 });
    expect(rows[0]?.heldUntilY).toBe(rows[3]?.y);
    expect(rows[2]?.heldUntilY).toBeUndefined();
  });

  it('keeps rows in order with at least the minimum gap', () => {
    const { rows } = layoutRows([marker(1, 0), marker(2, 0), marker(3, 0.1)], {
      top: 10,
      minGap: 20,
    });
    expect(rows.map((r) => r.y)).toEqual([10, 30, expect.closeTo(50, 0)]);
  });

  it('grows the gap linearly with time up to the maximum, then clips and says so', () => {
    const opts = { top: 0, minGap: 10, maxGap: 110, maxGapMs: 100, idleMs: 10_000 };
    const { rows } = layoutRows([marker(1, 0), marker(2, 50), marker(3, 5050)], opts);
    expect(rows[1]?.y).toBe(60);
    expect(rows[2]?.y).toBe(170);
    expect(rows[2]?.clippedGapMs).toBe(5000);
    expect(rows[2]?.idle).toBeUndefined();
    expect(rows[1]?.clippedGapMs).toBeUndefined();
  });

  it('collapses an idle gap to a break: the maximum gap plus room for its label', () => {
    const opts = { top: 0, minGap: 10, maxGap: 110, maxGapMs: 100, idleMs: 1000, breakSpace: 24 };
    const { rows } = layoutRows([marker(1, 0), marker(2, 60_000)], opts);
    expect(rows[1]?.y).toBe(134);
    expect(rows[1]).toMatchObject({ clippedGapMs: 60_000, idle: true });
  });

  it('skips non-final body pieces', () => {
    const piece: WireEvent = {
      kind: 'http-body',
      seq: 2,
      t: 1,
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'down',
      raw: '',
      size: 3,
      final: false,
    };
    expect(layoutRows([marker(1, 0), piece]).rows).toHaveLength(1);
  });
});

describe('visibleRange', () => {
  it('returns the rows between two y values', () => {
    const { rows } = layoutRows(
      [0, 1, 2, 3, 4].map((i) => marker(i + 1, i)),
      { top: 0, minGap: 10 },
    );
    expect(visibleRange(rows, 15, 35)).toEqual([2, 4]);
    expect(visibleRange(rows, -5, 0)).toEqual([0, 1]);
    expect(visibleRange(rows, 100, 200)).toEqual([5, 5]);
  });
});
