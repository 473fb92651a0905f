/**
 * Whole-log mappers for the heartbeat machines: they follow ONE client across its connections, so
 * a close and the reconnect after it are one timeline (closed → reconnecting → connected).
 *
 * - `EngineIoHeartbeatMapper`: Engine.IO sessions one after another (the first session seen is the
 *   client's; the next session's handshake request after it closed is its reconnect). Concurrent
 *   sessions of other clients are ignored.
 * - `WebSocketHeartbeatMapper`: raw WebSocket connections (`ws` heartbeat pattern: server ping
 *   frames 0x9, browser pong frames 0xA), timed from the wire (`WirePingTiming`).
 *
 * Which hop: the server's deadline is about what the server saw, so fold the edge-node hop to show
 * the server giving up on a blackholed client; fold browser-edge to show what the browser saw.
 */
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import { classifyRequest } from '@/lib/mirror/select-transport';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import { EngineIoEventMapper } from './engineio-mapper';
import type { TimedEvent } from './fold';
import {
  type HeartbeatEvent,
  heartbeatEventsOfEngineIo,
  PONG_TIMEOUT_REASON,
  PongDeadlineCloses,
  WirePingTiming,
} from './heartbeat';

export type SequenceStep = 'request' | 'reconnect' | 'open' | 'frame' | 'close';

/** Follows one client's raw WebSocket connections, one after another. */
export class WsConnectionSequence {
  current?: string;
  private closed = false;

  constructor(
    readonly hop: Hop = 'browser-edge',
    private readonly accepts: (target: string) => boolean = () => true,
  ) {}

  /** What this WireEvent means for the sequence, if anything. */
  step(e: WireEvent): SequenceStep | undefined {
    if (e.hop !== this.hop) return undefined;
    if (e.kind === 'http-request') {
      if (!isWebSocketUpgrade(e) || classifyRequest(e) !== 'ws' || !this.accepts(e.target)) {
        return undefined;
      }
      if (this.current === undefined) {
        this.current = e.conn;
        return 'request';
      }
      if (!this.closed) return undefined; // another client's connection
      this.current = e.conn;
      this.closed = false;
      return 'reconnect';
    }
    if (e.conn !== this.current || this.closed) return undefined;
    switch (e.kind) {
      case 'http-response':
        if (e.status === 101) return 'open';
        this.closed = true; // a refused handshake ends this attempt
        return 'close';
      case 'ws-frame':
        return 'frame';
      case 'conn-close':
        this.closed = true;
        return 'close';
      default:
        return undefined;
    }
  }
}

export class EngineIoHeartbeatMapper {
  private readonly eio: EngineIoEventMapper;
  private current?: string;
  private closed = false;
  private readonly deadlines = new PongDeadlineCloses();

  constructor(readonly hop: Hop = 'browser-edge') {
    this.eio = new EngineIoEventMapper(hop);
  }

  push(e: WireEvent): TimedEvent<HeartbeatEvent>[] {
    const out: TimedEvent<HeartbeatEvent>[] = [];
    for (const { session, ...timed } of this.eio.push(e)) {
      if (timed.event.type === 'HANDSHAKE_REQUEST') {
        if (this.current === undefined) {
          this.current = session;
        } else if (this.closed && session !== this.current) {
          this.current = session;
          this.closed = false;
          out.push({ t: timed.t, seq: timed.seq, event: { type: 'RECONNECT', t: timed.t } });
        }
        continue;
      }
      if (session !== this.current || this.closed) continue;
      for (const mapped of heartbeatEventsOfEngineIo([timed])) {
        out.push(...this.deadlines.push(mapped));
        if (mapped.event.type === 'CLOSED') this.closed = true;
      }
    }
    return out;
  }
}

export class WebSocketHeartbeatMapper {
  private readonly sequence: WsConnectionSequence;
  private readonly timing = new WirePingTiming();

  constructor(
    readonly hop: Hop = 'browser-edge',
    accepts?: (target: string) => boolean,
  ) {
    this.sequence = new WsConnectionSequence(hop, accepts);
  }

  push(e: WireEvent): TimedEvent<HeartbeatEvent>[] {
    const step = this.sequence.step(e);
    const at = (event: HeartbeatEvent): TimedEvent<HeartbeatEvent>[] => [
      { t: e.t, seq: e.seq, event },
    ];
    switch (step) {
      case 'reconnect':
        return at({ type: 'RECONNECT', t: e.t });
      case 'open':
        this.timing.open(e.t);
        return at({ type: 'OPEN', t: e.t });
      case 'close': {
        const reason =
          e.kind === 'conn-close'
            ? `TCP ${e.how} by ${e.by}`
            : e.kind === 'http-response'
              ? `handshake answered ${e.status} ${e.reason}`
              : 'closed';
        return at({ type: 'CLOSED', t: e.t, reason });
      }
      case 'frame': {
        if (e.kind !== 'ws-frame') return [];
        const op = e.frame.opcodeName;
        if (op === 'ping' && e.dir === 'down') {
          const interval = this.timing.ping(e.t);
          return at({ type: 'PING', t: e.t, ...(interval === undefined ? {} : { interval }) });
        }
        if (op === 'pong' && e.dir === 'up') {
          this.timing.pong(e.t);
          return at({ type: 'PONG', t: e.t });
        }
        if (op === 'close' && e.dir === 'down' && e.frame.close?.reason === PONG_TIMEOUT_REASON)
          return at({ type: 'PONG_TIMEOUT', t: e.t, learn: true });
        return [];
      }
      default:
        return [];
    }
  }
}

/** Runs a mapper over a whole log, for `foldEvents`. */
export function mapAll<E>(
  mapper: { push(e: WireEvent): TimedEvent<E>[] },
  events: readonly WireEvent[],
): TimedEvent<E>[] {
  const out: TimedEvent<E>[] = [];
  for (const e of events) out.push(...mapper.push(e));
  return out;
}
