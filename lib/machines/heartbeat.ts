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
 * The delays are deadlines computed from the values the server announced (the open packet) or the
 * lab's configuration; the overdue states mean "the deadline passed and nothing arrived on the
 * wire". Fold with `foldEvents(…, { upToT })` so a deadline fires at its exact time under the
 * replay clock, never on a real timer.
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
  | { type: 'OPEN'; t: number; interval: number; timeout: number }
  | { type: 'PING'; t: number }
  | { type: 'PONG'; t: number }
  | { type: 'CLOSED'; t: number; reason: string }
  /** The client started its next connection (a handshake request) after the close. */
  | { type: 'RECONNECT'; t: number };

export interface HeartbeatContext {
  interval: number;
  timeout: number;
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
    pongDeadline: ({ context }) => context.timeout,
    pingDeadline: ({ context }) => context.interval + context.timeout,
  },
  actions: {
    configure: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {};
      const again = context.lastCloseT !== undefined;
      return {
        interval: event.interval,
        timeout: event.timeout,
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
    interval: 25_000,
    timeout: 20_000,
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
          on: { PONG: { target: 'waitingForPing', actions: 'recordPong' } },
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
 * Heartbeat events of a raw WebSocket whose server pings with ping frames (the `ws` heartbeat
 * pattern). `interval` and `timeout` are the lab server's settings; the fold starts at the 101.
 */
export function heartbeatEventsOfWebSocket(
  events: readonly TimedEvent<WsConnectionEvent>[],
  settings: { interval: number; timeout: number },
): TimedEvent<HeartbeatEvent>[] {
  const out: TimedEvent<HeartbeatEvent>[] = [];
  for (const { t, seq, event } of events) {
    if (event.type === 'HANDSHAKE_RESPONSE' && event.status === 101) {
      out.push({ t, seq, event: { type: 'OPEN', t, ...settings } });
    } else if (event.type === 'PING' && event.from === 'server') {
      out.push({ t, seq, event: { type: 'PING', t } });
    } else if (event.type === 'PONG' && event.from === 'client') {
      out.push({ t, seq, event: { type: 'PONG', t } });
    } else if (event.type === 'TCP_CLOSE') {
      out.push({ t, seq, event: { type: 'CLOSED', t, reason: `TCP ${event.how} by ${event.by}` } });
    }
  }
  return out;
}
