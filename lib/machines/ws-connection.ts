/**
 * The lifecycle of ONE WebSocket connection as seen on ONE hop (RFC 6455 §4 opening handshake,
 * §5 frames, §7 closing).
 *
 *   idle ─TCP_OPEN─▶ handshake.connecting ─HANDSHAKE_REQUEST─▶ handshake.requestSent
 *   handshake.requestSent ─HANDSHAKE_RESPONSE [101]─▶ open
 *   handshake.requestSent ─HANDSHAKE_RESPONSE [other status]─▶ failed        (426, 403, 400, …)
 *   handshake ─TCP_CLOSE─▶ failed                                            (closed before 101)
 *   open ─CLOSE_FRAME─▶ closing.initiated ─CLOSE_FRAME [from the other side]─▶ closing.acknowledged
 *   closing ─TCP_CLOSE─▶ closed    (clean when the close handshake completed, RFC 6455 §7.1.4)
 *   open ─TCP_CLOSE─▶ closed       (no close frames: unclean, the API reports 1006)
 *
 * 'up' on a hop is the client's direction, so a frame going up was sent by the client.
 * Every transition is driven by an observed WireEvent; the machine has no timers.
 */
import { assign, setup } from 'xstate';
import type { Peer, WsConnectionEvent } from './ws-connection-events';

export type { Peer, WsConnectionEvent } from './ws-connection-events';
export { toWsConnectionEvents, wsConnectionEventsFor } from './ws-connection-events';

export interface CloseFrameSeen {
  seq: number;
  from: Peer;
  code?: number;
  reason: string;
}

export interface WsConnectionContext {
  request?: Omit<Extract<WsConnectionEvent, { type: 'HANDSHAKE_REQUEST' }>, 'type'>;
  response?: Omit<Extract<WsConnectionEvent, { type: 'HANDSHAKE_RESPONSE' }>, 'type'>;
  /** Status of the handshake response, when one arrived (101, or 426/403/400 when it failed). */
  status?: number;
  messagesUp: number;
  messagesDown: number;
  framesUp: number;
  framesDown: number;
  /** Frame bytes as on the wire (headers + payload), after the handshake. */
  bytesUp: number;
  bytesDown: number;
  pingsUp: number;
  pingsDown: number;
  pongsUp: number;
  pongsDown: number;
  /** Close frames in order seen: the first is the initiator's, the second the reply. */
  closeFrames: CloseFrameSeen[];
  /** Who started closing: the first close frame's sender, else the side whose TCP close ended it. */
  closedBy?: Peer | 'edge';
  /** Close code carried by the first close frame (absent when none or when it had no code). */
  code?: number;
  reason?: string;
  /** The code the browser's CloseEvent reports: the frame's code, 1005 (no code) or 1006 (no frame). */
  reportedCode?: number;
  /** True when both close frames were exchanged before TCP closed (CloseEvent.wasClean). */
  clean: boolean;
  tcpClose?: { seq: number; how: 'end' | 'reset' | 'error'; by: Peer | 'edge' };
  /** Why the handshake failed, in words. */
  failure?: string;
  protocolErrors: number;
  lastProtocolError?: string;
}

export const initialWsConnectionContext: WsConnectionContext = {
  messagesUp: 0,
  messagesDown: 0,
  framesUp: 0,
  framesDown: 0,
  bytesUp: 0,
  bytesDown: 0,
  pingsUp: 0,
  pingsDown: 0,
  pongsUp: 0,
  pongsDown: 0,
  closeFrames: [],
  clean: false,
  protocolErrors: 0,
};

type FrameEvent = Extract<WsConnectionEvent, { from: Peer; wireBytes: number }>;

function countFrame(context: WsConnectionContext, event: FrameEvent): Partial<WsConnectionContext> {
  return event.from === 'client'
    ? { framesUp: context.framesUp + 1, bytesUp: context.bytesUp + event.wireBytes }
    : { framesDown: context.framesDown + 1, bytesDown: context.bytesDown + event.wireBytes };
}

export const wsConnectionMachine = setup({
  types: {
    context: {} as WsConnectionContext,
    events: {} as WsConnectionEvent,
  },
  guards: {
    isSwitchingProtocols: ({ event }) =>
      event.type === 'HANDSHAKE_RESPONSE' && event.status === 101,
    isReplyToClose: ({ context, event }) =>
      event.type === 'CLOSE_FRAME' && context.closeFrames[0]?.from !== event.from,
  },
  actions: {
    recordRequest: assign(({ event }) => {
      if (event.type !== 'HANDSHAKE_REQUEST') return {};
      const { type: _type, ...request } = event;
      return { request };
    }),
    recordResponse: assign(({ event }) => {
      if (event.type !== 'HANDSHAKE_RESPONSE') return {};
      const { type: _type, ...response } = event;
      return { response, status: event.status };
    }),
    recordRejection: assign(({ context, event }) => {
      if (event.type !== 'HANDSHAKE_RESPONSE') return {};
      const stripped =
        context.request?.upgrade === false ? ' (the request had no Upgrade: websocket header)' : '';
      return {
        failure: `server answered ${event.status} ${event.reason} instead of 101 Switching Protocols${stripped}`,
      };
    }),
    recordEarlyTcpClose: assign(({ event }) =>
      event.type === 'TCP_CLOSE'
        ? {
            tcpClose: { seq: event.seq, how: event.how, by: event.by },
            failure: `TCP connection closed (${event.how}, by ${event.by}) before a 101 response`,
          }
        : {},
    ),
    countDataFrame: assign(({ context, event }) => {
      if (event.type !== 'DATA_FRAME') return {};
      const counts = countFrame(context, event);
      if (event.message === undefined) return counts;
      return event.from === 'client'
        ? { ...counts, messagesUp: context.messagesUp + 1 }
        : { ...counts, messagesDown: context.messagesDown + 1 };
    }),
    countPing: assign(({ context, event }) => {
      if (event.type !== 'PING') return {};
      const counts = countFrame(context, event);
      return event.from === 'client'
        ? { ...counts, pingsUp: context.pingsUp + 1 }
        : { ...counts, pingsDown: context.pingsDown + 1 };
    }),
    countPong: assign(({ context, event }) => {
      if (event.type !== 'PONG') return {};
      const counts = countFrame(context, event);
      return event.from === 'client'
        ? { ...counts, pongsUp: context.pongsUp + 1 }
        : { ...counts, pongsDown: context.pongsDown + 1 };
    }),
    recordCloseFrame: assign(({ context, event }) => {
      if (event.type !== 'CLOSE_FRAME') return {};
      const seen: CloseFrameSeen = { seq: event.seq, from: event.from, reason: event.reason };
      if (event.code !== undefined) seen.code = event.code;
      const first = context.closeFrames.length === 0;
      return {
        ...countFrame(context, event),
        closeFrames: [...context.closeFrames, seen],
        ...(first
          ? {
              closedBy: event.from,
              code: event.code,
              reason: event.reason,
              reportedCode: event.code ?? 1005,
            }
          : {}),
      };
    }),
    countProtocolError: assign(({ context, event }) =>
      event.type === 'PROTOCOL_ERROR'
        ? { protocolErrors: context.protocolErrors + 1, lastProtocolError: event.message }
        : {},
    ),
    recordTcpClose: assign(({ context, event }) => {
      if (event.type !== 'TCP_CLOSE') return {};
      const tcpClose = { seq: event.seq, how: event.how, by: event.by };
      const first = context.closeFrames[0];
      const clean = first !== undefined && context.closeFrames.some((f) => f.from !== first.from);
      return {
        tcpClose,
        clean,
        closedBy: context.closedBy ?? event.by,
        reportedCode: context.reportedCode ?? 1006,
      };
    }),
  },
}).createMachine({
  id: 'ws',
  context: initialWsConnectionContext,
  initial: 'idle',
  states: {
    idle: {
      description: 'No bytes seen on this connection yet.',
      on: {
        TCP_OPEN: { target: 'handshake.connecting' },
        HANDSHAKE_REQUEST: { target: 'handshake.requestSent', actions: 'recordRequest' },
      },
    },
    handshake: {
      description: 'HTTP/1.1 opening handshake (RFC 6455 §4).',
      tags: ['handshake'],
      initial: 'connecting',
      states: {
        connecting: {
          description: 'TCP is connected; the GET with Upgrade: websocket has not been seen.',
          on: {
            HANDSHAKE_REQUEST: { target: 'requestSent', actions: 'recordRequest' },
          },
        },
        requestSent: {
          description:
            'GET with Upgrade: websocket and Sec-WebSocket-Key sent; waiting for the answer.',
          on: {
            HANDSHAKE_RESPONSE: [
              {
                guard: 'isSwitchingProtocols',
                target: '#ws.open',
                actions: 'recordResponse',
              },
              { target: '#ws.failed', actions: ['recordResponse', 'recordRejection'] },
            ],
          },
        },
      },
      on: {
        TCP_CLOSE: { target: 'failed', actions: 'recordEarlyTcpClose' },
      },
    },
    open: {
      description: '101 Switching Protocols received: frames flow both ways.',
      tags: ['open'],
      on: {
        DATA_FRAME: { actions: 'countDataFrame' },
        PING: { actions: 'countPing' },
        PONG: { actions: 'countPong' },
        PROTOCOL_ERROR: { actions: 'countProtocolError' },
        CLOSE_FRAME: { target: 'closing', actions: 'recordCloseFrame' },
        TCP_CLOSE: { target: 'closed', actions: 'recordTcpClose' },
      },
    },
    closing: {
      description: 'A close frame was sent; the other side answers with its own, then TCP closes.',
      tags: ['closing'],
      initial: 'initiated',
      states: {
        initiated: {
          description: 'One side sent a close frame and waits for the reply.',
          on: {
            CLOSE_FRAME: {
              guard: 'isReplyToClose',
              target: 'acknowledged',
              actions: 'recordCloseFrame',
            },
          },
        },
        acknowledged: {
          description: 'Both close frames exchanged: the closing handshake is complete.',
        },
      },
      on: {
        DATA_FRAME: { actions: 'countDataFrame' },
        PING: { actions: 'countPing' },
        PONG: { actions: 'countPong' },
        PROTOCOL_ERROR: { actions: 'countProtocolError' },
        TCP_CLOSE: { target: 'closed', actions: 'recordTcpClose' },
      },
    },
    closed: {
      description: 'TCP closed. Clean if the close handshake completed first.',
      tags: ['terminal', 'closed'],
      type: 'final',
    },
    failed: {
      description: 'The handshake did not end in 101: an error status, or TCP closed first.',
      tags: ['terminal', 'failed'],
      type: 'final',
    },
  },
});

export type WsConnectionMachine = typeof wsConnectionMachine;
