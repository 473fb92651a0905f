/**
 * The bench ↔ server-process protocol (bench/server-process.ts, bench/bench-server.ts): IPC
 * messages over the fork channel. Only what the bench cannot see from outside the server.
 */
import type { SessionLimits } from '../lib/mirror/protocol';
import type { MirrorStats } from '../server/mirror-channel';

export interface BenchServerOptions {
  limits?: Partial<SessionLimits>;
  flushIntervalMs?: number;
}

export interface SessionInfo {
  /** The session's clock origin as epoch ms (performance.timeOrigin + t0 in the server). */
  t0Epoch: number;
  labPort: number;
  mirror: MirrorStats;
  connections: number;
}

/** What a watch saw: the session's back-pressure, sampled every ~2 ms in the server. */
export interface WatchResult {
  samples: number;
  /** Samples during which the session's sources were told to pause (mirror backlog > high water). */
  congested: number;
  maxQueuedBytes: number;
  maxQueued: number;
  /** The server's event-loop delay meanwhile (perf_hooks.monitorEventLoopDelay), ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  /** How long the watch ran, and for how much of it some edge source was held for the mirror. */
  ms: number;
  heldMs: number;
}

export type ToServer =
  | { type: 'session'; id: number; session: string }
  | { type: 'watch'; id: number; session: string }
  | { type: 'unwatch'; id: number; session: string }
  | { type: 'close' };

export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'closed' }
  | { type: 'session'; id: number; info?: SessionInfo; error?: string }
  | { type: 'watch'; id: number; result?: WatchResult; error?: string };
