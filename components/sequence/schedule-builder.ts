/**
 * The motion schedule (motion.ts `schedule`) built as the log grows: each event is scheduled once,
 * when it is appended, instead of the whole log being rescheduled (and its boundaries re-sorted)
 * per batch. Appending an arrow can only shorten the previous travel on its connection's hop, a
 * travel within `travelMs` of the newest event, so the sorted boundaries change near their end:
 * one binary search and a short splice per boundary. The Schedule object is kept and updated in
 * place: read it after `extend`, do not keep its arrays across batches. Pure, no DOM.
 */
import type { WireEvent } from '@/lib/mirror/types';
import { type MotionOptions, type Schedule, type Travel, travelOf, travels } from './motion';

/** First index whose value is > v (or ≥ v with `orEqual`). */
function bound(sorted: readonly number[], v: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid] as number;
    if (x < v || (!orEqual && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], v: number): void {
  const i = bound(sorted, v, false);
  if (i === sorted.length) sorted.push(v);
  else sorted.splice(i, 0, v);
}

function removeSorted(sorted: number[], v: number): void {
  const i = bound(sorted, v, true);
  if (sorted[i] === v) sorted.splice(i, 1);
}

export class ScheduleBuilder {
  /** Equal to schedule(events so far, opts). */
  readonly schedule: Schedule = { travels: [], boundaries: [], endT: 0 };
  private readonly d: number;
  /** Per connection hop: the travel drawn last (its end is fixed once the next one is known). */
  private readonly lastOnHop = new Map<string, Travel>();
  /** Largest event time so far (0 before any, as schedule starts). */
  private maxT = 0;
  private built = 0;

  constructor(opts: MotionOptions) {
    this.d = opts.reducedMotion ? 0 : Math.max(0, opts.travelMs);
  }

  /** Number of log events scheduled. */
  get length(): number {
    return this.built;
  }

  /** Schedules the events appended since the last call (`events` is the whole log, in order). */
  extend(events: readonly WireEvent[]): Schedule {
    const s = this.schedule;
    if (events.length <= this.built) return s;
    const d = this.d;
    for (let index = this.built; index < events.length; index++) {
      const e = events[index] as WireEvent;
      this.maxT = Math.max(this.maxT, e.t);
      if (!travels(e)) continue;
      const key = `${e.conn}|${e.hop}`;
      const prev = this.lastOnHop.get(key);
      // The previous travel on this hop lands no later than this arrow's captured instant.
      if (prev && prev.end > e.t) {
        removeSorted(s.boundaries, prev.end);
        prev.end = Math.max(prev.start, e.t);
        insertSorted(s.boundaries, prev.end);
      }
      const travel = travelOf(e, index, d, prev);
      s.travels.push(travel);
      insertSorted(s.boundaries, travel.start);
      insertSorted(s.boundaries, travel.end);
      this.lastOnHop.set(key, travel);
    }
    this.built = events.length;
    // Every end is at or after its start, so the last boundary is the latest end.
    s.endT = Math.max(this.maxT, s.boundaries.at(-1) ?? this.maxT);
    return s;
  }
}
