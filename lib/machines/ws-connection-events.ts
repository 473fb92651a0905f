/**
 * WireEvents → `wsConnectionMachine` events. Pure; the caller picks one connection on one hop.
 */
import { headerValue, isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import type { TimedEvent } from './fold';

export type Peer = 'client' | 'server';

export type WsConnectionEvent =
  | { type: 'TCP_OPEN'; seq: number }
  | {
      type: 'HANDSHAKE_REQUEST';
      seq: number;
      method: string;
      target: string;
      /**
       * True when the request asks for `Upgrade: websocket`. A request of a WebSocket connection
       * without it is one whose Upgrade header a proxy stripped (seen on the edge-node hop).
       */
      upgrade: boolean;
      key?: string;
      version?: string;
      origin?: string;
      extensions?: string;
      protocols?: string;
    }
  | {
      type: 'HANDSHAKE_RESPONSE';
      seq: number;
      status: number;
      reason: string;
      accept?: string;
      extensions?: string;
      protocol?: string;
      /** Version(s) the server supports, sent with 426 (`Sec-WebSocket-Version`). */
      version?: string;
    }
  /** A data frame (text, binary or continuation); `message` is set on the frame that completes one. */
  | {
      type: 'DATA_FRAME';
      seq: number;
      from: Peer;
      wireBytes: number;
      message?: 'text' | 'binary';
    }
  | { type: 'PING'; seq: number; from: Peer; wireBytes: number }
  | { type: 'PONG'; seq: number; from: Peer; wireBytes: number }
  | {
      type: 'CLOSE_FRAME';
      seq: number;
      from: Peer;
      code?: number;
      reason: string;
      wireBytes: number;
    }
  | { type: 'PROTOCOL_ERROR'; seq: number; from: Peer; message: string }
  | { type: 'TCP_CLOSE'; seq: number; how: 'end' | 'reset' | 'error'; by: Peer | 'edge' };

function wireBytesOf(raw: string): number {
  // Base64 length → byte length without decoding.
  const pad = raw.endsWith('==') ? 2 : raw.endsWith('=') ? 1 : 0;
  return (raw.length / 4) * 3 - pad;
}

function peerOf(dir: 'up' | 'down'): Peer {
  return dir === 'up' ? 'client' : 'server';
}

/**
 * Maps one WireEvent to the machine's events. The caller passes only events of one WebSocket
 * connection on one hop (see `wsConnectionEventsFor`; `connectionsOf(...).kind === 'websocket'`
 * names them). Every HTTP request maps to HANDSHAKE_REQUEST, with `upgrade` telling whether it
 * asked for the WebSocket upgrade, so a request whose Upgrade header a proxy stripped still shows.
 */
export function toWsConnectionEvents(e: WireEvent): WsConnectionEvent[] {
  switch (e.kind) {
    case 'conn-open':
      return [{ type: 'TCP_OPEN', seq: e.seq }];
    case 'conn-close':
      return [{ type: 'TCP_CLOSE', seq: e.seq, how: e.how, by: e.by === 'edge' ? 'edge' : e.by }];
    case 'http-request': {
      const event: Extract<WsConnectionEvent, { type: 'HANDSHAKE_REQUEST' }> = {
        type: 'HANDSHAKE_REQUEST',
        seq: e.seq,
        method: e.method,
        target: e.target,
        upgrade: isWebSocketUpgrade(e),
      };
      const fields = [
        ['key', 'sec-websocket-key'],
        ['version', 'sec-websocket-version'],
        ['origin', 'origin'],
        ['extensions', 'sec-websocket-extensions'],
        ['protocols', 'sec-websocket-protocol'],
      ] as const;
      for (const [field, header] of fields) {
        const value = headerValue(e.headers, header);
        if (value !== undefined) event[field] = value;
      }
      return [event];
    }
    case 'http-response': {
      const event: Extract<WsConnectionEvent, { type: 'HANDSHAKE_RESPONSE' }> = {
        type: 'HANDSHAKE_RESPONSE',
        seq: e.seq,
        status: e.status,
        reason: e.reason,
      };
      const fields = [
        ['accept', 'sec-websocket-accept'],
        ['extensions', 'sec-websocket-extensions'],
        ['protocol', 'sec-websocket-protocol'],
        ['version', 'sec-websocket-version'],
      ] as const;
      for (const [field, header] of fields) {
        const value = headerValue(e.headers, header);
        if (value !== undefined) event[field] = value;
      }
      return [event];
    }
    case 'ws-frame': {
      const from = peerOf(e.dir);
      const wireBytes = wireBytesOf(e.raw);
      switch (e.frame.opcodeName) {
        case 'close':
          return [
            {
              type: 'CLOSE_FRAME',
              seq: e.seq,
              from,
              reason: e.frame.close?.reason ?? '',
              wireBytes,
              ...(e.frame.close?.code !== undefined ? { code: e.frame.close.code } : {}),
            },
          ];
        case 'ping':
          return [{ type: 'PING', seq: e.seq, from, wireBytes }];
        case 'pong':
          return [{ type: 'PONG', seq: e.seq, from, wireBytes }];
        case 'reserved':
          return [
            {
              type: 'PROTOCOL_ERROR',
              seq: e.seq,
              from,
              message: `reserved opcode ${e.frame.opcode}`,
            },
          ];
        default:
          return [
            {
              type: 'DATA_FRAME',
              seq: e.seq,
              from,
              wireBytes,
              ...(e.message ? { message: e.message.type } : {}),
            },
          ];
      }
    }
    case 'protocol-error':
      return e.layer === 'ws' || e.layer === 'tcp'
        ? [{ type: 'PROTOCOL_ERROR', seq: e.seq, from: peerOf(e.dir), message: e.message }]
        : [];
    default:
      return [];
  }
}

/** The machine events of one connection on one hop, in log order, ready for `foldEvents`. */
export function wsConnectionEventsFor(
  events: readonly WireEvent[],
  conn: string,
  hop: Hop = 'browser-edge',
): TimedEvent<WsConnectionEvent>[] {
  const out: TimedEvent<WsConnectionEvent>[] = [];
  for (const e of events) {
    if (e.conn !== conn || e.hop !== hop) continue;
    for (const event of toWsConnectionEvents(e)) out.push({ t: e.t, seq: e.seq, event });
  }
  return out;
}
