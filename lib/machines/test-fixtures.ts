/**
 * Hand-built WireEvents that look like real traffic, for the machine and log tests.
 *
 * `WireScript` stamps seq and t like the server's tap does and builds the bytes a browser and a
 * `ws` / engine.io server would put on the wire (real headers, masked client frames, unmasked server
 * frames, Engine.IO payloads separated by 0x1e). With `bothHops`, every event is recorded on the
 * browser-edge hop and again on the edge-node hop, the way the edge sees a proxied connection.
 */

import { LAB_PATHS } from '@/lib/lab/endpoints';
import { labBase } from '@/lib/mirror/protocol';
import type {
  EioPacketInfo,
  Header,
  Hop,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
  WsFrameInfo,
  WsOpcodeName,
} from '@/lib/mirror/types';
import { toBase64, utf8Encode } from '@/lib/wire/bytes';
import { DEFAULT_SID, eioPacket } from './test-packets';

export { eioPacket, openPacket, sioPacket } from './test-packets';

/** RFC 6455 §1.3 sample key and the accept it produces. */
/** A marker: an event no protocol fold maps to anything (folds must keep their state for it). */
export const QUIET_MARKER = {
  kind: 'marker',
  conn: '-',
  hop: 'browser-edge',
  dir: 'down',
  label: 'x',
  seq: 1,
  t: 0,
} as const;
export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
export const SESSION = '0123456789abcdef0123456789abcdef';
export const EIO_SID = DEFAULT_SID;
export const EIO_PATH = `${labBase(SESSION)}${LAB_PATHS.socketio}`;
export const WS_PATH = `${labBase(SESSION)}${LAB_PATHS.ws}`;

const BROWSER_HEADERS: Header[] = [
  ['Host', 'localhost:3000'],
  [
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36',
  ],
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

const OPCODES: Record<Exclude<WsOpcodeName, 'reserved'>, number> = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
};

const MASKS = ['37fa213d', 'a1b2c3d4', '0badf00d', '5e6f7a8b'];

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function headText(startLine: string, headers: readonly Header[]): string {
  return `${startLine}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

export interface WireScriptOptions {
  hop?: Hop;
  /** Record every event on both hops (browser-edge first for 'up', edge-node first for 'down'). */
  bothHops?: boolean;
  startT?: number;
}

export class WireScript {
  readonly events: WireEvent[] = [];
  t: number;
  private seq = 0;
  private maskIndex = 0;
  private readonly hop: Hop;
  private readonly bothHops: boolean;

  constructor(options: WireScriptOptions = {}) {
    this.hop = options.hop ?? 'browser-edge';
    this.bothHops = options.bothHops ?? false;
    this.t = options.startT ?? 0;
  }

  /** Moves the clock forward by `ms` (events are stamped with the current t). */
  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  get lastSeq(): number {
    return this.seq;
  }

  protected emit<E extends Omit<WireEvent, 'seq' | 't' | 'hop'>>(event: E): number {
    const hops: Hop[] = this.bothHops
      ? event.dir === 'up'
        ? ['browser-edge', 'edge-node']
        : ['edge-node', 'browser-edge']
      : [this.hop];
    let seqOnMainHop = 0;
    for (const hop of hops) {
      const seq = ++this.seq;
      if (hop === this.hop) seqOnMainHop = seq;
      this.events.push({ ...event, seq, t: this.t, hop } as unknown as WireEvent);
      if (hops.length > 1) this.t += 0.25;
    }
    return seqOnMainHop;
  }

  connOpen(conn: string, path?: string): this {
    this.emit({
      kind: 'conn-open',
      conn,
      dir: 'up',
      ...(path ? { path } : {}),
      peer: '127.0.0.1:51234',
    });
    return this;
  }

  connClose(
    conn: string,
    how: 'end' | 'reset' | 'error' = 'end',
    by: 'client' | 'server' | 'edge' = 'client',
  ): this {
    this.emit({ kind: 'conn-close', conn, dir: by === 'server' ? 'down' : 'up', how, by });
    return this;
  }

  /** Returns the seq of the request (on the main hop), for `response(…, requestSeq)`. */
  request(conn: string, method: string, target: string, extra: Header[] = []): number {
    const headers: Header[] = [...BROWSER_HEADERS, ...extra];
    const raw = toBase64(utf8Encode(headText(`${method} ${target} HTTP/1.1`, headers)));
    const event: Omit<HttpRequestEvent, 'seq' | 't' | 'hop'> = {
      kind: 'http-request',
      conn,
      dir: 'up',
      method,
      target,
      version: 'HTTP/1.1',
      headers,
      raw,
    };
    return this.emit(event);
  }

  response(
    conn: string,
    status: number,
    reason: string,
    headers: Header[] = [],
    requestSeq?: number,
  ): this {
    const raw = toBase64(utf8Encode(headText(`HTTP/1.1 ${status} ${reason}`, headers)));
    const event: Omit<HttpResponseEvent, 'seq' | 't' | 'hop'> = {
      kind: 'http-response',
      conn,
      dir: 'down',
      version: 'HTTP/1.1',
      status,
      reason,
      headers,
      raw,
      ...(requestSeq !== undefined ? { requestSeq } : {}),
    };
    this.emit(event);
    return this;
  }

  /** A complete body in one piece; Engine.IO payloads are decoded into `eio` when `eio` is true. */
  body(conn: string, dir: 'up' | 'down', text: string, eio = false): this {
    const bytes = utf8Encode(text);
    this.emit({
      kind: 'http-body',
      conn,
      dir,
      raw: toBase64(bytes),
      size: bytes.length,
      final: true,
      ...(eio ? { eio: text.split('\x1e').map(eioPacket) } : {}),
    });
    return this;
  }

  /** A polling GET answered 200 with an Engine.IO payload (packets joined by 0x1e). */
  pollGet(conn: string, target: string, packets: string[], waitMs = 0): this {
    const seq = this.request(conn, 'GET', target);
    this.wait(waitMs);
    const payload = packets.join('\x1e');
    this.response(
      conn,
      200,
      'OK',
      [
        ['Content-Type', 'text/plain; charset=UTF-8'],
        ['Content-Length', String(utf8Encode(payload).length)],
      ],
      seq,
    );
    return this.body(conn, 'down', payload, true);
  }

  /** A polling POST carrying packets, answered 200 'ok'. */
  pollPost(conn: string, target: string, packets: string[], waitMs = 1): this {
    const payload = packets.join('\x1e');
    const seq = this.request(conn, 'POST', target, [
      ['Content-Type', 'text/plain;charset=UTF-8'],
      ['Content-Length', String(utf8Encode(payload).length)],
    ]);
    this.body(conn, 'up', payload, true);
    this.wait(waitMs);
    this.response(
      conn,
      200,
      'OK',
      [
        ['Content-Type', 'text/html'],
        ['Content-Length', '2'],
      ],
      seq,
    );
    return this.body(conn, 'down', 'ok');
  }

  wsUpgradeRequest(conn: string, target: string, key = SAMPLE_KEY): number {
    return this.request(conn, 'GET', target, [
      ['Connection', 'Upgrade'],
      ['Upgrade', 'websocket'],
      ['Origin', 'http://localhost:3000'],
      ['Sec-WebSocket-Version', '13'],
      ['Sec-WebSocket-Key', key],
      ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ]);
  }

  wsAccept(conn: string, requestSeq?: number, accept = SAMPLE_ACCEPT): this {
    return this.response(
      conn,
      101,
      'Switching Protocols',
      [
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Accept', accept],
      ],
      requestSeq,
    );
  }

  /** One frame; client ('up') frames are masked like a browser's, server frames are not. */
  frame(
    conn: string,
    dir: 'up' | 'down',
    opcodeName: Exclude<WsOpcodeName, 'reserved'>,
    payload: Uint8Array,
    options: {
      fin?: boolean;
      close?: { code?: number; reason: string };
      message?: { text?: string; eio?: EioPacketInfo; frames?: number };
    } = {},
  ): this {
    const fin = options.fin ?? true;
    const opcode = OPCODES[opcodeName];
    const masked = dir === 'up';
    const maskHex = masked ? (MASKS[this.maskIndex++ % MASKS.length] as string) : undefined;
    const len = payload.length;
    const lengthBits: 7 | 16 | 64 = len < 126 ? 7 : len < 65536 ? 16 : 64;
    const header: number[] = [(fin ? 0x80 : 0) | opcode]; // FIN + opcode
    const maskBit = masked ? 0x80 : 0;
    if (lengthBits === 7) header.push(maskBit | len);
    else if (lengthBits === 16) header.push(maskBit | 126, len >> 8, len & 0xff);
    else
      header.push(
        maskBit | 127,
        0,
        0,
        0,
        0,
        (len >>> 24) & 0xff,
        (len >> 16) & 0xff,
        (len >> 8) & 0xff,
        len & 0xff,
      );
    const mask = maskHex ? hexBytes(maskHex) : undefined;
    if (mask) header.push(...mask);
    const wire = new Uint8Array(header.length + len);
    wire.set(header, 0);
    for (let i = 0; i < len; i++) {
      wire[header.length + i] = (payload[i] as number) ^ (mask ? (mask[i % 4] as number) : 0);
    }
    const frame: WsFrameInfo = {
      fin,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode,
      opcodeName,
      masked,
      ...(maskHex ? { maskKey: maskHex } : {}),
      payloadLength: len,
      lengthBits,
      headerLength: header.length,
      payload: toBase64(payload),
      ...(options.close ? { close: options.close } : {}),
    };
    const isData =
      opcodeName === 'text' || opcodeName === 'binary' || opcodeName === 'continuation';
    const message =
      isData && fin && options.message
        ? {
            type: (opcodeName === 'binary' ? 'binary' : 'text') as 'text' | 'binary',
            ...(options.message.text !== undefined ? { text: options.message.text } : {}),
            data: toBase64(payload),
            frames: options.message.frames ?? 1,
            ...(options.message.eio ? { eio: options.message.eio } : {}),
          }
        : undefined;
    this.emit({
      kind: 'ws-frame',
      conn,
      dir,
      frame,
      raw: toBase64(wire),
      ...(message ? { message } : {}),
    });
    return this;
  }

  /** A complete text message in one frame; `eio` decodes it as an Engine.IO packet. */
  wsText(conn: string, dir: 'up' | 'down', text: string, eio = false): this {
    return this.frame(conn, dir, 'text', utf8Encode(text), {
      message: { text, ...(eio ? { eio: eioPacket(text) } : {}) },
    });
  }

  wsBinary(conn: string, dir: 'up' | 'down', bytes: Uint8Array): this {
    return this.frame(conn, dir, 'binary', bytes, { message: {} });
  }

  wsPing(conn: string, dir: 'up' | 'down', text = ''): this {
    return this.frame(conn, dir, 'ping', utf8Encode(text));
  }

  wsPong(conn: string, dir: 'up' | 'down', text = ''): this {
    return this.frame(conn, dir, 'pong', utf8Encode(text));
  }

  wsClose(conn: string, dir: 'up' | 'down', code?: number, reason = ''): this {
    const reasonBytes = utf8Encode(reason);
    const payload = code === undefined ? new Uint8Array(0) : new Uint8Array(2 + reasonBytes.length);
    if (code !== undefined) {
      payload[0] = code >> 8;
      payload[1] = code & 0xff;
      payload.set(reasonBytes, 2);
    }
    return this.frame(conn, dir, 'close', payload, {
      close: code === undefined ? { reason: '' } : { code, reason },
    });
  }

  protocolError(conn: string, dir: 'up' | 'down', message: string): this {
    this.emit({ kind: 'protocol-error', conn, dir, layer: 'ws', message, raw: '' });
    return this;
  }
}

/** Engine.IO query targets as socket.io-client 4 builds them. */
export function eioTarget(transport: 'polling' | 'websocket', sid?: string, t = 'PQx1a2b'): string {
  const sidPart = sid ? `&sid=${sid}` : '';
  return transport === 'polling'
    ? `${EIO_PATH}?EIO=4&transport=polling&t=${t}${sidPart}`
    : `${EIO_PATH}?EIO=4&transport=websocket${sidPart}`;
}
