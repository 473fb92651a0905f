/**
 * TEST ONLY: the heartbeat follow mappers as they were before they became incremental folds
 * (follow-mappers.ts): whole-log loops over stateful helpers. follow-fold.test.ts checks that the
 * reducers give exactly these events, at the end of a script and at every cursor in it.
 */
import { type AppHeartbeatEvent, parseHeartbeatMessage } from '@/lib/machines/app-heartbeat';
import { EngineIoEventMapper } from '@/lib/machines/engineio-mapper';
import type { TimedEvent } from '@/lib/machines/fold';
import {
  type HeartbeatEvent,
  heartbeatEventsOfEngineIo,
  PONG_TIMEOUT_REASON,
  PongDeadlineCloses,
  WirePingTiming,
} from '@/lib/machines/heartbeat';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { Hop, WireEvent } from '@/lib/mirror/types';

import { ABANDONED } from './follow-mappers';

function closeFrameReason(e: WireEvent): string | undefined {
  if (e.kind !== 'ws-frame' || e.frame.opcodeName !== 'close') return undefined;
  const code = e.frame.close?.code;
  const reason = e.frame.close?.reason;
  return `close frame${code === undefined ? '' : ` ${code}`}${reason ? ` "${reason}"` : ''} from the ${e.dir === 'down' ? 'server' : 'client'}`;
}

/** Engine.IO heartbeat of one socket.io-client, session after session. */
export function engineIoHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
): TimedEvent<HeartbeatEvent>[] {
  const eio = new EngineIoEventMapper(hop);
  const out: TimedEvent<HeartbeatEvent>[] = [];
  const deadlines = new PongDeadlineCloses();
  let current: string | undefined;
  let closed = false;
  let wsConn: string | undefined;
  for (const e of events) {
    const at = (event: HeartbeatEvent) =>
      out.push(...deadlines.push({ t: e.t, seq: e.seq, event }));
    for (const { session, ...timed } of eio.push(e)) {
      if (timed.event.type === 'HANDSHAKE_REQUEST') {
        if (current === undefined) current = session;
        else if (session !== current) {
          if (!closed) at({ type: 'CLOSED', t: e.t, reason: ABANDONED });
          current = session;
          closed = false;
          wsConn = undefined;
          at({ type: 'RECONNECT', t: e.t });
        }
        continue;
      }
      if (session !== current || closed) continue;
      if (e.kind === 'ws-frame') wsConn = e.conn;
      for (const mapped of heartbeatEventsOfEngineIo([timed])) {
        out.push(...deadlines.push(mapped));
        if (mapped.event.type === 'CLOSED') closed = true;
      }
    }
    const reason = e.hop === hop && e.conn === wsConn && !closed ? closeFrameReason(e) : undefined;
    if (reason !== undefined) {
      at({ type: 'CLOSED', t: e.t, reason });
      closed = true;
    }
  }
  return out;
}

type Step =
  | { kind: 'open' | 'reconnect' | 'frame' }
  | { kind: 'close'; reason: string }
  | { kind: 'abandon' };

/** Follows the page's raw WebSocket connections to `path` on one hop. */
class WsFollower {
  private current?: string;
  private closed = false;

  constructor(
    private readonly hop: Hop,
    private readonly accepts: (target: string) => boolean,
  ) {}

  step(e: WireEvent): Step[] {
    if (e.hop !== this.hop) return [];
    if (e.kind === 'http-request') {
      if (!isWebSocketUpgrade(e) || !this.accepts(e.target)) return [];
      const first = this.current === undefined;
      const wasOpen = !first && !this.closed;
      this.current = e.conn;
      this.closed = false;
      if (first) return [];
      return wasOpen ? [{ kind: 'abandon' }, { kind: 'reconnect' }] : [{ kind: 'reconnect' }];
    }
    if (e.conn !== this.current || this.closed) return [];
    if (e.kind === 'http-response') {
      if (e.status === 101) return [{ kind: 'open' }];
      this.closed = true;
      return [{ kind: 'close', reason: `handshake answered ${e.status}` }];
    }
    if (e.kind === 'conn-close') {
      this.closed = true;
      return [{ kind: 'close', reason: `TCP ${e.how} by ${e.by}` }];
    }
    if (e.kind === 'ws-frame') {
      const reason = closeFrameReason(e);
      if (reason !== undefined) {
        this.closed = true;
        return [{ kind: 'close', reason }];
      }
      return [{ kind: 'frame' }];
    }
    return [];
  }
}

const isWsPath = (target: string) => /\/ws(\?|$)/.test(target);

/**
 * Protocol heartbeat (ping 0x9 down, pong 0xA up) of the page's raw WebSocket connections. No value
 * the page set is used: nothing on the wire announces the server's interval or timeout, so PINGs
 * carry the measured spacing and the server's close "pong timeout" marks the missed pong.
 */
export function wsProtocolHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
): TimedEvent<HeartbeatEvent>[] {
  const follower = new WsFollower(hop, isWsPath);
  const timing = new WirePingTiming();
  const out: TimedEvent<HeartbeatEvent>[] = [];
  for (const e of events) {
    const at = (event: HeartbeatEvent) => out.push({ t: e.t, seq: e.seq, event });
    for (const s of follower.step(e)) {
      if (s.kind === 'abandon') at({ type: 'CLOSED', t: e.t, reason: ABANDONED });
      else if (s.kind === 'reconnect') at({ type: 'RECONNECT', t: e.t });
      else if (s.kind === 'open') {
        timing.open(e.t);
        at({ type: 'OPEN', t: e.t });
      } else if (s.kind === 'close') {
        const pongTimeout =
          e.kind === 'ws-frame' &&
          e.dir === 'down' &&
          e.frame.close?.reason === PONG_TIMEOUT_REASON;
        if (pongTimeout) at({ type: 'PONG_TIMEOUT', t: e.t, learn: true });
        at({ type: 'CLOSED', t: e.t, reason: s.reason });
      } else if (e.kind === 'ws-frame') {
        if (e.frame.opcodeName === 'ping' && e.dir === 'down') {
          const interval = timing.ping(e.t);
          at({ type: 'PING', t: e.t, ...(interval === undefined ? {} : { interval }) });
        }
        if (e.frame.opcodeName === 'pong' && e.dir === 'up') {
          timing.pong(e.t);
          at({ type: 'PONG', t: e.t });
        }
      }
    }
  }
  return out;
}

/** App-level heartbeat (`{"type":"hb"}` up, `hb-ack` down) of the page's raw WebSockets. */
export function appHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
  settings: { interval: number; timeout: number; maxMissed: number },
): TimedEvent<AppHeartbeatEvent>[] {
  const follower = new WsFollower(hop, isWsPath);
  const out: TimedEvent<AppHeartbeatEvent>[] = [];
  for (const e of events) {
    const at = (event: AppHeartbeatEvent) => out.push({ t: e.t, seq: e.seq, event });
    for (const s of follower.step(e)) {
      if (s.kind === 'abandon') at({ type: 'CLOSED', t: e.t, reason: ABANDONED });
      else if (s.kind === 'reconnect') at({ type: 'RECONNECT', t: e.t });
      else if (s.kind === 'open') at({ type: 'OPEN', t: e.t, ...settings });
      else if (s.kind === 'close') at({ type: 'CLOSED', t: e.t, reason: s.reason });
      else if (e.kind === 'ws-frame' && e.message?.text !== undefined) {
        const hb = parseHeartbeatMessage(e.message.text);
        if (hb?.[0] === 'hb' && e.dir === 'up') at({ type: 'HB_SENT', t: e.t, n: hb[1] });
        if (hb?.[0] === 'hb-ack' && e.dir === 'down') at({ type: 'HB_ACK', t: e.t, n: hb[1] });
      }
    }
  }
  return out;
}
