/**
 * Heartbeat deadlines of one connection: the server pings, the client answers with a pong.
 *
 * Engine.IO v4 (socket.io docs/engine.io-protocol/v4-current.md, "Heartbeat"): the server sends a
 * ping (`2`) every `pingInterval` ms and closes the session if no pong (`3`) arrives within
 * `pingTimeout`; the client closes if no ping arrives within `pingInterval + pingTimeout`. A raw `ws`
 * server doing the same with ping/pong frames fits the same machine with its own interval/timeout.
 *
 *   idle ─OPEN─▶ waitingForPing ─PING─▶ awaitingPong ─PONG─▶ waitingForPing
 *   awaitingPong ─after pingTimeout─▶ pongOverdue       (the server will give up on the client)
 *   waitingForPing ─after interval + timeout─▶ pingOverdue (the client will give up on the server)
 *   overdue ─PONG / PING─▶ back on track (the late packet did arrive)
 *   connected ─CLOSED─▶ closed     (the four states above are children of `connected`)
 *   closed ─RECONNECT─▶ reconnecting ─OPEN─▶ connected   the client's next connection: a new cycle
 *   closed ─OPEN─▶ connected       (when the mapper saw no handshake request of its own)
 *
 * The delays are deadlines computed from what the wire shows, never from a configuration the page
 * only believes is in force. Engine.IO announces both values in its open packet. A raw WebSocket
 * announces nothing, so its timing is measured (`WirePingTiming`): the interval is the real spacing
 * before each ping (since the 101 or the last pong: the `ws` pattern re-arms after a pong), and the
 * pong timeout is known only once the server has closed a connection for a missing pong (ping →
 * close "pong timeout"). A deadline whose value the wire has not shown yet does not fire; the
 * server's pong-timeout close moves the chart to `pongOverdue` itself (`PONG_TIMEOUT`, at the
 * close). The overdue states mean "the deadline passed and nothing arrived on the wire". Fold with
 * `foldEvents(…, { upToT })` so a deadline fires at its exact time under the replay clock, never
 * on a real timer.
 *
 * A close that follows a missed deadline is a timeout close (`closedOnTimeout`): with a blackhole
 * (half-open TCP) the pong never reaches the server, pingTimeout passes, the server closes, and
 * the client reconnects. Mappers for whole logs (several connections, reconnects included) are in
 * heartbeat-mappers.ts.
 */
import { assign, setup } from 'xstate';
import type { EngineIoEvent } from './engineio-transport';
import type { TimedEvent } from './fold';
import type { WsConnectionEvent } from './ws-connection-events';

export type HeartbeatEvent =
  /** interval / timeout: announced (Engine.IO open packet); absent when the wire has not shown them. */
  | { type: 'OPEN'; t: number; interval?: number; timeout?: number }
  /** interval: the measured spacing before this ping, when the protocol announces none. */
  | { type: 'PING'; t: number; interval?: number }
  /**
   * The server closed because the pong did not come: a raw WebSocket close "pong timeout" (which
   * teaches the timeout: `learn`), or an Engine.IO close at its announced pong deadline.
   */
  | { type: 'PONG_TIMEOUT'; t: number; learn?: boolean }
  | { type: 'PONG'; t: number }
  | { type: 'CLOSED'; t: number; reason: string }
  /** The client started its next connection (a handshake request) after the close. */
  | { type: 'RECONNECT'; t: number };

export interface HeartbeatContext {
  /** ms; undefined until the wire shows it (a raw WebSocket before its first ping). */
  interval?: number;
  /** ms; undefined until the wire shows it (a raw WebSocket before its first pong-timeout close). */
  timeout?: number;
  pings: number;
  pongs: number;
  lastPingT?: number;
  lastPongT?: number;
  /** Ping → pong delays in ms, most recent last (at most 50 kept). */
  rtts: number[];
  /** Deadlines missed (pong after pingTimeout, or no ping within interval + timeout). */
  missed: number;
  closeReason?: string;
  /** Which deadline is currently missed (cleared by the next ping / pong). */
  overdue?: 'pong' | 'ping';
  /** Pongs that arrived after pingTimeout had passed. */
  latePongs: number;
  /** The last close followed a missed deadline (and which one). */
  closedOnTimeout?: 'pong' | 'ping';
  timeoutCloses: number;
  /** Connections opened (OPENs seen): 1 + reconnects. */
  cycles: number;
  lastCloseT?: number;
  /** Close → next OPEN, in ms, per reconnect. */
  reconnectDelays: number[];
}

const MAX_RTTS = 50;

export const heartbeatMachine = setup({
  types: {
    context: {} as HeartbeatContext,
    events: {} as HeartbeatEvent,
  },
  delays: {
    // An unknown value is a deadline that never falls due (the replay clock never reaches Infinity).
    pongDeadline: ({ context }) => context.timeout ?? Number.POSITIVE_INFINITY,
    pingDeadline: ({ context }) =>
      context.interval === undefined || context.timeout === undefined
        ? Number.POSITIVE_INFINITY
        : context.interval + context.timeout,
  },
  actions: {
    configure: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {};
      const again = context.lastCloseT !== undefined;
      return {
        // A value measured on an earlier connection stays until the wire shows a new one.
        interval: event.interval ?? context.interval,
        timeout: event.timeout ?? context.timeout,
        cycles: context.cycles + 1,
        overdue: undefined,
        lastPingT: undefined,
        reconnectDelays: again
          ? [...context.reconnectDelays, event.t - (context.lastCloseT ?? 0)]
          : context.reconnectDelays,
      };
    }),
    recordPing: assign(({ context, event }) => ({
      pings: context.pings + 1,
      lastPingT: event.t,
      overdue: undefined,
      interval: (event.type === 'PING' ? event.interval : undefined) ?? context.interval,
    })),
    recordPong: assign(({ context, event }) => {
      const rtt = context.lastPingT === undefined ? undefined : event.t - context.lastPingT;
      return {
        pongs: context.pongs + 1,
        lastPongT: event.t,
        rtts: rtt === undefined ? context.rtts : [...context.rtts, rtt].slice(-MAX_RTTS),
        latePongs: context.latePongs + (context.overdue === 'pong' ? 1 : 0),
        overdue: undefined,
      };
    }),
    countMissedPong: assign(({ context }) => ({
      missed: context.missed + 1,
      overdue: 'pong' as const,
    })),
    /** The server's pong-timeout close: the timeout is what the wire shows, ping → close. */
    learnTimeout: assign(({ context, event }) =>
      context.lastPingT === undefined || event.type !== 'PONG_TIMEOUT' || !event.learn
        ? {}
        : { timeout: event.t - context.lastPingT },
    ),
    countMissedPing: assign(({ context }) => ({
      missed: context.missed + 1,
      overdue: 'ping' as const,
    })),
    recordClose: assign(({ context, event }) =>
      event.type === 'CLOSED'
        ? {
            closeReason: event.reason,
            closedOnTimeout: context.overdue,
            timeoutCloses: context.timeoutCloses + (context.overdue === undefined ? 0 : 1),
            lastCloseT: event.t,
            overdue: undefined,
          }
        : {},
    ),
  },
}).createMachine({
  id: 'heartbeat',
  context: {
    pings: 0,
    pongs: 0,
    rtts: [],
    missed: 0,
    latePongs: 0,
    timeoutCloses: 0,
    cycles: 0,
    reconnectDelays: [],
  },
  initial: 'idle',
  states: {
    idle: {
      description: 'Waiting for the open packet that announces pingInterval and pingTimeout.',
      on: { OPEN: { target: 'connected', actions: 'configure' } },
    },
    connected: {
      description: 'Open: a ping is expected every pingInterval and its pong within pingTimeout.',
      initial: 'waitingForPing',
      states: {
        waitingForPing: {
          description:
            'The next ping is due within pingInterval (+ pingTimeout before the client gives up).',
          tags: ['alive'],
          after: { pingDeadline: { target: 'pingOverdue', actions: 'countMissedPing' } },
          on: { PING: { target: 'awaitingPong', actions: 'recordPing' } },
        },
        awaitingPong: {
          description: 'Ping sent; the pong must arrive within pingTimeout.',
          tags: ['alive'],
          after: { pongDeadline: { target: 'pongOverdue', actions: 'countMissedPong' } },
          on: {
            PONG: { target: 'waitingForPing', actions: 'recordPong' },
            PONG_TIMEOUT: { target: 'pongOverdue', actions: ['learnTimeout', 'countMissedPong'] },
          },
        },
        pongOverdue: {
          description:
            'pingTimeout passed without a pong on the wire: the server closes the connection.',
          tags: ['overdue'],
          on: {
            PONG: { target: 'waitingForPing', actions: 'recordPong' },
            PING: { target: 'awaitingPong', actions: 'recordPing' },
          },
        },
        pingOverdue: {
          description: 'No ping for pingInterval + pingTimeout: the client closes the connection.',
          tags: ['overdue'],
          on: { PING: { target: 'awaitingPong', actions: 'recordPing' } },
        },
      },
      on: {
        CLOSED: { target: 'closed', actions: 'recordClose' },
      },
    },
    closed: {
      description:
        'The connection or session is over (after a timeout when a deadline was missed).',
      tags: ['closed'],
      on: {
        RECONNECT: { target: 'reconnecting' },
        OPEN: { target: 'connected', actions: 'configure' },
      },
    },
    reconnecting: {
      description: 'The client is opening its next connection: handshake sent, not yet open.',
      tags: ['reconnecting'],
      on: {
        OPEN: { target: 'connected', actions: 'configure' },
        CLOSED: { target: 'closed', actions: 'recordClose' },
      },
    },
  },
});

export type HeartbeatMachine = typeof heartbeatMachine;

/**
 * Heartbeat events of one Engine.IO session: the open packet's values, server pings ('2' down) and
 * client pongs ('3' up), and the end of the session. Probe packets are not heartbeats.
 */
export function heartbeatEventsOfEngineIo(
  events: readonly TimedEvent<EngineIoEvent>[],
): TimedEvent<HeartbeatEvent>[] {
  const out: TimedEvent<HeartbeatEvent>[] = [];
  for (const { t, seq, event } of events) {
    const push = (e: HeartbeatEvent): void => {
      out.push({ t, seq, event: e });
    };
    switch (event.type) {
      case 'OPEN':
        push({ type: 'OPEN', t, interval: event.pingInterval, timeout: event.pingTimeout });
        break;
      case 'PACKET':
        if (event.packet === 'ping' && event.dir === 'down') push({ type: 'PING', t });
        if (event.packet === 'pong' && event.dir === 'up') push({ type: 'PONG', t });
        break;
      case 'CLOSE':
        push({ type: 'CLOSED', t, reason: `close packet from the ${event.by}` });
        break;
      case 'TRANSPORT_CLOSED':
      case 'TRANSPORT_ERROR':
        push({ type: 'CLOSED', t, reason: event.reason });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * How much earlier than the wire's pong deadline a server close can be seen and still be that
 * deadline. The server arms its timer when it writes the ping, from the event loop's cached time;
 * the tap stamps the ping when the edge reads it, after a turn of its own loop. So the close that
 * pingTimeout causes can be stamped a few milliseconds before lastPing + pingTimeout (seen under
 * load on the 2-core CI box: the same millisecond and up to ~10 ms early).
 */
export const DEADLINE_SKEW_MS = 25;

/** What `pongDeadlineStep` remembers: the announced pingTimeout and the unanswered ping. */
export interface PongDeadlineState {
  readonly timeout?: number;
  readonly pingT?: number;
}

/**
 * Engine.IO's server says nothing when it gives up on a pong: it just closes. A close seen while
 * a ping is unanswered, at its announced deadline (within `DEADLINE_SKEW_MS`), is that deadline:
 * a PONG_TIMEOUT goes before the CLOSED, so the chart passes `pongOverdue` whichever the clock
 * stamped first. Pure, over one client's events in order (the same state when nothing changed).
 */
export function pongDeadlineStep(
  s: PongDeadlineState,
  mapped: TimedEvent<HeartbeatEvent>,
): { state: PongDeadlineState; out: TimedEvent<HeartbeatEvent>[] } {
  const { event } = mapped;
  const same = [mapped];
  switch (event.type) {
    case 'OPEN': {
      const timeout = event.timeout ?? s.timeout;
      if (timeout === s.timeout && s.pingT === undefined) return { state: s, out: same };
      return { state: timeout === undefined ? {} : { timeout }, out: same };
    }
    case 'PING':
      return { state: s.pingT === event.t ? s : { ...s, pingT: event.t }, out: same };
    case 'PONG':
      return { state: withoutPing(s), out: same };
    case 'CLOSED': {
      const { pingT, timeout } = s;
      const state = withoutPing(s);
      if (pingT !== undefined && timeout !== undefined) {
        const early = pingT + timeout - event.t;
        if (early > 0 && early <= DEADLINE_SKEW_MS)
          return {
            state,
            out: [{ ...mapped, event: { type: 'PONG_TIMEOUT', t: event.t } }, mapped],
          };
      }
      return { state, out: same };
    }
    default:
      return { state: s, out: same };
  }
}

function withoutPing(s: PongDeadlineState): PongDeadlineState {
  return s.pingT === undefined ? s : s.timeout === undefined ? {} : { timeout: s.timeout };
}

/** `pongDeadlineStep` for whole-log loops: stateful over one client's events, in order. */
export class PongDeadlineCloses {
  private state: PongDeadlineState = {};

  push(mapped: TimedEvent<HeartbeatEvent>): TimedEvent<HeartbeatEvent>[] {
    const { state, out } = pongDeadlineStep(this.state, mapped);
    this.state = state;
    return out;
  }
}

/** The close reason the lab's raw `ws` endpoint sends when a pong did not come in time. */
export const PONG_TIMEOUT_REASON = 'pong timeout';

/**
 * A raw WebSocket's heartbeat timing, read off one connection's wire: the spacing before each
 * server ping, measured from the 101 or the last pong (when the `ws` pattern re-arms its timer).
 */
export class WirePingTiming {
  private since?: number;

  open(t: number): void {
    this.since = t;
  }

  /** The spacing before this ping, when the start of the wait was seen. */
  ping(t: number): number | undefined {
    const spacing = this.since === undefined ? undefined : t - this.since;
    this.since = undefined;
    return spacing;
  }

  pong(t: number): void {
    this.since = t;
  }
}

/**
 * Heartbeat events of a raw WebSocket whose server pings with ping frames (the `ws` heartbeat
 * pattern). Nothing on the wire announces the interval or the timeout: the PINGs carry the measured
 * spacing and a close frame with reason "pong timeout" from the server becomes PONG_TIMEOUT.
 */
export function heartbeatEventsOfWebSocket(
  events: readonly TimedEvent<WsConnectionEvent>[],
): TimedEvent<HeartbeatEvent>[] {
  const out: TimedEvent<HeartbeatEvent>[] = [];
  const timing = new WirePingTiming();
  for (const { t, seq, event } of events) {
    if (event.type === 'HANDSHAKE_RESPONSE' && event.status === 101) {
      timing.open(t);
      out.push({ t, seq, event: { type: 'OPEN', t } });
    } else if (event.type === 'PING' && event.from === 'server') {
      const interval = timing.ping(t);
      out.push({
        t,
        seq,
        event: { type: 'PING', t, ...(interval === undefined ? {} : { interval }) },
      });
    } else if (event.type === 'PONG' && event.from === 'client') {
      timing.pong(t);
      out.push({ t, seq, event: { type: 'PONG', t } });
    } else if (
      event.type === 'CLOSE_FRAME' &&
      event.from === 'server' &&
      event.reason === PONG_TIMEOUT_REASON
    ) {
      out.push({ t, seq, event: { type: 'PONG_TIMEOUT', t, learn: true } });
    } else if (event.type === 'TCP_CLOSE') {
      out.push({ t, seq, event: { type: 'CLOSED', t, reason: `TCP ${event.how} by ${event.by}` } });
    }
  }
  return out;
}
