/**
 * The sequence diagram's layout (layoutRows) as one incremental fold (lib/live/fold-store): each
 * event is placed once, when it is folded, at both spacings (natural and COMPACT; the diagram picks
 * by height). Rows live in an AppendList; the one thing layoutRows writes back into an earlier row,
 * the y where a held-back fault's bytes were finally drawn, is kept beside them (`holds`), so no
 * row ever changes once appended and past states stay valid. Pure, no React.
 */
import { scaleLinear } from 'd3-scale';
import { type AppendList, append, emptyList, itemAt, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from './event-label';
import { COMPACT, type LayoutOptions, type Row } from './layout';

interface Spacing {
  top: number;
  bottom: number;
  maxGapMs: number;
  idleMs: number;
  breakSpace: number;
  gapScale: (dt: number) => number;
}

function spacingOf(options: LayoutOptions): Spacing {
  const minGap = options.minGap ?? 24;
  const maxGap = options.maxGap ?? 60;
  const maxGapMs = options.maxGapMs ?? 250;
  return {
    top: options.top ?? 24,
    bottom: options.bottom ?? 24,
    maxGapMs,
    idleMs: options.idleMs ?? 1000,
    breakSpace: options.breakSpace ?? 24,
    gapScale: scaleLinear().domain([0, maxGapMs]).range([minGap, maxGap]).clamp(true),
  };
}

/** One spacing's layout so far. */
export interface LayoutAcc {
  /** Rows in log order, without heldUntilY (see heldUntilYOf). */
  rows: AppendList<Row>;
  /** y of the last row (top before any). */
  y: number;
  prevT?: number;
  /** Held-back faults (their seqs) waiting for the next arrow on their connection, hop and direction. */
  holding: ReadonlyMap<string, readonly number[]>;
  /** Each held-back fault whose bytes were drawn: its seq and the y of the arrow that carried them. */
  holds: AppendList<{ seq: number; y: number }>;
}

function initAcc(sp: Spacing): LayoutAcc {
  return { rows: emptyList(), y: sp.top, holding: new Map(), holds: emptyList() };
}

/** layoutRows' loop body for one diagram event. */
function stepAcc(acc: LayoutAcc, event: WireEvent, sp: Spacing): LayoutAcc {
  let y = acc.y;
  let row: Row;
  if (acc.prevT === undefined) {
    row = { event, y };
  } else {
    const dt = Math.max(0, event.t - acc.prevT);
    const idle = dt >= sp.idleMs;
    y += sp.gapScale(dt) + (idle ? sp.breakSpace : 0);
    row =
      dt > sp.maxGapMs ? { event, y, clippedGapMs: dt, ...(idle ? { idle } : {}) } : { event, y };
  }
  const next: LayoutAcc = { ...acc, rows: append(acc.rows, row), y, prevT: event.t };
  if (event.kind === 'marker') return next;
  const key = `${event.conn}|${event.hop}|${event.dir}`;
  if (event.kind === 'fault') {
    if (event.delayMs !== undefined && event.delayMs > 0) {
      next.holding = new Map(acc.holding).set(key, [...(acc.holding.get(key) ?? []), event.seq]);
    }
    return next;
  }
  const held = acc.holding.get(key);
  if (held) {
    next.holds = append(acc.holds, ...held.map((seq) => ({ seq, y })));
    const holding = new Map(acc.holding);
    holding.delete(key);
    next.holding = holding;
  }
  return next;
}

export interface DiagramLayout {
  natural: LayoutAcc;
  compact: LayoutAcc;
}

const NATURAL_SPACING = spacingOf({});
const COMPACT_SPACING = spacingOf(COMPACT);

export const diagramLayoutFold: Reducer<DiagramLayout, WireEvent> = {
  init: () => ({ natural: initAcc(NATURAL_SPACING), compact: initAcc(COMPACT_SPACING) }),
  step: (s, e) => {
    if (!isDiagramEvent(e)) return s;
    return {
      natural: stepAcc(s.natural, e, NATURAL_SPACING),
      compact: stepAcc(s.compact, e, COMPACT_SPACING),
    };
  },
};

/** The layout the diagram draws: natural spacing when it fits in maxHeight, else compact. */
export function fittedLayout(s: DiagramLayout, maxHeight: number): LayoutAcc {
  return heightOf(s.natural, 'natural') <= maxHeight ? s.natural : s.compact;
}

/** layoutRows(…).height of this layout. */
export function heightOf(acc: LayoutAcc, which: 'natural' | 'compact'): number {
  return acc.y + (which === 'natural' ? NATURAL_SPACING : COMPACT_SPACING).bottom;
}

/** What the diagram draws at maxHeight: the fitted layout, its rows and its height. */
export function fitted(
  s: DiagramLayout,
  maxHeight: number,
): { acc: LayoutAcc; rows: readonly Row[]; height: number } {
  const acc = fittedLayout(s, maxHeight);
  return {
    acc,
    rows: rowsOf(acc),
    height: heightOf(acc, acc === s.natural ? 'natural' : 'compact'),
  };
}

/** Index of the row of this seq, or -1 (rows are in seq order: a binary search). */
export function rowIndexOfSeq(rows: readonly Row[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = (rows[mid] as Row).event.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Index of the last row with seq ≤ seq, or -1. */
export function lastRowAtOrBefore(rows: readonly Row[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Row).event.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Per holds backing array: hold index by fault seq, filled as far as the newest list reached. */
const holdIndex = new WeakMap<unknown[], { bySeq: Map<number, number>; filled: number }>();

/**
 * The y where a held-back fault's bytes were drawn (layoutRows' row.heldUntilY), if they were by
 * this state. O(1) amortised: lists on one backing array share one index, and an entry beyond this
 * list's size (a later resolution) is not seen.
 */
export function heldUntilYOf(acc: LayoutAcc, seq: number): number | undefined {
  const { holds } = acc;
  if (holds.size === 0) return undefined;
  let index = holdIndex.get(holds.backing);
  if (!index) {
    index = { bySeq: new Map(), filled: 0 };
    holdIndex.set(holds.backing, index);
  }
  for (; index.filled < holds.size; index.filled++) {
    const h = itemAt(holds, index.filled) as { seq: number };
    index.bySeq.set(h.seq, index.filled);
  }
  const i = index.bySeq.get(seq);
  return i === undefined ? undefined : itemAt(holds, i)?.y;
}

const withHeld = new WeakMap<Row, Row>();

/** The row as layoutRows gives it: with heldUntilY when its held bytes were drawn (cached per row). */
export function rowWithHeld(acc: LayoutAcc, row: Row): Row {
  if (row.event.kind !== 'fault') return row;
  const until = heldUntilYOf(acc, row.event.seq);
  if (until === undefined) return row;
  let merged = withHeld.get(row);
  if (!merged || merged.heldUntilY !== until) {
    merged = { ...row, heldUntilY: until };
    withHeld.set(row, merged);
  }
  return merged;
}

/** The rows as an array (one copy per rows list, cached). */
export function rowsOf(acc: LayoutAcc): readonly Row[] {
  return itemsOf(acc.rows);
}
