/**
 * Fault events as one incremental fold (lib/live/fold-store), each event once: how many times each
 * fault acted (countFaults of the log, for the faults-in-force badges) and the running total of
 * drops, so "dropped since the burst" is a binary search, not a scan of the log. Pure, no React.
 */
import { type AppendList, append, emptyList, itemAt } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { FaultEvent, FaultKind, WireEvent } from '@/lib/mirror/types';

export interface FaultCounts {
  /** countFaults(events folded). */
  counts: ReadonlyMap<FaultKind, number>;
  /** One entry per drop fault event: its seq and the drops counted up to and including it. */
  drops: AppendList<{ seq: number; total: number }>;
}

/** How many occurrences a fault event stands for (a rate-limited summary carries `count`). */
function occurrences(e: FaultEvent): number {
  return (e as FaultEvent & { count?: number }).count ?? 1;
}

export const faultCountsFold: Reducer<FaultCounts, WireEvent> = {
  init: () => ({ counts: new Map(), drops: emptyList() }),
  step: (s, e) => {
    if (e.kind !== 'fault') return s;
    const n = occurrences(e);
    const counts = new Map(s.counts).set(e.fault, (s.counts.get(e.fault) ?? 0) + n);
    if (e.fault !== 'drop') return { ...s, counts };
    const total = (itemAt(s.drops, s.drops.size - 1)?.total ?? 0) + n;
    return { counts, drops: append(s.drops, { seq: e.seq, total }) };
  },
};

/** Drops the edge reported in fault events with a seq after `fromSeq`. */
export function dropsSince(s: FaultCounts, fromSeq: number): number {
  const { drops } = s;
  const all = itemAt(drops, drops.size - 1)?.total ?? 0;
  // The last drop at or before fromSeq: everything after it came later.
  let lo = 0;
  let hi = drops.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((itemAt(drops, mid) as { seq: number }).seq <= fromSeq) lo = mid + 1;
    else hi = mid;
  }
  return all - (itemAt(drops, lo - 1)?.total ?? 0);
}
