/**
 * Counts of what the server has registered and not yet released, for leak checks (the session-leaks
 * integration test, bench/soak.ts) and /healthz-style diagnostics. "Nothing outlives its session":
 * with no session open every count here is zero.
 *
 * - Counters: incremented where a thing is made and decremented where it is released (sessions, lab nodes,
 *   their listening http.Servers, Socket.IO servers, the timers a lab node made through its
 *   TimerSet, the sweep intervals of connection-state-recovery adapters, simulated clients, the
 *   mirror's back-pressure waits).
 * - activeResources(): process.getActiveResourcesInfo() by type (Timeout, TCPServerWrap,
 *   TCPSocketWrap, …): what keeps the event loop alive. Unref'd timers do not show there, which
 *   is why the counters exist.
 * - Collection watch (off unless turned on: it holds a WeakRef per watched object): WeakRefs to
 *   objects that must be garbage once their session has ended; uncollected() after forceGc() says
 *   how many are still reachable.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export const LIVE_KINDS = [
  'sessions',
  'labNodes',
  'labServers',
  'socketIoServers',
  'labTimers',
  'adapterSweeps',
  'simClients',
  /** Timers that wait for a session's page or flood guard before its paused sockets resume. */
  'mirrorWaits',
] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

const counts: Record<LiveKind, number> = {
  sessions: 0,
  labNodes: 0,
  labServers: 0,
  socketIoServers: 0,
  labTimers: 0,
  adapterSweeps: 0,
  simClients: 0,
  mirrorWaits: 0,
};

export function liveAdd(kind: LiveKind, n = 1): void {
  counts[kind] += n;
}

export function liveRemove(kind: LiveKind, n = 1): void {
  counts[kind] -= n;
}

/** What is registered now, by kind. */
export function liveCounts(): Record<LiveKind, number> {
  return { ...counts };
}

/** process.getActiveResourcesInfo() counted by type. */
export function activeResources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) out[type] = (out[type] ?? 0) + 1;
  return out;
}

// ---- collection watch ----

let watching = false;
const watched: { kind: string; ref: WeakRef<object> }[] = [];

/** Starts (or stops, dropping what was watched) keeping WeakRefs to watched objects. */
export function watchCollection(on: boolean): void {
  watching = on;
  if (!on) watched.length = 0;
}

/** Remembers `target` (e.g. a LabNode) to check later that it was collected. No-op unless on. */
export function watchForCollection(kind: string, target: object): void {
  if (watching) watched.push({ kind, ref: new WeakRef(target) });
}

/** Watched objects still reachable, by kind (call forceGc() first); collected ones are forgotten. */
export function uncollected(): Record<string, number> {
  const out: Record<string, number> = {};
  let kept = 0;
  for (const entry of watched) {
    if (entry.ref.deref() === undefined) continue;
    out[entry.kind] = (out[entry.kind] ?? 0) + 1;
    watched[kept] = entry;
    kept += 1;
  }
  watched.length = kept;
  return out;
}

let gcFn: (() => void) | null = null;

/** A full garbage collection, without --expose-gc on the command line. */
export function forceGc(): void {
  if (gcFn === null) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gcFn = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}
