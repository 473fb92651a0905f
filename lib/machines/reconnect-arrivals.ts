/**
 * Reconnect arrivals, measured from the capture: after each lab node restart (the edge's
 * `restart-node` fault event), the Engine.IO handshakes that reach the edge — a `GET
 * …/socket.io/?EIO=4…` with no `sid` on the browser-edge hop is a new connection attempt. The
 * learner's own socket tags its URL with `who=you`; every other handshake is a simulated client.
 * A `herd:` marker the page puts on the timeline before it starts a herd labels the next restart's
 * run (e.g. its jitter) and ends the current one (the new herd's first connects are not reconnects).
 */
import { LAB_PATHS } from '../lab/endpoints';
import type { WireEvent } from '../mirror/types';

export interface Arrival {
  /** ms after the restart. */
  dt: number;
  /** Absolute session time, ms. */
  t: number;
  who: 'you' | 'sim';
  seq: number;
  conn: string;
}

export interface RestartRun {
  /** 1-based restart number in this session. */
  n: number;
  /** Session time of the restart fault event, ms. */
  t: number;
  /** Detail of the last `herd:` marker before this restart and after the previous one. */
  label: string | null;
  arrivals: Arrival[];
}

export const HERD_MARK = 'herd:';

/** True for an Engine.IO handshake request (a new session: no sid in the query). */
export function isHandshake(target: string): boolean {
  const q = target.indexOf('?');
  if (q < 0 || !target.slice(0, q).endsWith(LAB_PATHS.socketio)) return false;
  const params = new URLSearchParams(target.slice(q + 1));
  return params.get('EIO') === '4' && !params.has('sid');
}

export function restartRuns(events: readonly WireEvent[]): RestartRun[] {
  const runs: RestartRun[] = [];
  let pendingLabel: string | null = null;
  // A herd marker ends the current run: the next herd's clients connecting are not reconnects.
  let open = false;
  for (const e of events) {
    if (e.kind === 'marker' && e.label.startsWith(HERD_MARK)) {
      pendingLabel = e.label.slice(HERD_MARK.length).trim();
      open = false;
    } else if (e.kind === 'fault' && e.fault === 'restart-node') {
      runs.push({ n: runs.length + 1, t: e.t, label: pendingLabel, arrivals: [] });
      pendingLabel = null;
      open = true;
    } else if (
      e.kind === 'http-request' &&
      e.hop === 'browser-edge' &&
      e.dir === 'up' &&
      open &&
      isHandshake(e.target)
    ) {
      const run = runs[runs.length - 1] as RestartRun;
      const who = new URLSearchParams(e.target.split('?')[1]).get('who') === 'you' ? 'you' : 'sim';
      run.arrivals.push({ dt: e.t - run.t, t: e.t, who, seq: e.seq, conn: e.conn });
    }
  }
  return runs;
}

export interface Histogram {
  binMs: number;
  /** Counts per bin [i × binMs, (i + 1) × binMs). */
  bins: number[];
  /** Arrivals past the last bin. */
  later: number;
  total: number;
  first: number | null;
  last: number | null;
  /** Most arrivals in one bin. */
  peak: number;
  /** Most arrivals in any window of binMs (sliding, so a spike on a bin edge still counts whole). */
  peakWindow: number;
}

/** Histogram of the simulated clients' first handshake after a restart. */
export function arrivalHistogram(run: RestartRun, binMs = 100, spanMs = 3000): Histogram {
  const bins = new Array<number>(Math.ceil(spanMs / binMs)).fill(0);
  const seen = new Set<string>();
  const dts: number[] = [];
  let later = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const a of run.arrivals) {
    if (a.who !== 'sim' || seen.has(a.conn)) continue;
    seen.add(a.conn);
    dts.push(a.dt);
    first = first === null ? a.dt : Math.min(first, a.dt);
    last = last === null ? a.dt : Math.max(last, a.dt);
    const i = Math.floor(a.dt / binMs);
    if (i < bins.length) bins[i] = (bins[i] ?? 0) + 1;
    else later += 1;
  }
  dts.sort((a, b) => a - b);
  let peakWindow = 0;
  for (let i = 0, j = 0; j < dts.length; j += 1) {
    while ((dts[j] as number) - (dts[i] as number) >= binMs) i += 1;
    peakWindow = Math.max(peakWindow, j - i + 1);
  }
  return {
    binMs,
    bins,
    later,
    total: seen.size,
    first,
    last,
    peak: Math.max(0, ...bins),
    peakWindow,
  };
}
