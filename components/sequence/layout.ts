/**
 * Vertical layout of the sequence diagram: one row per drawn event, in log order, placed by its real
 * time. The gap between two rows is `gapScale(Δt)`: linear in the time between them, clamped so that
 * bursts stay readable (a minimum row height) and idle stretches do not push everything off screen
 * (a maximum, with the clipped time written on the break). Gaps of at least `idleMs` are idle breaks:
 * collapsed the same way, with room for a "… 4.2 s idle …" rule across the lanes.
 */
import { scaleLinear } from 'd3-scale';
import type { WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from './event-label';

export interface Row {
  event: WireEvent;
  y: number;
  /** Time since the previous drawn row, when it was longer than the scale shows (clipped). */
  clippedGapMs?: number;
  /** The clipped gap was long enough to be drawn as an idle break (extra room above the row). */
  idle?: boolean;
  /**
   * Faults that held bytes back (a stall, a delay): the y of the next arrow on the same connection,
   * hop and direction, i.e. where the held bytes were finally drawn.
   */
  heldUntilY?: number;
}

export interface RowsLayout {
  rows: Row[];
  height: number;
}

export interface LayoutOptions {
  top?: number;
  bottom?: number;
  minGap?: number;
  maxGap?: number;
  /** Δt (ms) that gets `maxGap` pixels; longer gaps are clipped. */
  maxGapMs?: number;
  /** Gaps at least this long (ms) are idle breaks. */
  idleMs?: number;
  /** Extra pixels above a row after an idle break. */
  breakSpace?: number;
}

/** Spacing that fits a long run in less height: rows as close as 12 px labels allow. */
export const COMPACT: LayoutOptions = { minGap: 20, maxGap: 30, breakSpace: 20 };

export function layoutRows(events: readonly WireEvent[], options: LayoutOptions = {}): RowsLayout {
  const top = options.top ?? 24;
  const bottom = options.bottom ?? 24;
  const minGap = options.minGap ?? 24;
  const maxGap = options.maxGap ?? 60;
  const maxGapMs = options.maxGapMs ?? 250;
  const idleMs = options.idleMs ?? 1000;
  const breakSpace = options.breakSpace ?? 24;
  const gapScale = scaleLinear().domain([0, maxGapMs]).range([minGap, maxGap]).clamp(true);
  const rows: Row[] = [];
  let y = top;
  let prevT: number | undefined;
  /** Held-back faults waiting for the next arrow on their connection, hop and direction. */
  const holding = new Map<string, Row[]>();
  for (const event of events) {
    if (!isDiagramEvent(event)) continue;
    let row: Row;
    if (prevT === undefined) {
      row = { event, y };
    } else {
      const dt = Math.max(0, event.t - prevT);
      const idle = dt >= idleMs;
      y += gapScale(dt) + (idle ? breakSpace : 0);
      row =
        dt > maxGapMs ? { event, y, clippedGapMs: dt, ...(idle ? { idle } : {}) } : { event, y };
    }
    rows.push(row);
    prevT = event.t;
    if (event.kind === 'marker') continue;
    const key = `${event.conn}|${event.hop}|${event.dir}`;
    if (event.kind === 'fault') {
      if (event.delayMs !== undefined && event.delayMs > 0) {
        const list = holding.get(key);
        if (list) list.push(row);
        else holding.set(key, [row]);
      }
      continue;
    }
    const held = holding.get(key);
    if (held) {
      for (const r of held) r.heldUntilY = row.y;
      holding.delete(key);
    }
  }
  return { rows, height: y + bottom };
}

/** Index range [start, end) of rows whose y lies within [from, to]; rows are sorted by y. */
export function visibleRange(rows: readonly Row[], from: number, to: number): [number, number] {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Row).y < from) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Row).y <= to) lo = mid + 1;
    else hi = mid;
  }
  return [start, lo];
}
