/**
 * idleReportsOf (lib/machines/idle-gaps.ts) as an incremental fold (lib/live/fold-store): each
 * event folded once into its connection's report, gaps kept in an AppendList. Read the reports
 * with idleReportsOfFold(state); the same array per state.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { IdleGap, IdleOptions, IdleReport } from '@/lib/machines/idle-gaps';
import type { Hop, WireEvent } from '@/lib/mirror/types';

interface ConnIdle {
  readonly conn: string;
  /** Seen on the hop (a report is listed). */
  readonly listed: boolean;
  readonly gaps: AppendList<IdleGap>;
  readonly longest?: IdleGap;
  readonly lastBytesT?: number;
  readonly close?: IdleReport['close'];
  readonly idleFault?: IdleReport['idleFault'];
  /** Last bytes (or the conn-open). */
  readonly last?: { t: number; seq: number };
}

export interface IdleFold {
  readonly hop: Hop;
  readonly thresholdMs: number;
  /** Every connection with an event on the hop or an idle-timeout fault, by id. */
  readonly conns: ReadonlyMap<string, ConnIdle>;
  /** Connections with events on the hop, in order of first appearance (the reports' order). */
  readonly order: AppendList<string>;
}

const BYTE_KINDS = new Set([
  'http-request',
  'http-response',
  'http-body',
  'ws-frame',
  'protocol-error',
]);

function stepConn(c: ConnIdle, e: WireEvent, hop: Hop, minGapMs: number): ConnIdle {
  if (e.kind === 'fault' && e.fault === 'idle-timeout')
    return { ...c, idleFault: { t: e.t, seq: e.seq, detail: e.detail } };
  if (e.hop !== hop || c.close !== undefined) return c;
  const gap = (toT: number, toSeq: number, endedByClose: boolean): Partial<ConnIdle> => {
    const last = c.last;
    if (last === undefined || toT - last.t < minGapMs) return {};
    const ms = toT - last.t;
    const g: IdleGap = { fromT: last.t, fromSeq: last.seq, toT, toSeq, ms, endedByClose };
    return {
      gaps: append(c.gaps, g),
      ...(c.longest === undefined || ms > c.longest.ms ? { longest: g } : {}),
    };
  };
  if (e.kind === 'conn-open')
    return c.last === undefined ? { ...c, last: { t: e.t, seq: e.seq } } : c;
  if (BYTE_KINDS.has(e.kind))
    return { ...c, ...gap(e.t, e.seq, false), last: { t: e.t, seq: e.seq }, lastBytesT: e.t };
  if (e.kind === 'conn-close') {
    const idleMs = c.last === undefined ? 0 : e.t - c.last.t;
    return {
      ...c,
      ...gap(e.t, e.seq, true),
      close: { t: e.t, seq: e.seq, how: e.how, by: e.by, idleMs },
    };
  }
  return c;
}

/** idleReportsOf(events, options) as a reducer. */
export function idleReportsFold(options: IdleOptions = {}): Reducer<IdleFold, WireEvent> {
  const hop = options.hop ?? 'browser-edge';
  const minGapMs = options.minGapMs ?? 1000;
  const thresholdMs = options.thresholdMs ?? 5000;
  return {
    init: () => ({ hop, thresholdMs, conns: new Map(), order: emptyList() }),
    step: (s, e) => {
      const known = s.conns.get(e.conn);
      const isFault = e.kind === 'fault' && e.fault === 'idle-timeout';
      if (!known && e.hop !== hop && !isFault) return s;
      const before = known ?? { conn: e.conn, listed: false, gaps: emptyList<IdleGap>() };
      let after = stepConn(before, e, hop, minGapMs);
      const listing = e.hop === hop && !after.listed;
      if (listing) after = { ...after, listed: true };
      if (after === known) return s;
      return {
        hop,
        thresholdMs,
        conns: new Map(s.conns).set(e.conn, after),
        order: listing ? append(s.order, e.conn) : s.order,
      };
    },
  };
}

const reportCache = new WeakMap<ConnIdle, IdleReport>();
const listCache = new WeakMap<IdleFold, readonly IdleReport[]>();

function reportOf(c: ConnIdle, hop: Hop, thresholdMs: number): IdleReport {
  let r = reportCache.get(c);
  if (!r) {
    r = { conn: c.conn, hop, gaps: [...itemsOf(c.gaps)], closedAfterIdle: false };
    if (c.longest !== undefined) r.longest = c.longest;
    if (c.lastBytesT !== undefined) r.lastBytesT = c.lastBytesT;
    if (c.close !== undefined) r.close = c.close;
    if (c.idleFault !== undefined) r.idleFault = c.idleFault;
    r.closedAfterIdle =
      c.close !== undefined && (c.close.idleMs >= thresholdMs || c.idleFault !== undefined);
    reportCache.set(c, r);
  }
  return r;
}

/** The reports, as idleReportsOf gives them (the same array per state). */
export function idleReportsOfFold(s: IdleFold): readonly IdleReport[] {
  let list = listCache.get(s);
  if (!list) {
    list = itemsOf(s.order).map((conn) =>
      reportOf(s.conns.get(conn) as ConnIdle, s.hop, s.thresholdMs),
    );
    listCache.set(s, list);
  }
  return list;
}
