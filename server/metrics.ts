/**
 * Prometheus metrics (prom-client). Each server has its own Registry (tests run many servers in one
 * process, so nothing goes to prom-client's global registry); process-wide metrics (CPU, memory,
 * file descriptors, event-loop lag, GC) live in one lazily made registry per process, merged into
 * every scrape. Gauges of what is open are read from the sessions at scrape time, so they cannot
 * drift from the truth.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Dir, Hop } from '../lib/mirror/types';

/** Why the server refused a request or connection: the `reason` label of wirelab_refusals_total. */
import { REFUSAL_REASONS, type RefusalReason } from './gate/refusal';

export { REFUSAL_REASONS, type RefusalReason };

/** What the metrics read from the server at scrape time. */
export interface MetricsSource {
  /** Sessions open now. */
  sessionsOpen(): number;
  /** Lab connections (edge connections of every session) open now. */
  labConnectionsOpen(): number;
  /** Mirror events dropped so far by sessions still open (ended ones are added on end). */
  liveEventsDropped(): number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  refuse(reason: RefusalReason): void;
  sessionStarted(): void;
  /** A session ended after dropping `eventsDropped` mirror events in its life. */
  sessionEnded(reason: string, eventsDropped: number): void;
  bytesTapped(hop: Hop, dir: Dir, bytes: number): void;
  /** The exposition text: this server's metrics and the process's. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | null = null;

/**
 * Process metrics (default prom-client collectors), once per process: made on the first scrape, or
 * at start (server/main.ts) so event-loop lag and GC are measured from then on.
 */
export function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Ends-of-session reasons are free text ("mirror closed", "lifetime cap reached"); keep them few. */
function endReasonLabel(reason: string): string {
  const known = ['mirror closed', 'lifetime cap reached', 'server closing'];
  return known.includes(reason) ? reason.replace(/ /g, '-') : 'other';
}

export function createServerMetrics(source: MetricsSource): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  let droppedByEnded = 0;

  new Gauge({
    name: 'wirelab_sessions_open',
    help: 'Sessions open now (including those in their grace period)',
    registers,
    collect() {
      this.set(source.sessionsOpen());
    },
  });
  const created = new Counter({
    name: 'wirelab_sessions_created_total',
    help: 'Sessions created (mirror sockets accepted)',
    registers,
  });
  const ended = new Counter({
    name: 'wirelab_sessions_ended_total',
    help: 'Sessions ended, by reason',
    labelNames: ['reason'],
    registers,
  });
  new Gauge({
    name: 'wirelab_lab_connections_open',
    help: 'Lab connections (through the edge) open now, all sessions',
    registers,
    collect() {
      this.set(source.labConnectionsOpen());
    },
  });
  const tapped = new Counter({
    name: 'wirelab_tapped_bytes_total',
    help: 'Bytes the edge tapped, by hop and direction',
    labelNames: ['hop', 'dir'],
    registers,
  });
  new Counter({
    name: 'wirelab_mirror_events_dropped_total',
    help: "Events dropped from mirror queues (a page that could not keep up with its session's events)",
    registers,
    collect() {
      this.reset();
      this.inc(droppedByEnded + source.liveEventsDropped());
    },
  });
  const refusals = new Counter({
    name: 'wirelab_refusals_total',
    help: 'Requests and connections refused, by reason',
    labelNames: ['reason'],
    registers,
  });
  // Every reason is exported from the start (at 0), so a rate() over it has a series to read.
  for (const reason of REFUSAL_REASONS) refusals.inc({ reason }, 0);

  return {
    registry,
    refuse: (reason) => refusals.inc({ reason }),
    sessionStarted: () => created.inc(),
    sessionEnded: (reason, eventsDropped) => {
      ended.inc({ reason: endReasonLabel(reason) });
      droppedByEnded += eventsDropped;
    },
    bytesTapped: (hop, dir, bytes) => tapped.inc({ hop, dir }, bytes),
    scrape: async () => {
      const merged = Registry.merge([registry, processMetrics()]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
