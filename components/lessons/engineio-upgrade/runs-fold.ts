/**
 * The upgrade lesson's runs as an incremental fold (lib/live/fold-store), each event once: the
 * runs (runsOf: "run N" markers) and each run's events (eventsOfRun), so the per-run views and
 * the Engine.IO statechart fold one run's events, never the whole log. Events are appended in seq
 * order, so an event belongs to the newest run when it is folded.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import type { RunRange } from './eio-observations';
import { type RunSummary, summarizeRun } from './run-summary';

export interface RunsFold {
  runs: readonly RunRange[];
  /** Events of runs[i], by i. */
  byRun: readonly AppendList<WireEvent>[];
  /** Every event (what eventsOfRun gives when there is no run yet). */
  all: AppendList<WireEvent>;
}

const RUN_LABEL = /^run \d+$/;

export const runsFold: Reducer<RunsFold, WireEvent> = {
  init: () => ({ runs: [], byRun: [], all: emptyList() }),
  step: (s, e) => {
    const all = append(s.all, e);
    if (e.kind === 'marker' && RUN_LABEL.test(e.label)) {
      const runs = s.runs.map((r, i) => (i === s.runs.length - 1 ? { ...r, toSeq: e.seq } : r));
      runs.push({ label: e.label, fromSeq: e.seq, toSeq: Number.POSITIVE_INFINITY });
      return { runs, byRun: [...s.byRun, append(emptyList<WireEvent>(), e)], all };
    }
    const last = s.byRun.length - 1;
    if (last < 0) return { ...s, all };
    const byRun = s.byRun.slice();
    byRun[last] = append(s.byRun[last] as AppendList<WireEvent>, e);
    return { ...s, byRun, all };
  },
};

const NONE: readonly WireEvent[] = [];

/** eventsOfRun(events folded, run): run is matched by its marker's seq. */
export function runEventsOf(s: RunsFold, run: RunRange | undefined): readonly WireEvent[] {
  if (!run) return itemsOf(s.all);
  const i = s.runs.findIndex((r) => r.fromSeq === run.fromSeq);
  const list = s.byRun[i];
  return list ? itemsOf(list) : NONE;
}

const summaries = new WeakMap<AppendList<WireEvent>, RunSummary>();

/** summarizeRun of each run, computed once per run's event list (a closed run's never changes). */
export function runSummariesOf(s: RunsFold): RunSummary[] {
  return s.runs.map((run, i) => {
    const list = s.byRun[i] as AppendList<WireEvent>;
    let summary = summaries.get(list);
    if (!summary) {
      summary = summarizeRun(itemsOf(list), run);
      summaries.set(list, summary);
    }
    return summary;
  });
}
