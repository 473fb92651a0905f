/**
 * What the sessions tell the outside about themselves: one observer per server, which counts
 * (server/metrics.ts) and logs (server/log.ts). Sessions call it; they know nothing of either.
 */
import type { Dir, Hop } from '../lib/mirror/types';
import type { Logger } from './log';
import type { MetricsSource, RefusalReason, ServerMetrics } from './metrics';
import type { SessionRegistry } from './session-registry';

export interface SessionObserver {
  sessionStarted(id: string): void;
  sessionEnded(
    id: string,
    reason: string,
    info: { durationMs: number; eventsDropped: number },
  ): void;
  bytesTapped(hop: Hop, dir: Dir, bytes: number): void;
}

export function sessionObserver(metrics: ServerMetrics, log: Logger): SessionObserver {
  return {
    sessionStarted(id) {
      metrics.sessionStarted();
      log.info({ session: id }, 'session started');
    },
    sessionEnded(id, reason, { durationMs, eventsDropped }) {
      metrics.sessionEnded(reason, eventsDropped);
      log.info(
        { session: id, reason, durationMs: Math.round(durationMs), eventsDropped },
        'session ended',
      );
    },
    bytesTapped(hop, dir, bytes) {
      metrics.bytesTapped(hop, dir, bytes);
    },
  };
}

/**
 * Counts a refusal and logs it (at info: refusals are routine on a public server; a flood shows in
 * the counter). `detail` says what was refused, e.g. `{ path, origin, peer }`.
 */
export function refusalRecorder(
  metrics: ServerMetrics,
  log: Logger,
): (reason: RefusalReason, detail?: Record<string, unknown>) => void {
  return (reason, detail = {}) => {
    metrics.refuse(reason);
    log.info({ ...detail, reason }, 'refused');
  };
}

/** The scrape-time gauges, read from the live sessions. */
export function registryMetricsSource(registry: () => SessionRegistry): MetricsSource {
  const live = () => {
    const r = registry();
    return r.ids().flatMap((id) => r.get(id) ?? []);
  };
  return {
    sessionsOpen: () => registry().size,
    labConnectionsOpen: () => live().reduce((n, s) => n + s.connections, 0),
    liveEventsDropped: () => live().reduce((n, s) => n + s.mirrorStats.dropped, 0),
  };
}
