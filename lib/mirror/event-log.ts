/**
 * The page's append-only log of WireEvents.
 *
 * Events arrive from the mirror channel in batches, in `seq` order. The log keeps them in that order,
 * ignores anything it has already seen (duplicate or older seq), records gaps in `seq` (events the
 * server discarded or a lost batch) and notifies subscribers once per appended batch, so a React view
 * bridged with `useSyncExternalStore` re-renders per batch, never per event.
 *
 * Time queries use binary search over `t`, which the server stamps from a monotonic clock, so `t` is
 * non-decreasing along `seq`. An event whose `t` is smaller than its predecessor's (which the server
 * never sends) is clamped for searching only: `upToT` stays a prefix of the log.
 */
import { isWebSocketUpgrade, parseEioTarget } from './select-eio';
import type { Hop, WireEvent } from './types';

export type EventLogListener = () => void;

export interface AppendResult {
  /** Events actually appended. */
  appended: number;
  /** Events ignored because their seq was not greater than the last one kept. */
  ignored: number;
  /** Missing seq numbers detected in this batch. */
  missing: number;
}

export interface EventLogOptions {
  /**
   * Events kept at most. Past it the oldest are released and the log keeps its newest
   * `keepAfterTrim`: indexes start again at 0 and `generation` goes up, so index-based readers
   * (FoldStore, the playback clock) fold the kept events again. Default: unbounded.
   */
  maxKept?: number;
  /** Events kept after a trim (default maxKept / 10). */
  keepAfterTrim?: number;
}

export class EventLog {
  private events: WireEvent[] = [];
  /** Search keys: running maximum of `t`, so the array is sorted even if an event came back in time. */
  private times: number[] = [];
  private readonly maxKept: number;
  private readonly keepAfterTrim: number;
  private _released = 0;
  private _generation = 0;
  private readonly listeners = new Set<EventLogListener>();
  private _version = 0;
  private _gaps = 0;
  private _missing = 0;
  private _ignored = 0;
  private _dropped = 0;

  constructor(options: EventLogOptions = {}) {
    this.maxKept = Math.max(1, options.maxKept ?? Number.POSITIVE_INFINITY);
    this.keepAfterTrim = Math.max(
      1,
      Math.min(this.maxKept, options.keepAfterTrim ?? Math.ceil(this.maxKept / 10)),
    );
  }

  /**
   * Appends a batch. Returns what happened to it. Listeners are called once if anything was appended
   * (or if `dropped` is reported), never once per event.
   */
  append(batch: readonly WireEvent[], dropped = 0): AppendResult {
    let appended = 0;
    let ignored = 0;
    let missing = 0;
    for (const event of batch) {
      const last = this.events[this.events.length - 1];
      if (last !== undefined && event.seq <= last.seq) {
        ignored++;
        continue;
      }
      const expected = last === undefined ? 1 : last.seq + 1;
      if (event.seq > expected) {
        this._gaps++;
        missing += event.seq - expected;
      }
      const prevT = this.times[this.times.length - 1];
      this.events.push(event);
      this.times.push(prevT === undefined ? event.t : Math.max(prevT, event.t));
      appended++;
    }
    this._missing += missing;
    this._ignored += ignored;
    if (dropped > 0) this._dropped += dropped;
    if (this.events.length > this.maxKept) this.trim();
    if (appended > 0 || dropped > 0) {
      this._version++;
      for (const listener of [...this.listeners]) listener();
    }
    return { appended, ignored, missing };
  }

  /** Events kept (indexes run 0 .. length - 1 within the current generation). */
  get length(): number {
    return this.events.length;
  }

  /** Events released from the front to bound the page's memory (all generations). */
  get released(): number {
    return this._released;
  }

  /** Goes up each time old events were released: indexes of earlier generations are void. */
  get generation(): number {
    return this._generation;
  }

  /** Releases the oldest events, keeping the newest keepAfterTrim (one copy, then indexes restart). */
  private trim(): void {
    const cut = this.events.length - this.keepAfterTrim;
    if (cut <= 0) return;
    this.events = this.events.slice(cut);
    this.times = this.times.slice(cut);
    this._released += cut;
    this._generation += 1;
  }

  /** Increases by one per batch that changed the log: a cheap snapshot key for `useSyncExternalStore`. */
  get version(): number {
    return this._version;
  }

  /** Number of places where seq jumped forward by more than one. */
  get gaps(): number {
    return this._gaps;
  }

  /** Total number of seq values skipped over by gaps. */
  get missing(): number {
    return this._missing;
  }

  /** Total number of duplicate or out-of-order events ignored. */
  get ignored(): number {
    return this._ignored;
  }

  /** Events the server reported discarding (the `dropped` field of its batches). */
  get dropped(): number {
    return this._dropped;
  }

  /** The i-th event (0-based); negative indexes count from the end. */
  at(i: number): WireEvent | undefined {
    return this.events.at(i);
  }

  /** The whole log. Do not mutate: it is the log's own array. */
  all(): readonly WireEvent[] {
    return this.events;
  }

  /** Time of the last event, or 0 when empty. */
  get lastT(): number {
    return this.times[this.times.length - 1] ?? 0;
  }

  /** Index of the last event with `t <= t`, or -1 when every event is later (or the log is empty). */
  indexAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The prefix of events with `t <= t`. */
  upToT(t: number): readonly WireEvent[] {
    return this.events.slice(0, this.indexAtOrBefore(t) + 1);
  }

  /** Index of the event with this seq, or -1. */
  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = (this.events[mid] as WireEvent).seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Calls `listener` after every batch that changed the log. Returns the unsubscribe function. */
  subscribe(listener: EventLogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/**
 * Delivers the log's events to `onEvents` in order, exactly once each: everything already in the log
 * right away, then each appended batch. Returns the unsubscribe function. Use it to feed incremental
 * folds (trackers) from the log without re-reading it.
 */
export function followLog(
  log: EventLog,
  onEvents: (events: readonly WireEvent[]) => void,
): () => void {
  // Counted over all generations: events released from the front were delivered before.
  let cursor = 0;
  const pump = (): void => {
    const total = log.released + log.length;
    if (total <= cursor) return;
    const batch = log.all().slice(Math.max(0, cursor - log.released));
    cursor = total;
    onEvents(batch);
  };
  const unsubscribe = log.subscribe(pump);
  pump();
  return unsubscribe;
}

export type ConnectionKind = 'websocket' | 'http' | 'unknown';

export interface ConnectionSummary {
  conn: string;
  firstT: number;
  lastT: number;
  firstSeq: number;
  /** Path of the first request on the connection (without query), or the path reported at open. */
  path?: string;
  kind: ConnectionKind;
  /** Engine.IO session id from a request's `sid` query or an `open` packet seen on this connection. */
  eioSid?: string;
  /** Engine.IO transport named by the first request's query, when any. */
  eioTransport?: string;
  /** Hops with events, in order of first appearance. */
  hops: Hop[];
  /** True once a conn-close was seen on every hop that had events. */
  closed: boolean;
}

/** One summary per connection id, in order of first appearance. */
export function connectionsOf(events: readonly WireEvent[]): ConnectionSummary[] {
  const byConn = new Map<string, ConnectionSummary & { closedHops: Set<Hop> }>();
  for (const event of events) {
    let c = byConn.get(event.conn);
    if (c === undefined) {
      c = {
        conn: event.conn,
        firstT: event.t,
        lastT: event.t,
        firstSeq: event.seq,
        kind: 'unknown',
        hops: [],
        closed: false,
        closedHops: new Set(),
      };
      byConn.set(event.conn, c);
    }
    c.lastT = Math.max(c.lastT, event.t);
    if (!c.hops.includes(event.hop)) c.hops.push(event.hop);
    switch (event.kind) {
      case 'conn-open':
        if (c.path === undefined && event.path !== undefined) c.path = event.path.split('?')[0];
        break;
      case 'conn-close':
        c.closedHops.add(event.hop);
        break;
      case 'http-request': {
        const parsed = parseEioTarget(event.target);
        if (c.path === undefined) c.path = parsed.path;
        if (isWebSocketUpgrade(event)) c.kind = 'websocket';
        else if (c.kind === 'unknown') c.kind = 'http';
        if (c.eioTransport === undefined && parsed.transport !== undefined) {
          c.eioTransport = parsed.transport;
        }
        if (c.eioSid === undefined && parsed.sid !== undefined) c.eioSid = parsed.sid;
        break;
      }
      case 'ws-frame': {
        c.kind = 'websocket';
        const open = event.message?.eio?.open;
        if (c.eioSid === undefined && open !== undefined) c.eioSid = open.sid;
        break;
      }
      case 'http-body': {
        if (c.eioSid !== undefined) break;
        const open = event.eio?.find((p) => p.type === 'open')?.open;
        if (open !== undefined) c.eioSid = open.sid;
        break;
      }
      default:
        break;
    }
  }
  return [...byConn.values()].map(({ closedHops, ...summary }) => ({
    ...summary,
    closed: summary.hops.length > 0 && summary.hops.every((h) => closedHops.has(h)),
  }));
}
