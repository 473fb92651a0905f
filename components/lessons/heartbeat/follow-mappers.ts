/**
 * Heartbeat mappers that follow THIS page's one client across its connections. Unlike the general
 * mappers in lib/machines/heartbeat-mappers.ts they do not wait for a TCP close before counting a
 * new connection as the reconnect: socket.io-client and this page start the next connection as soon
 * as they give up on the old one, while the old TCP connection may linger half-open (through a
 * blackhole its close never gets an answer). A new handshake on the wire therefore ends the
 * previous connection ("abandoned") and starts the reconnect.
 *
 * Each is a pure reducer (lib/live/fold-store): the followed client's HeartbeatEvents grow in an
 * AppendList, so the panel folds each captured event once and runs the xstate heartbeat over that
 * short list, never over the log. The whole-log functions below fold the same reducers.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import { type AppHeartbeatEvent, parseHeartbeatMessage } from '@/lib/machines/app-heartbeat';
import { type EioMapState, eioMapInit, eioMapStep } from '@/lib/machines/engineio-map-step';
import type { TimedEvent } from '@/lib/machines/fold';
import {
  type HeartbeatEvent,
  heartbeatEventsOfEngineIo,
  PONG_TIMEOUT_REASON,
  type PongDeadlineState,
  pongDeadlineStep,
} from '@/lib/machines/heartbeat';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { Hop, WireEvent } from '@/lib/mirror/types';

export const ABANDONED = 'abandoned: the client opened its next connection';

function closeFrameReason(e: WireEvent): string | undefined {
  if (e.kind !== 'ws-frame' || e.frame.opcodeName !== 'close') return undefined;
  const code = e.frame.close?.code;
  const reason = e.frame.close?.reason;
  return `close frame${code === undefined ? '' : ` ${code}`}${reason ? ` "${reason}"` : ''} from the ${e.dir === 'down' ? 'server' : 'client'}`;
}

/** A followed client's events so far (what foldEvents runs over). */
export interface Followed<E> {
  readonly events: AppendList<TimedEvent<E>>;
}

/** The events of a follow state, as an array (the same array per state). */
export function followedEvents<E>(s: Followed<E>): readonly TimedEvent<E>[] {
  return itemsOf(s.events);
}

/** Engine.IO heartbeat of one socket.io-client on one hop, session after session. */
export interface EioFollow extends Followed<HeartbeatEvent> {
  readonly eio: EioMapState;
  readonly deadlines: PongDeadlineState;
  /** The session followed (the client's latest handshake). */
  readonly current: string | undefined;
  readonly closed: boolean;
  /** The WebSocket the current session's frames use. */
  readonly wsConn: string | undefined;
}

function eioFollowStep(s: EioFollow, e: WireEvent): EioFollow {
  if (e.hop !== s.eio.hop) return s;
  const { state: eio, out: mapped } = eioMapStep(s.eio, e);
  let { deadlines, current, closed, wsConn } = s;
  const added: TimedEvent<HeartbeatEvent>[] = [];
  const push = (m: TimedEvent<HeartbeatEvent>) => {
    const r = pongDeadlineStep(deadlines, m);
    deadlines = r.state;
    added.push(...r.out);
  };
  const at = (event: HeartbeatEvent) => push({ t: e.t, seq: e.seq, event });
  for (const { session, ...timed } of mapped) {
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
    for (const m of heartbeatEventsOfEngineIo([timed])) {
      push(m);
      if (m.event.type === 'CLOSED') closed = true;
    }
  }
  const reason = e.conn === wsConn && !closed ? closeFrameReason(e) : undefined;
  if (reason !== undefined) {
    at({ type: 'CLOSED', t: e.t, reason });
    closed = true;
  }
  if (
    eio === s.eio &&
    deadlines === s.deadlines &&
    current === s.current &&
    closed === s.closed &&
    wsConn === s.wsConn &&
    added.length === 0
  )
    return s;
  return { eio, deadlines, current, closed, wsConn, events: append(s.events, ...added) };
}

/** Follows the Engine.IO heartbeat of the page's socket.io-client on `hop`. */
export function engineIoHeartbeatFold(hop: Hop): Reducer<EioFollow, WireEvent> {
  return {
    init: () => ({
      eio: eioMapInit(hop),
      deadlines: {},
      current: undefined,
      closed: false,
      wsConn: undefined,
      events: emptyList(),
    }),
    step: eioFollowStep,
  };
}

type Step =
  | { kind: 'open' | 'reconnect' | 'frame' }
  | { kind: 'close'; reason: string }
  | { kind: 'abandon' };

/** Which of the page's raw WebSocket connections to `/ws` on one hop is followed. */
interface WsFollow {
  readonly hop: Hop;
  readonly current: string | undefined;
  readonly closed: boolean;
}

const isWsPath = (target: string) => /\/ws(\?|$)/.test(target);
const NO_STEPS: Step[] = [];

function wsFollowStep(s: WsFollow, e: WireEvent): { follow: WsFollow; steps: Step[] } {
  const none = { follow: s, steps: NO_STEPS };
  if (e.hop !== s.hop) return none;
  if (e.kind === 'http-request') {
    if (!isWebSocketUpgrade(e) || !isWsPath(e.target)) return none;
    const first = s.current === undefined;
    const wasOpen = !first && !s.closed;
    const follow = { hop: s.hop, current: e.conn, closed: false };
    if (first) return { follow, steps: NO_STEPS };
    return {
      follow,
      steps: wasOpen ? [{ kind: 'abandon' }, { kind: 'reconnect' }] : [{ kind: 'reconnect' }],
    };
  }
  if (e.conn !== s.current || s.closed) return none;
  const closed = (reason: string) => ({
    follow: { ...s, closed: true },
    steps: [{ kind: 'close', reason } as const],
  });
  if (e.kind === 'http-response') {
    if (e.status === 101) return { follow: s, steps: [{ kind: 'open' }] };
    return closed(`handshake answered ${e.status}`);
  }
  if (e.kind === 'conn-close') return closed(`TCP ${e.how} by ${e.by}`);
  if (e.kind === 'ws-frame') {
    const reason = closeFrameReason(e);
    if (reason !== undefined) return closed(reason);
    return { follow: s, steps: [{ kind: 'frame' }] };
  }
  return none;
}

/** Protocol heartbeat of the page's raw WebSockets: the follow, and the ping spacing's start. */
export interface WsProtocolFollow extends Followed<HeartbeatEvent> {
  readonly follow: WsFollow;
  /** Since when the next server ping is awaited (the 101 or the last pong), when seen. */
  readonly since: number | undefined;
}

function wsProtocolStep(s: WsProtocolFollow, e: WireEvent): WsProtocolFollow {
  const { follow, steps } = wsFollowStep(s.follow, e);
  let since = s.since;
  const added: TimedEvent<HeartbeatEvent>[] = [];
  const at = (event: HeartbeatEvent) => added.push({ t: e.t, seq: e.seq, event });
  for (const st of steps) {
    if (st.kind === 'abandon') at({ type: 'CLOSED', t: e.t, reason: ABANDONED });
    else if (st.kind === 'reconnect') at({ type: 'RECONNECT', t: e.t });
    else if (st.kind === 'open') {
      since = e.t;
      at({ type: 'OPEN', t: e.t });
    } else if (st.kind === 'close') {
      const pongTimeout =
        e.kind === 'ws-frame' && e.dir === 'down' && e.frame.close?.reason === PONG_TIMEOUT_REASON;
      if (pongTimeout) at({ type: 'PONG_TIMEOUT', t: e.t, learn: true });
      at({ type: 'CLOSED', t: e.t, reason: st.reason });
    } else if (e.kind === 'ws-frame') {
      if (e.frame.opcodeName === 'ping' && e.dir === 'down') {
        // The measured spacing before this ping (WirePingTiming), when its start was seen.
        const interval = since === undefined ? undefined : e.t - since;
        since = undefined;
        at({ type: 'PING', t: e.t, ...(interval === undefined ? {} : { interval }) });
      }
      if (e.frame.opcodeName === 'pong' && e.dir === 'up') {
        since = e.t;
        at({ type: 'PONG', t: e.t });
      }
    }
  }
  if (follow === s.follow && since === s.since && added.length === 0) return s;
  return { follow, since, events: append(s.events, ...added) };
}

/**
 * Protocol heartbeat (ping 0x9 down, pong 0xA up) of the page's raw WebSocket connections. No value
 * the page set is used: nothing on the wire announces the server's interval or timeout, so PINGs
 * carry the measured spacing and the server's close "pong timeout" marks the missed pong.
 */
export function wsProtocolHeartbeatFold(hop: Hop): Reducer<WsProtocolFollow, WireEvent> {
  return {
    init: () => ({
      follow: { hop, current: undefined, closed: false },
      since: undefined,
      events: emptyList(),
    }),
    step: wsProtocolStep,
  };
}

export interface AppHeartbeatSettings {
  interval: number;
  timeout: number;
  maxMissed: number;
}

/** App-level heartbeat of the page's raw WebSockets. */
export interface AppFollow extends Followed<AppHeartbeatEvent> {
  readonly follow: WsFollow;
}

/** App-level heartbeat (`{"type":"hb"}` up, `hb-ack` down) of the page's raw WebSockets. */
export function appHeartbeatFold(
  hop: Hop,
  settings: AppHeartbeatSettings,
): Reducer<AppFollow, WireEvent> {
  return {
    init: () => ({ follow: { hop, current: undefined, closed: false }, events: emptyList() }),
    step: (s, e) => {
      const { follow, steps } = wsFollowStep(s.follow, e);
      const added: TimedEvent<AppHeartbeatEvent>[] = [];
      const at = (event: AppHeartbeatEvent) => added.push({ t: e.t, seq: e.seq, event });
      for (const st of steps) {
        if (st.kind === 'abandon') at({ type: 'CLOSED', t: e.t, reason: ABANDONED });
        else if (st.kind === 'reconnect') at({ type: 'RECONNECT', t: e.t });
        else if (st.kind === 'open') at({ type: 'OPEN', t: e.t, ...settings });
        else if (st.kind === 'close') at({ type: 'CLOSED', t: e.t, reason: st.reason });
        else if (e.kind === 'ws-frame' && e.message?.text !== undefined) {
          const hb = parseHeartbeatMessage(e.message.text);
          if (hb?.[0] === 'hb' && e.dir === 'up') at({ type: 'HB_SENT', t: e.t, n: hb[1] });
          if (hb?.[0] === 'hb-ack' && e.dir === 'down') at({ type: 'HB_ACK', t: e.t, n: hb[1] });
        }
      }
      if (follow === s.follow && added.length === 0) return s;
      return { follow, events: append(s.events, ...added) };
    },
  };
}

function foldAll<S extends Followed<E>, E>(
  reducer: Reducer<S, WireEvent>,
  events: readonly WireEvent[],
): readonly TimedEvent<E>[] {
  let s = reducer.init();
  for (const e of events) s = reducer.step(s, e);
  return followedEvents(s);
}

/** engineIoHeartbeatFold over a whole log. */
export function engineIoHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
): readonly TimedEvent<HeartbeatEvent>[] {
  return foldAll(engineIoHeartbeatFold(hop), events);
}

/** wsProtocolHeartbeatFold over a whole log. */
export function wsProtocolHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
): readonly TimedEvent<HeartbeatEvent>[] {
  return foldAll(wsProtocolHeartbeatFold(hop), events);
}

/** appHeartbeatFold over a whole log. */
export function appHeartbeatEvents(
  events: readonly WireEvent[],
  hop: Hop,
  settings: AppHeartbeatSettings,
): readonly TimedEvent<AppHeartbeatEvent>[] {
  return foldAll(appHeartbeatFold(hop, settings), events);
}
