/**
 * restartRuns (reconnect-arrivals.ts) as an incremental fold (lib/live/fold-store): each event
 * folded once; the open run's arrivals in an AppendList so a herd of handshakes costs O(1) each.
 * Read the runs with runsOf(state).
 */
import { type AppendList, append, emptyList, itemsOf } from '../live/append-list';
import type { Reducer } from '../live/fold-store';
import type { WireEvent } from '../mirror/types';
import { type Arrival, HERD_MARK, isHandshake, type RestartRun } from './reconnect-arrivals';

export interface RestartRunsFold {
  /** Every run but the last. */
  earlier: readonly RestartRun[];
  last?: Omit<RestartRun, 'arrivals'> & { arrivals: AppendList<Arrival> };
  pendingLabel: string | null;
  /** A herd marker ends the current run: the next herd's clients connecting are not reconnects. */
  open: boolean;
}

const runsCache = new WeakMap<RestartRunsFold, readonly RestartRun[]>();

/** The runs so far, as restartRuns returns them (one array per state, cached). */
export function runsOf(s: RestartRunsFold): readonly RestartRun[] {
  let runs = runsCache.get(s);
  if (!runs) {
    runs = s.last ? [...s.earlier, { ...s.last, arrivals: [...itemsOf(s.last.arrivals)] }] : [];
    runsCache.set(s, runs);
  }
  return runs;
}

export const restartRunsFold: Reducer<RestartRunsFold, WireEvent> = {
  init: () => ({ earlier: [], pendingLabel: null, open: false }),
  step: (s, e) => {
    if (e.kind === 'marker' && e.label.startsWith(HERD_MARK))
      return { ...s, pendingLabel: e.label.slice(HERD_MARK.length).trim(), open: false };
    if (e.kind === 'fault' && e.fault === 'restart-node') {
      const earlier = s.last ? runsOf(s) : s.earlier;
      return {
        earlier,
        last: { n: earlier.length + 1, t: e.t, label: s.pendingLabel, arrivals: emptyList() },
        pendingLabel: null,
        open: true,
      };
    }
    if (
      e.kind === 'http-request' &&
      e.hop === 'browser-edge' &&
      e.dir === 'up' &&
      s.open &&
      s.last &&
      isHandshake(e.target)
    ) {
      const run = s.last;
      const who = new URLSearchParams(e.target.split('?')[1]).get('who') === 'you' ? 'you' : 'sim';
      const arrival: Arrival = { dt: e.t - run.t, t: e.t, who, seq: e.seq, conn: e.conn };
      return { ...s, last: { ...run, arrivals: append(run.arrivals, arrival) } };
    }
    return s;
  },
};
