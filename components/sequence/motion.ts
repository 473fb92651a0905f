/**
 * Motion schedule of the sequence diagram: when each captured arrow is drawn travelling from its
 * sender's lane to its receiver's, at a playback time `t` (wire time, the clock of `WireEvent.t`).
 *
 * What the capture says: the edge's tap stamps every chunk at the edge, the one place it sits. An
 * arrow *into* the edge (browser → edge, node → edge) is stamped when the edge read it: its arrival.
 * An arrow *out of* the edge (edge → node, edge → browser) is stamped when the edge wrote it: its
 * departure. The far end of an arrow is not captured. So each travel has the captured instant at its
 * Edge end and is drawn over at most `travelMs` of wire time on the other side of it, shortened so
 * that on one connection's hop one travel ends before the next begins (a reply is never drawn
 * leaving before the request reached its sender). Travels never add events: one per drawn arrow of
 * the log, and none for markers and faults (they appear at their time, at the edge).
 *
 * With `reducedMotion` nothing is interpolated: an arrow appears whole at its captured time.
 * Pure functions, no DOM.
 */
import type { Dir, Hop, WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from './event-label';

/** Lane index: 0 = Browser, 1 = Edge, 2 = Node (the order of `LANES`). */
export type Lane = 0 | 1 | 2;

export interface MotionOptions {
  /** Longest drawn travel, in ms of wire time. */
  travelMs: number;
  /** Discrete steps: arrows appear whole at their captured time, nothing is in flight. */
  reducedMotion?: boolean;
}

export interface Travel {
  seq: number;
  /** Index of the event in the log passed in. */
  index: number;
  from: Lane;
  to: Lane;
  /** Wire time the drawing leaves `from`. */
  start: number;
  /** Wire time the drawing reaches `to` (the arrow has landed from then on). */
  end: number;
  /** The captured time, at the Edge end of the arrow. */
  t: number;
}

export interface InFlight {
  seq: number;
  from: Lane;
  to: Lane;
  /** 0 < progress < 1: how far along from `from` to `to`. */
  progress: number;
}

export interface Schedule {
  travels: Travel[];
  /** Every start and end, sorted: the moments at which what is drawn changes. */
  boundaries: number[];
  /** Time by which every travel has landed (the log's last time when nothing travels). */
  endT: number;
}

/** Events drawn as an arrow that can travel: everything on the diagram except markers and faults. */
export function travels(e: WireEvent): boolean {
  return isDiagramEvent(e) && e.kind !== 'marker' && e.kind !== 'fault';
}

/** The lanes of an arrow, as the diagram draws it (up = left to right within its hop). */
export function lanesOf(hop: Hop, dir: Dir): [from: Lane, to: Lane] {
  const [a, b]: [Lane, Lane] = hop === 'browser-edge' ? [0, 1] : [1, 2];
  return dir === 'up' ? [a, b] : [b, a];
}

/** Whether the arrow ends at the Edge lane (its captured time is its arrival). */
export function intoEdge(hop: Hop, dir: Dir): boolean {
  return lanesOf(hop, dir)[1] === 1;
}

/**
 * The travel of arrow event `e` (log index `index`), drawn over `d` ms of wire time. An arrow into
 * the Edge lane ends at its captured instant and starts no earlier than the previous travel on its
 * connection hop (`prev`, already clipped) ends; an arrow out of the Edge starts at its instant.
 */
export function travelOf(e: WireEvent, index: number, d: number, prev: Travel | undefined): Travel {
  const [from, to] = lanesOf(e.hop, e.dir);
  if (!intoEdge(e.hop, e.dir))
    return { seq: e.seq, index, from, to, start: e.t, end: e.t + d, t: e.t };
  const prevEnd = prev?.end ?? Number.NEGATIVE_INFINITY;
  const start = Math.min(e.t, Math.max(e.t - d, prevEnd));
  return { seq: e.seq, index, from, to, start, end: e.t, t: e.t };
}

const EMPTY: Schedule = { travels: [], boundaries: [], endT: 0 };

/** One travel per arrow event of the log, in log order. */
export function schedule(events: readonly WireEvent[], opts: MotionOptions): Schedule {
  if (events.length === 0) return EMPTY;
  const d = opts.reducedMotion ? 0 : Math.max(0, opts.travelMs);
  const result: Travel[] = [];
  /** Per connection hop: the travel drawn last (its end is fixed once the next one is known). */
  const lastOnHop = new Map<string, Travel>();
  let endT = 0;
  for (let index = 0; index < events.length; index++) {
    const e = events[index] as WireEvent;
    endT = Math.max(endT, e.t);
    if (!travels(e)) continue;
    const key = `${e.conn}|${e.hop}`;
    const prev = lastOnHop.get(key);
    // The previous travel on this hop lands no later than this arrow's captured instant.
    if (prev && prev.end > e.t) prev.end = Math.max(prev.start, e.t);
    const travel = travelOf(e, index, d, prev);
    result.push(travel);
    lastOnHop.set(key, travel);
  }
  const boundaries: number[] = [];
  for (const tr of result) {
    boundaries.push(tr.start, tr.end);
    endT = Math.max(endT, tr.end);
  }
  boundaries.sort((a, b) => a - b);
  return { travels: result, boundaries, endT };
}

/** The travel of the event with this seq, if it travels (travels are in seq order: a binary search). */
export function travelOfSeq(s: Schedule, seq: number): Travel | undefined {
  const list = s.travels;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const tr = list[mid] as Travel;
    if (tr.seq === seq) return tr;
    if (tr.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return undefined;
}

export type Phase = 'future' | 'in-flight' | 'landed';

/** Where a travel is at t (rounding-safe: in flight means 0 < progress < 1). */
export function phaseAt(tr: Travel, t: number): { phase: Phase; progress: number } {
  if (t >= tr.end) return { phase: 'landed', progress: 1 };
  if (t <= tr.start) return { phase: 'future', progress: 0 };
  const progress = (t - tr.start) / (tr.end - tr.start);
  if (progress >= 1) return { phase: 'landed', progress: 1 };
  if (progress <= 0) return { phase: 'future', progress: 0 };
  return { phase: 'in-flight', progress };
}

/** Index of the first travel whose captured time is > t − slack (travels are sorted by `t`). */
function firstNear(list: readonly Travel[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Travel).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Travels in flight at t, from a precomputed schedule (only travels within travelMs of t are read). */
export function inFlightAt(s: Schedule, t: number, travelMs: number): InFlight[] {
  const out: InFlight[] = [];
  const list = s.travels;
  for (let i = firstNear(list, t - travelMs); i < list.length; i++) {
    const tr = list[i] as Travel;
    if (tr.t >= t + travelMs) break;
    const { phase, progress } = phaseAt(tr, t);
    if (phase === 'in-flight') out.push({ seq: tr.seq, from: tr.from, to: tr.to, progress });
  }
  return out;
}

/** Travels in flight at t: each a captured arrow between leaving its sender and reaching its receiver. */
export function inFlight(events: readonly WireEvent[], t: number, opts: MotionOptions): InFlight[] {
  if (opts.reducedMotion) return [];
  return inFlightAt(schedule(events, opts), t, opts.travelMs);
}

/**
 * Seqs of the diagram events drawn whole at t, in log order: arrows that have reached their receiver,
 * markers and faults at or before their time. Without options (or with reduced motion): every
 * diagram event with `t <= t`.
 */
export function landed(
  events: readonly WireEvent[],
  t: number,
  opts: MotionOptions = { travelMs: 0, reducedMotion: true },
): number[] {
  const bySeq = new Map<number, Travel>();
  for (const tr of schedule(events, opts).travels) bySeq.set(tr.seq, tr);
  const out: number[] = [];
  for (const e of events) {
    if (isDiagramEvent(e) && stateAt(bySeq.get(e.seq), e.t, t) === 'landed') out.push(e.seq);
  }
  return out;
}

/** The drawn state of one diagram event at t, from its travel (or its own time if it has none). */
export function stateAt(tr: Travel | undefined, eventT: number, t: number): Phase {
  if (tr === undefined) return eventT <= t ? 'landed' : 'future';
  return phaseAt(tr, t).phase;
}
