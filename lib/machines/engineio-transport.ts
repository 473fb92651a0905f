/**
 * The transport of ONE Engine.IO v4 session (one sid), across every TCP connection it uses: polling
 * GETs and POSTs, the WebSocket probe, the upgraded WebSocket. See socket.io's
 * docs/engine.io-protocol/v4-current.md ("Upgrade").
 *
 *   idle ─HANDSHAKE_REQUEST─▶ handshaking            GET ?EIO=4&transport=polling (no sid)
 *   handshaking ─OPEN [over polling]─▶ polling         0{"sid",…,"upgrades":["websocket"],…}
 *   handshaking ─OPEN [over WebSocket]─▶ websocket     transports: ['websocket']: no upgrade at all
 *   polling ─PROBE_REQUEST─▶ probing                   GET ?EIO=4&transport=websocket&sid=…
 *   probing ─PROBE_PONG─▶ upgrading                    2probe up, 3probe down
 *   upgrading ─UPGRADE─▶ websocket                     6 (noop) flushes the pending poll, then 5 up
 *   probing/upgrading ─PROBE_FAILED─▶ polling          probe WebSocket refused or closed before 5
 *   session ─CLOSE / TRANSPORT_CLOSED / TRANSPORT_ERROR─▶ closed
 *
 * The five open-ish states are children of `session` (state values like { session: 'polling' }),
 * so the three ways a session ends are drawn once, from the container.
 *
 * Events come from `EngineIoEventMapper` (engineio-mapper.ts), which knows which TCP connection and
 * request belongs to which session. No timers: every transition is an observed packet or request.
 */
import { assign, setup } from 'xstate';
import type { Dir, EioPacketType, SioPacketType } from '@/lib/mirror/types';

export type EioTransport = 'polling' | 'websocket';

export interface EioOpenInfo {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

export type EngineIoEvent =
  | { type: 'HANDSHAKE_REQUEST'; seq: number; transport: EioTransport; conn: string }
  | ({ type: 'OPEN'; seq: number; transport: EioTransport } & EioOpenInfo)
  /** A polling request of an open session (GET = long poll, POST = client packets). */
  | { type: 'POLL_REQUEST'; seq: number; method: string; conn: string }
  /** Any other Engine.IO packet: message, ping, pong (and noop/close outside their transitions). */
  | {
      type: 'PACKET';
      seq: number;
      dir: Dir;
      transport: EioTransport;
      packet: EioPacketType;
      sio?: SioPacketType;
    }
  | { type: 'PROBE_REQUEST'; seq: number; conn: string }
  | { type: 'PROBE_OPENED'; seq: number }
  | { type: 'PROBE_PING'; seq: number }
  | { type: 'PROBE_PONG'; seq: number }
  /** A noop (6) in a polling response: the server flushing the pending GET during the upgrade. */
  | { type: 'NOOP'; seq: number }
  | { type: 'UPGRADE'; seq: number }
  | { type: 'PROBE_FAILED'; seq: number; reason: string }
  | { type: 'CLOSE'; seq: number; by: 'client' | 'server'; transport: EioTransport }
  | { type: 'TRANSPORT_CLOSED'; seq: number; transport: EioTransport; reason: string }
  | {
      type: 'TRANSPORT_ERROR';
      seq: number;
      transport: EioTransport;
      status: number;
      reason: string;
    };

export interface EngineIoContext {
  /** Transport of the handshake request. */
  initialTransport?: EioTransport;
  sid?: string;
  upgrades: string[];
  pingInterval?: number;
  pingTimeout?: number;
  maxPayload?: number;
  /** Polling requests of the session, handshake included. */
  pollGets: number;
  pollPosts: number;
  messagesUp: number;
  messagesDown: number;
  messagesOverPolling: number;
  messagesOverWebSocket: number;
  pings: number;
  pongs: number;
  noops: number;
  /** Failed upgrade attempts (probe WebSocket refused or closed before `5`). */
  probeFailed: number;
  lastProbeFailure?: string;
  /** Connection carrying the probe, while one is in progress or after the upgrade. */
  probeConn?: string;
  /** True once the pending poll was flushed (a noop arrived) during the upgrade. */
  pollFlushed: boolean;
  /** Seq of the `5` upgrade packet. */
  upgradeSeq?: number;
  closeReason?: string;
  /** Status of a failed polling request (400 'Session ID unknown' without sticky sessions). */
  errorStatus?: number;
}

export const initialEngineIoContext: EngineIoContext = {
  upgrades: [],
  pollGets: 0,
  pollPosts: 0,
  messagesUp: 0,
  messagesDown: 0,
  messagesOverPolling: 0,
  messagesOverWebSocket: 0,
  pings: 0,
  pongs: 0,
  noops: 0,
  probeFailed: 0,
  pollFlushed: false,
};

export const engineIoTransportMachine = setup({
  types: {
    context: {} as EngineIoContext,
    events: {} as EngineIoEvent,
  },
  guards: {
    openedOverPolling: ({ event }) => event.type === 'OPEN' && event.transport === 'polling',
    openedOverWebSocket: ({ event }) => event.type === 'OPEN' && event.transport === 'websocket',
  },
  actions: {
    recordHandshake: assign(({ context, event }) =>
      event.type === 'HANDSHAKE_REQUEST'
        ? {
            initialTransport: event.transport,
            pollGets: context.pollGets + (event.transport === 'polling' ? 1 : 0),
          }
        : {},
    ),
    recordOpen: assign(({ event }) =>
      event.type === 'OPEN'
        ? {
            sid: event.sid,
            upgrades: event.upgrades,
            pingInterval: event.pingInterval,
            pingTimeout: event.pingTimeout,
            maxPayload: event.maxPayload,
          }
        : {},
    ),
    countPollRequest: assign(({ context, event }) => {
      if (event.type !== 'POLL_REQUEST') return {};
      return event.method === 'POST'
        ? { pollPosts: context.pollPosts + 1 }
        : { pollGets: context.pollGets + 1 };
    }),
    countPacket: assign(({ context, event }) => {
      if (event.type === 'NOOP') return { noops: context.noops + 1 };
      if (event.type !== 'PACKET') return {};
      if (event.packet === 'ping') return { pings: context.pings + 1 };
      if (event.packet === 'pong') return { pongs: context.pongs + 1 };
      if (event.packet === 'noop') return { noops: context.noops + 1 };
      if (event.packet !== 'message') return {};
      return {
        messagesUp: context.messagesUp + (event.dir === 'up' ? 1 : 0),
        messagesDown: context.messagesDown + (event.dir === 'down' ? 1 : 0),
        messagesOverPolling: context.messagesOverPolling + (event.transport === 'polling' ? 1 : 0),
        messagesOverWebSocket:
          context.messagesOverWebSocket + (event.transport === 'websocket' ? 1 : 0),
      };
    }),
    recordProbe: assign(({ event }) =>
      event.type === 'PROBE_REQUEST' ? { probeConn: event.conn, pollFlushed: false } : {},
    ),
    recordFlush: assign(({ context }) => ({ pollFlushed: true, noops: context.noops + 1 })),
    recordUpgrade: assign(({ event }) =>
      event.type === 'UPGRADE' ? { upgradeSeq: event.seq } : {},
    ),
    recordProbeFailure: assign(({ context, event }) =>
      event.type === 'PROBE_FAILED'
        ? {
            probeFailed: context.probeFailed + 1,
            lastProbeFailure: event.reason,
            probeConn: undefined,
          }
        : {},
    ),
    recordClose: assign(({ event }) => {
      switch (event.type) {
        case 'CLOSE':
          return { closeReason: `close packet (1) from the ${event.by} over ${event.transport}` };
        case 'TRANSPORT_CLOSED':
          return { closeReason: `${event.transport} transport closed: ${event.reason}` };
        case 'TRANSPORT_ERROR':
          return {
            closeReason: `${event.transport} request failed: ${event.status} ${event.reason}`,
            errorStatus: event.status,
          };
        default:
          return {};
      }
    }),
  },
}).createMachine({
  id: 'eio',
  context: initialEngineIoContext,
  initial: 'idle',
  states: {
    idle: {
      description: 'No Engine.IO request seen yet.',
      on: {
        HANDSHAKE_REQUEST: { target: 'session.handshaking', actions: 'recordHandshake' },
      },
    },
    session: {
      description: 'One sid, across every connection it uses.',
      initial: 'handshaking',
      states: {
        handshaking: {
          description: 'GET ?EIO=4 without sid sent; waiting for the open packet (0{"sid",…}).',
          tags: ['handshake'],
          on: {
            OPEN: [
              { guard: 'openedOverPolling', target: 'polling', actions: 'recordOpen' },
              { guard: 'openedOverWebSocket', target: 'websocket', actions: 'recordOpen' },
            ],
          },
        },
        polling: {
          description:
            'Open over HTTP long polling: a GET waits for server packets, POSTs carry the client’s.',
          tags: ['open', 'polling'],
          on: {
            POLL_REQUEST: { actions: 'countPollRequest' },
            PACKET: { actions: 'countPacket' },
            NOOP: { actions: 'countPacket' },
            PROBE_REQUEST: { target: 'probing', actions: 'recordProbe' },
          },
        },
        probing: {
          description:
            'A WebSocket with the same sid is tested with 2probe; polling still carries the data.',
          tags: ['open', 'polling', 'upgrade'],
          on: {
            POLL_REQUEST: { actions: 'countPollRequest' },
            PACKET: { actions: 'countPacket' },
            NOOP: { actions: 'countPacket' },
            PROBE_PONG: { target: 'upgrading' },
            PROBE_FAILED: { target: 'polling', actions: 'recordProbeFailure' },
          },
        },
        upgrading: {
          description:
            '3probe received: the client pauses polling until the pending GET returns (6 noop).',
          tags: ['open', 'upgrade'],
          on: {
            POLL_REQUEST: { actions: 'countPollRequest' },
            PACKET: { actions: 'countPacket' },
            NOOP: { actions: 'recordFlush' },
            UPGRADE: { target: 'websocket', actions: 'recordUpgrade' },
            PROBE_FAILED: { target: 'polling', actions: 'recordProbeFailure' },
          },
        },
        websocket: {
          description: 'Every packet now travels as a WebSocket frame.',
          tags: ['open', 'websocket'],
          on: {
            PACKET: { actions: 'countPacket' },
            NOOP: { actions: 'countPacket' },
            POLL_REQUEST: { actions: 'countPollRequest' },
          },
        },
      },
      on: {
        CLOSE: { target: 'closed', actions: 'recordClose' },
        TRANSPORT_CLOSED: { target: 'closed', actions: 'recordClose' },
        TRANSPORT_ERROR: { target: 'closed', actions: 'recordClose' },
      },
    },
    closed: {
      description: 'Session over: a close packet (1), or the transport closed or failed.',
      tags: ['terminal'],
      type: 'final',
    },
  },
});

export type EngineIoTransportMachine = typeof engineIoTransportMachine;
