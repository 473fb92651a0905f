/**
 * Idle gaps of a connection: the stretches with no bytes on the wire, for the "drops after exactly
 * 60 s idle" proxy symptom. A proxy (or the edge's idle-timeout fault, which emits a `fault` event
 * with fault 'idle-timeout') closes a connection that carried no bytes for N seconds; heartbeats
 * prevent it because every ping, pong or hb message is bytes.
 *
 * Bytes are every http-request, http-response, http-body and ws-frame (ping and pong frames
 * included) and protocol-error event of the connection on the chosen hop; the conn-open starts the
 * clock. A close "followed an idle gap" when the time from the last bytes to the close is at least
 * `thresholdMs`, or when an idle-timeout fault on the connection announced it.
 * Pure functions, not a machine.
 */
import type { FaultEvent, Hop, WireEvent } from '@/lib/mirror/types';

export interface IdleGap {
  /** Last bytes before the gap (or the conn-open). */
  fromT: number;
  fromSeq: number;
  /** First bytes (or the close) after it. */
  toT: number;
  toSeq: number;
  ms: number;
  /** The gap ended with the connection's close rather than with bytes. */
  endedByClose: boolean;
}

export interface IdleReport {
  conn: string;
  hop: Hop;
  /** Gaps of at least `minGapMs`, in time order. */
  gaps: IdleGap[];
  longest?: IdleGap;
  lastBytesT?: number;
  close?: {
    t: number;
    seq: number;
    how: 'end' | 'reset' | 'error';
    by: 'client' | 'server' | 'edge';
    /** Time from the last bytes (or the open) to the close. */
    idleMs: number;
  };
  /** The idle-timeout fault the edge reported on this connection, if any. */
  idleFault?: Pick<FaultEvent, 't' | 'seq' | 'detail'>;
  closedAfterIdle: boolean;
}

export interface IdleOptions {
  hop?: Hop;
  /** Gaps shorter than this are not listed (default 1000 ms). */
  minGapMs?: number;
  /** A close this long after the last bytes counts as an idle close (default 5000 ms). */
  thresholdMs?: number;
}

const BYTE_KINDS = new Set([
  'http-request',
  'http-response',
  'http-body',
  'ws-frame',
  'protocol-error',
]);

/** The idle report of one connection (pass the whole log or just its events). */
export function idleReport(
  events: readonly WireEvent[],
  conn: string,
  options: IdleOptions = {},
): IdleReport {
  const hop = options.hop ?? 'browser-edge';
  const minGapMs = options.minGapMs ?? 1000;
  const thresholdMs = options.thresholdMs ?? 5000;
  const report: IdleReport = { conn, hop, gaps: [], closedAfterIdle: false };
  let last: { t: number; seq: number } | undefined;
  const gap = (toT: number, toSeq: number, endedByClose: boolean): void => {
    if (last === undefined) return;
    const ms = toT - last.t;
    if (ms < minGapMs) return;
    const g: IdleGap = { fromT: last.t, fromSeq: last.seq, toT, toSeq, ms, endedByClose };
    report.gaps.push(g);
    if (report.longest === undefined || ms > report.longest.ms) report.longest = g;
  };
  for (const e of events) {
    if (e.conn !== conn) continue;
    if (e.kind === 'fault' && e.fault === 'idle-timeout') {
      report.idleFault = { t: e.t, seq: e.seq, detail: e.detail };
      continue;
    }
    if (e.hop !== hop || report.close !== undefined) continue;
    if (e.kind === 'conn-open') {
      last ??= { t: e.t, seq: e.seq };
    } else if (BYTE_KINDS.has(e.kind)) {
      gap(e.t, e.seq, false);
      last = { t: e.t, seq: e.seq };
      report.lastBytesT = e.t;
    } else if (e.kind === 'conn-close') {
      gap(e.t, e.seq, true);
      const idleMs = last === undefined ? 0 : e.t - last.t;
      report.close = { t: e.t, seq: e.seq, how: e.how, by: e.by, idleMs };
    }
  }
  report.closedAfterIdle =
    report.close !== undefined &&
    (report.close.idleMs >= thresholdMs || report.idleFault !== undefined);
  return report;
}

/** Idle reports of every connection with events on the hop, in order of first appearance. */
export function idleReportsOf(
  events: readonly WireEvent[],
  options: IdleOptions = {},
): IdleReport[] {
  const hop = options.hop ?? 'browser-edge';
  const conns: string[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (e.hop === hop && !seen.has(e.conn)) {
      seen.add(e.conn);
      conns.push(e.conn);
    }
  }
  return conns.map((conn) => idleReport(events, conn, options));
}

export interface IdleCloseSymptom {
  /** Median idle time before the close, in ms: "dies after exactly N s idle". */
  idleMs: number;
  /** Connections that closed after that much idle time. */
  conns: string[];
  spreadMs: number;
}

/**
 * The proxy symptom: two or more connections that closed after the same idle time (within
 * `toleranceMs`), whatever they were doing before. Undefined when there is no such pattern.
 */
export function idleCloseSymptom(
  reports: readonly IdleReport[],
  toleranceMs = 250,
): IdleCloseSymptom | undefined {
  const idle = reports
    .filter((r) => r.closedAfterIdle && r.close !== undefined)
    .map((r) => ({ conn: r.conn, ms: r.close?.idleMs ?? 0 }))
    .sort((a, b) => a.ms - b.ms);
  if (idle.length < 2) return undefined;
  // The largest cluster of idle times within the tolerance.
  let best: { from: number; to: number } = { from: 0, to: 0 };
  let from = 0;
  for (let to = 0; to < idle.length; to++) {
    while ((idle[to]?.ms ?? 0) - (idle[from]?.ms ?? 0) > toleranceMs) from++;
    if (to - from > best.to - best.from) best = { from, to };
  }
  const cluster = idle.slice(best.from, best.to + 1);
  if (cluster.length < 2) return undefined;
  const median = cluster[Math.floor((cluster.length - 1) / 2)]?.ms ?? 0;
  return {
    idleMs: median,
    conns: cluster.map((c) => c.conn),
    spreadMs: (cluster.at(-1)?.ms ?? 0) - (cluster[0]?.ms ?? 0),
  };
}
