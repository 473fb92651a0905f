/**
 * Transport comparison numbers (lessons 7 and 15): for each lab transport on one hop, the messages
 * delivered to the browser, every wire byte it cost (HTTP heads, bodies with chunk framing, WebSocket
 * frames, both directions, handshakes included), bytes per delivered message, request count, and
 * per-message latency. Pure functions over the log, not a machine.
 *
 * Delivered messages (down only):
 * - `ws`: each data message, except app heartbeats (`{"type":"hb-ack"}`) which are overhead;
 * - `sio-ws`, `sio-polling`: each Socket.IO EVENT / BINARY_EVENT (not CONNECT, ACK, ping, noop);
 * - `long-poll`, `short-poll`: `messages.length` of each 200 JSON answer;
 * - `sse`: each dispatched event. `publish` (POST /poll) delivers nothing: its bytes are upstream.
 *
 * Latency. A lab message is `{id, data, at}` (for Socket.IO, one of the EVENT's arguments; for SSE,
 * the event's data). Two ways to time it, chosen with `latency`:
 * - 'at': arrival time at the browser-edge hop minus `at`. Only meaningful when `at` and the tap's
 *   `t` share a clock, so the caller must say which clock `at` is on: `atClock: { kind: 'session' }`
 *   (the lab server stamped ms since the session start on the session's monotonic clock, the clock
 *   of `t`) or `{ kind: 'epoch', sessionStartEpochMs }` (`Date.now()`; then the result also carries
 *   the error of that start stamp). This includes the time a message waited in the server for the
 *   next poll, which is the point of the comparison.
 * - 'hops' (default when no `atClock` is given): the t of the 'down' event on the edge-node hop that
 *   carried the message (matched by transport and id) to the t on the browser-edge hop: one clock,
 *   no assumption, but it measures only the edge's part of the path (latency faults, bandwidth).
 */
import {
  base64ByteLength,
  classifyRequest,
  LAB_TRANSPORTS,
  type LabTransport,
} from '@/lib/mirror/select-transport';
import type { EioPacketInfo, Hop, HttpRequestEvent, WireEvent } from '@/lib/mirror/types';
import { utf8Encode } from '@/lib/wire/bytes';
import { parseHeartbeatMessage } from './app-heartbeat';
import { bodyText, HttpExchangeTracker } from './http-exchanges';

export type AtClock = { kind: 'session' } | { kind: 'epoch'; sessionStartEpochMs: number };

export interface MetricsOptions {
  hop?: Hop;
  latency?: 'at' | 'hops';
  atClock?: AtClock;
  /** Overrides the request classifier (default `classifyRequest`). */
  classify?: (request: HttpRequestEvent) => LabTransport | undefined;
}

export interface DeliveredMessage {
  transport: LabTransport;
  conn: string;
  /** The event that delivered it (browser arrival on browser-edge). */
  seq: number;
  t: number;
  id?: string;
  at?: number;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export interface TransportMetrics {
  transport: LabTransport;
  connections: number;
  /** HTTP requests, WebSocket upgrade GETs included. */
  requests: number;
  messages: number;
  headBytes: number;
  bodyBytes: number;
  frameBytes: number;
  /**
   * Chunked transfer-encoding inside bodyBytes: the chunk-size lines, the CRLF after each chunk and
   * the last chunk, counted from the bytes (wire length − decoded length of each body piece).
   */
  chunkFramingBytes: number;
  /** Bytes of the SSE events' `data` values (UTF-8) delivered: the rest of an SSE body is framing. */
  sseDataBytes: number;
  bytesUp: number;
  bytesDown: number;
  totalBytes: number;
  /** totalBytes / messages, headers included (NaN without messages). */
  bytesPerMessage: number;
  /** Per-message latencies in ms, in delivery order (only messages that could be timed). */
  latencies: number[];
  latency?: LatencySummary;
  latencySource?: 'at' | 'hops';
}

/** `{id, at}` of a lab message value, if it is one. */
function stampOf(value: unknown): { id?: string; at?: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { id?: unknown; at?: unknown };
  if (v.id === undefined && v.at === undefined) return undefined;
  return {
    ...(typeof v.id === 'string' || typeof v.id === 'number' ? { id: String(v.id) } : {}),
    ...(typeof v.at === 'number' ? { at: v.at } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sioStamps(
  packets: readonly EioPacketInfo[],
): ({ id?: string; at?: number } | undefined)[] {
  const out: ({ id?: string; at?: number } | undefined)[] = [];
  for (const p of packets) {
    const type = p.sio?.type;
    if (p.type !== 'message' || (type !== 'EVENT' && type !== 'BINARY_EVENT')) continue;
    const data = p.sio?.data;
    const args = Array.isArray(data) ? (data as unknown[]).slice(1) : [];
    out.push(args.map(stampOf).find((s) => s !== undefined));
  }
  return out;
}

interface Tally {
  conns: Set<string>;
  requests: number;
  headBytes: number;
  bodyBytes: number;
  frameBytes: number;
  chunkFramingBytes: number;
  sseDataBytes: number;
  bytesUp: number;
  bytesDown: number;
}

function newTally(): Tally {
  return {
    conns: new Set(),
    requests: 0,
    headBytes: 0,
    bodyBytes: 0,
    frameBytes: 0,
    chunkFramingBytes: 0,
    sseDataBytes: 0,
    bytesUp: 0,
    bytesDown: 0,
  };
}

/** Incremental bytes-and-messages count of one hop; `push` WireEvents in log order. */
export class TransportTally {
  readonly messages: DeliveredMessage[] = [];
  readonly tallies = new Map<LabTransport, Tally>();
  private readonly classify: (request: HttpRequestEvent) => LabTransport | undefined;
  private readonly exchanges: HttpExchangeTracker;
  private readonly transportOf = new WeakMap<object, LabTransport>();
  private readonly connTransport = new Map<string, LabTransport>();

  constructor(
    readonly hop: Hop = 'browser-edge',
    options: Pick<MetricsOptions, 'classify'> = {},
  ) {
    this.classify = options.classify ?? classifyRequest;
    this.exchanges = new HttpExchangeTracker(hop);
  }

  private tally(transport: LabTransport, conn: string): Tally {
    const t = this.tallies.get(transport) ?? newTally();
    this.tallies.set(transport, t);
    t.conns.add(conn);
    return t;
  }

  private count(
    transport: LabTransport | undefined,
    e: WireEvent & { raw: string },
    field: 'headBytes' | 'bodyBytes' | 'frameBytes',
  ): void {
    if (transport === undefined) return;
    const t = this.tally(transport, e.conn);
    const bytes = base64ByteLength(e.raw);
    t[field] += bytes;
    if (e.dir === 'up') t.bytesUp += bytes;
    else t.bytesDown += bytes;
  }

  private deliver(transport: LabTransport, e: WireEvent, stamp?: { id?: string; at?: number }) {
    this.messages.push({ transport, conn: e.conn, seq: e.seq, t: e.t, ...(stamp ?? {}) });
  }

  push(e: WireEvent): void {
    if (e.hop !== this.hop) return;
    const update = this.exchanges.push(e);
    switch (e.kind) {
      case 'http-request': {
        const transport = this.classify(e);
        if (update?.type === 'request' && transport !== undefined) {
          this.transportOf.set(update.exchange, transport);
        }
        if (transport === 'ws' || transport === 'sio-ws') this.connTransport.set(e.conn, transport);
        if (transport !== undefined) this.tally(transport, e.conn).requests++;
        this.count(transport, e, 'headBytes');
        break;
      }
      case 'http-response':
      case 'http-body': {
        const x = update !== undefined && 'exchange' in update ? update.exchange : undefined;
        const transport = x === undefined ? undefined : this.transportOf.get(x);
        this.count(transport, e, e.kind === 'http-response' ? 'headBytes' : 'bodyBytes');
        if (e.kind === 'http-body' && transport !== undefined) {
          const t = this.tally(transport, e.conn);
          t.chunkFramingBytes += Math.max(0, base64ByteLength(e.raw) - e.size);
          if (transport === 'sse' && e.dir === 'down')
            for (const ev of e.sse ?? []) t.sseDataBytes += utf8Encode(ev.data).length;
        }
        if (transport === undefined || x === undefined || e.dir !== 'down') break;
        if (e.kind === 'http-body' && transport === 'sse') {
          for (const ev of e.sse ?? []) {
            const stamp = stampOf(parseJson(ev.data));
            this.deliver(transport, e, { ...(ev.id !== undefined ? { id: ev.id } : {}), ...stamp });
          }
        }
        if (update?.type !== 'complete' || x.response?.status !== 200) break;
        if (transport === 'sio-polling' && e.kind === 'http-body') {
          for (const stamp of sioStamps(e.eio ?? [])) this.deliver(transport, e, stamp);
        }
        if (transport === 'long-poll' || transport === 'short-poll') {
          const value = parseJson(bodyText(x.responseBody, x.response)) as { messages?: unknown };
          const list = Array.isArray(value?.messages) ? value.messages : [];
          for (const m of list) this.deliver(transport, e, stampOf(m));
        }
        break;
      }
      case 'ws-frame': {
        const transport = this.connTransport.get(e.conn);
        this.count(transport, e, 'frameBytes');
        if (transport === undefined || e.dir !== 'down' || e.message === undefined) break;
        if (transport === 'sio-ws') {
          const packets = e.message.eio ? [e.message.eio] : [];
          for (const stamp of sioStamps(packets)) this.deliver(transport, e, stamp);
        } else {
          const text = e.message.text;
          if (text !== undefined && parseHeartbeatMessage(text) !== undefined) break;
          this.deliver(transport, e, text === undefined ? undefined : stampOf(parseJson(text)));
        }
        break;
      }
      default:
        break;
    }
  }
}

/** The messages delivered on a hop, in order, with their `{id, at}` when they carry them. */
export function deliveredMessages(
  events: readonly WireEvent[],
  options: MetricsOptions = {},
): DeliveredMessage[] {
  const tally = new TransportTally(options.hop ?? 'browser-edge', options);
  for (const e of events) tally.push(e);
  return tally.messages;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    count: values.length,
    mean,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? mean,
  };
}

function latencyOf(m: DeliveredMessage, clock: AtClock): number | undefined {
  if (m.at === undefined) return undefined;
  return clock.kind === 'session' ? m.t - m.at : clock.sessionStartEpochMs + m.t - m.at;
}

/**
 * Live form: `push` batches as they arrive, read `metrics()` (recomputed only when `version`
 * changed). Keeps both hops when latency is timed between hops.
 */
export class TransportMetricsTracker {
  private readonly main: TransportTally;
  private readonly other?: TransportTally;
  private readonly source: 'at' | 'hops';
  private _version = 0;
  private cache?: { version: number; metrics: TransportMetrics[] };

  constructor(private readonly options: MetricsOptions = {}) {
    const hop = options.hop ?? 'browser-edge';
    this.main = new TransportTally(hop, options);
    this.source = options.latency ?? (options.atClock !== undefined ? 'at' : 'hops');
    if (this.source === 'hops') {
      this.other = new TransportTally(
        hop === 'browser-edge' ? 'edge-node' : 'browser-edge',
        options,
      );
    }
  }

  get version(): number {
    return this._version;
  }

  push(events: readonly WireEvent[]): void {
    for (const e of events) {
      this.main.push(e);
      this.other?.push(e);
    }
    if (events.length > 0) this._version++;
  }

  metrics(): TransportMetrics[] {
    if (this.cache?.version === this._version) return this.cache.metrics;
    const metrics = this.compute();
    this.cache = { version: this._version, metrics };
    return metrics;
  }

  private compute(): TransportMetrics[] {
    const nodeTimes = new Map<string, number>();
    for (const m of this.other?.messages ?? []) {
      const key = `${m.transport} ${m.id}`;
      if (m.id !== undefined && !nodeTimes.has(key)) nodeTimes.set(key, m.t);
    }
    const out: TransportMetrics[] = [];
    for (const transport of LAB_TRANSPORTS) {
      const t = this.main.tallies.get(transport);
      if (t === undefined) continue;
      const delivered = this.main.messages.filter((m) => m.transport === transport);
      const latencies: number[] = [];
      for (const m of delivered) {
        let value: number | undefined;
        const clock = this.options.atClock;
        if (this.source === 'at' && clock !== undefined) value = latencyOf(m, clock);
        if (this.source === 'hops' && m.id !== undefined) {
          const sent = nodeTimes.get(`${transport} ${m.id}`);
          if (sent !== undefined) value = Math.abs(m.t - sent);
        }
        if (value !== undefined && Number.isFinite(value)) latencies.push(value);
      }
      const totalBytes = t.headBytes + t.bodyBytes + t.frameBytes;
      const summary = summarizeLatencies(latencies);
      out.push({
        transport,
        connections: t.conns.size,
        requests: t.requests,
        messages: delivered.length,
        headBytes: t.headBytes,
        bodyBytes: t.bodyBytes,
        frameBytes: t.frameBytes,
        chunkFramingBytes: t.chunkFramingBytes,
        sseDataBytes: t.sseDataBytes,
        bytesUp: t.bytesUp,
        bytesDown: t.bytesDown,
        totalBytes,
        bytesPerMessage: delivered.length === 0 ? Number.NaN : totalBytes / delivered.length,
        latencies,
        ...(summary !== undefined ? { latency: summary, latencySource: this.source } : {}),
      });
    }
    return out;
  }
}

/** Per-transport numbers for the hop (browser-edge by default), in `LAB_TRANSPORTS` order. */
export function transportMetrics(
  events: readonly WireEvent[],
  options: MetricsOptions = {},
): TransportMetrics[] {
  const tracker = new TransportMetricsTracker(options);
  tracker.push(events);
  return tracker.metrics();
}
