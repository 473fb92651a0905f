/**
 * The glue between the tap and the mirror: bytes of one proxied TCP connection on one hop, in both
 * directions, become WireEvents.
 *
 * - Both directions start as HTTP/1.1 ('up' = requests, 'down' = responses), keep-alive included.
 *   The directions share a FIFO of request targets, so the down side knows what each response
 *   answers (HEAD: no body; `EIO=`: decode the body as an Engine.IO payload).
 * - 'up' switches to RFC 6455 frames after a request with `Upgrade: websocket` (browsers send no
 *   frame before the 101); 'down' switches after the 101. A refused upgrade (426, 403, …) puts 'up'
 *   back to HTTP if it has not sent anything since.
 * - On a WebSocket whose upgrade target has `EIO=`, every message is an Engine.IO packet carrying a
 *   Socket.IO packet; binary messages after a BINARY_* packet are marked as its attachments.
 * - `text/event-stream` bodies are parsed incrementally: each http-body piece carries the events it
 *   completed.
 *
 * Byte accounting (checked by a property test): per direction, the concatenated `raw` of the
 * http-request, http-response, http-body and ws-frame events plus the protocol-error events of
 * layer 'http', 'ws' and 'tcp' equals the concatenation of the pushed chunks, in order.
 * protocol-error events of layer 'eio', 'sio' and 'sse' are decode failures inside a well-framed
 * message: their `raw` repeats the message (or body) bytes, which the ws-frame / http-body event
 * before them already accounts for. A frame that completes an invalid WebSocket message (text that
 * is not UTF-8, a message over maxPayload, permessage-deflate data that does not inflate) is reported as a 'ws' protocol-error carrying that frame
 * instead of a ws-frame event, because that is where the receiver fails the connection.
 */
import { toBase64 } from '@/lib/wire/bytes';
import { EventStreamDecoder, SSE_CONTENT_TYPE } from '@/lib/wire/event-stream';
import {
  getHeader,
  headerHasToken,
  type RequestHead,
  type ResponseHead,
} from '@/lib/wire/http-head';
import { type HttpItem, HttpStreamDecoder } from '@/lib/wire/http-stream';
import { MessageInflater } from '@/lib/wire/inflate';
import { DEFAULT_MAX_PAYLOAD, FrameDecoder, type FrameItem } from '@/lib/wire/ws-frame';
import { MessageAssembler } from '@/lib/wire/ws-message';
import {
  type DecodeProblem,
  decodeEioBody,
  decodeEioMessage,
  SioAttachmentTracker,
} from './decode-eio';
import { type DeflateParams, NO_DEFLATE, openMessage, parseDeflate } from './decode-ws';
import type { Dir, Hop, ProtocolLayer, UnstampedEvent, WsMessageInfo } from './types';

export interface ConnectionDecoderOptions {
  conn: string;
  hop: Hop;
  /**
   * Largest WebSocket frame / message the server accepts (the lab node's limit): a larger one going
   * 'up' is a 1009 protocol-error. Default 16 MiB. Frames going 'down' are only limited by
   * max(maxPayload, 16 MiB), since browsers accept large server messages.
   */
  maxPayload?: number;
}

type Unstamped<K extends UnstampedEvent['kind']> = Extract<UnstampedEvent, { kind: K }>;
type BodyEvent = Unstamped<'http-body'>;

interface RequestInfo {
  method: string;
  target: string;
  /** Engine.IO (polling or websocket): the target has an `EIO=` query parameter. */
  eio: boolean;
  /** The Upgrade header's value when the request asks to switch protocols. */
  upgrade: string | null;
}

interface BodyContext {
  eio: boolean;
  sse: EventStreamDecoder | null;
  /** The body event that carried `final`, waiting for the message's `end` item. */
  finalPiece: BodyEvent | null;
}

interface Side {
  dir: Dir;
  http: HttpStreamDecoder;
  mode: 'http' | 'ws' | 'opaque';
  frames: FrameDecoder | null;
  assembler: MessageAssembler | null;
  /** permessage-deflate window of this direction. */
  inflater: MessageInflater | null;
  body: BodyContext | null;
  sio: SioAttachmentTracker;
}

const PREFIX_LAYERS: readonly ProtocolLayer[] = ['http', 'ws', 'tcp'];
/** protocol-error layers whose raw bytes are their own (count in byte accounting). */
export const ACCOUNTED_ERROR_LAYERS: readonly ProtocolLayer[] = PREFIX_LAYERS;

export class ConnectionDecoder {
  readonly conn: string;
  readonly hop: Hop;
  private readonly maxPayload: number | undefined;
  private readonly up: Side;
  private readonly down: Side;
  /** Requests whose final response has not been seen yet, oldest first. */
  private readonly requests: RequestInfo[] = [];
  /** Final responses the down-side HTTP decoder has read heads of but onResponse has not handled. */
  private framed = 0;
  private wsRequest: RequestInfo | null = null;
  private deflate: DeflateParams = NO_DEFLATE;
  private t = 0;
  private out: UnstampedEvent[] = [];

  constructor(opts: ConnectionDecoderOptions) {
    this.conn = opts.conn;
    this.hop = opts.hop;
    this.maxPayload = opts.maxPayload;
    this.up = this.makeSide('up');
    this.down = this.makeSide('down');
  }

  /** Bytes seen in one direction at session time t (ms). Returns events without seq. */
  push(dir: Dir, chunk: Uint8Array, t: number): UnstampedEvent[] {
    this.t = t;
    this.out = [];
    if (chunk.length > 0) this.route(dir === 'up' ? this.up : this.down, chunk);
    return this.out;
  }

  /**
   * Bytes of this direction that were not carried (lib/capture/records.ts `elided`): true when the
   * decoder is between WebSocket frames, so whole frames can be skipped and decoding goes on;
   * otherwise the direction cannot be decoded past the gap and stops (false).
   */
  skip(dir: Dir, frames: number): boolean {
    const side = dir === 'up' ? this.up : this.down;
    if (frames > 0 && side.mode === 'ws') return true;
    side.mode = 'opaque';
    return false;
  }

  /**
   * The direction ended (FIN or reset). Completes a read-until-close response body (an empty final
   * http-body piece, since the close is what completed it) and reports bytes left inside an
   * unfinished head, body or frame as a protocol-error.
   */
  end(dir: Dir, t: number): UnstampedEvent[] {
    this.t = t;
    this.out = [];
    const side = dir === 'up' ? this.up : this.down;
    if (side.mode === 'http') {
      for (const item of side.http.end()) {
        if (item.type === 'end' && side.body && !side.body.finalPiece) {
          this.handleHttp(side, {
            type: 'body',
            raw: new Uint8Array(0),
            data: new Uint8Array(0),
            final: true,
          });
        }
        this.handleHttp(side, item);
      }
    } else if (side.mode === 'ws' && side.frames) {
      for (const item of side.frames.end()) this.handleFrame(side, item);
    }
    return this.out;
  }

  private makeSide(dir: Dir): Side {
    return {
      dir,
      http: this.makeHttp(dir),
      mode: 'http',
      frames: null,
      assembler: null,
      inflater: null,
      body: null,
      sio: new SioAttachmentTracker(),
    };
  }

  private makeHttp(dir: Dir): HttpStreamDecoder {
    if (dir === 'up') return new HttpStreamDecoder('request');
    return new HttpStreamDecoder('response', {
      // Called per response head during push, before onResponse shifts the FIFO for earlier
      // responses of the same push (pipelining): keep a cursor into the FIFO.
      responseHasNoBody: (head) => {
        const request = this.requests[this.framed];
        if (head.status >= 200 || head.status === 101) this.framed++;
        return request?.method === 'HEAD';
      },
    });
  }

  private base<K extends UnstampedEvent['kind']>(kind: K, dir: Dir) {
    return { kind, t: this.t, conn: this.conn, hop: this.hop, dir };
  }

  private error(dir: Dir, layer: ProtocolLayer, message: string, raw: Uint8Array): void {
    this.out.push({ ...this.base('protocol-error', dir), layer, message, raw: toBase64(raw) });
  }

  private nested(dir: Dir, problems: DecodeProblem[], raw: Uint8Array): void {
    for (const p of problems) this.error(dir, p.layer, p.message, raw);
  }

  private route(side: Side, chunk: Uint8Array): void {
    if (side.mode === 'http') {
      for (const item of side.http.push(chunk)) this.handleHttp(side, item);
    } else if (side.mode === 'ws') {
      this.pushFrames(side, chunk);
    } else {
      this.error(
        side.dir,
        'tcp',
        `bytes after an upgrade to "${this.wsRequest?.upgrade ?? '?'}" (not decoded)`,
        chunk,
      );
    }
  }

  private handleHttp(side: Side, item: HttpItem): void {
    const dir = side.dir;
    switch (item.type) {
      case 'head':
        if ('method' in item.head) this.onRequest(side, item.head, item.raw);
        else this.onResponse(side, item.head, item.raw);
        return;
      case 'body':
        this.onBody(side, item.raw, item.data, item.final);
        return;
      case 'end':
        if (side.body?.eio && side.body.finalPiece) {
          const piece = side.body.finalPiece;
          const problems: DecodeProblem[] = [];
          if (item.truncated)
            problems.push({
              layer: 'eio',
              message: 'body too large to decode as an Engine.IO payload',
            });
          else piece.eio = decodeEioBody(item.body, side.sio, problems);
          this.nested(dir, problems, item.body);
        }
        side.body = null;
        return;
      case 'upgrade':
        this.onUpgrade(side);
        if (item.rest.length > 0) this.route(side, item.rest);
        return;
      case 'passthrough':
        this.route(side, item.raw);
        return;
      case 'error':
        this.error(dir, 'http', item.message, item.raw);
        return;
    }
  }

  private onRequest(side: Side, head: RequestHead, raw: Uint8Array): void {
    const upgradeHeader = getHeader(head.headers, 'upgrade');
    const upgrade =
      upgradeHeader !== undefined && headerHasToken(head.headers, 'connection', 'upgrade')
        ? upgradeHeader
        : null;
    const info: RequestInfo = {
      method: head.method,
      target: head.target,
      eio: head.target.includes('EIO='),
      upgrade,
    };
    this.requests.push(info);
    if (upgrade !== null) this.wsRequest = info;
    side.body = { eio: info.eio && head.method === 'POST', sse: null, finalPiece: null };
    this.out.push({
      ...this.base('http-request', side.dir),
      method: head.method,
      target: head.target,
      version: head.version,
      headers: head.headers,
      raw: toBase64(raw),
    });
  }

  private onResponse(side: Side, head: ResponseHead, raw: Uint8Array): void {
    const interim = head.status < 200 && head.status !== 101;
    const request = interim ? this.requests[0] : this.requests.shift();
    if (!interim) this.framed = Math.max(0, this.framed - 1);
    const contentType = (getHeader(head.headers, 'content-type') ?? '').toLowerCase();
    side.body = {
      // Polling: the GET's response carries packets; a POST's is just "ok".
      eio:
        request?.eio === true &&
        request.method === 'GET' &&
        head.status === 200 &&
        !contentType.includes('json'),
      sse: contentType.startsWith(SSE_CONTENT_TYPE) ? new EventStreamDecoder() : null,
      finalPiece: null,
    };
    if (request?.upgrade != null && head.status !== 101 && !interim) {
      // Upgrade refused: the client side is still HTTP, provided it sent nothing since.
      if (this.up.mode !== 'http' && this.up.frames === null) {
        this.up.mode = 'http';
        this.up.http = this.makeHttp('up');
      }
      if (this.wsRequest === request) this.wsRequest = null;
    }
    if (head.status === 101) {
      const extensions = getHeader(head.headers, 'sec-websocket-extensions') ?? '';
      this.deflate = parseDeflate(extensions);
    }
    this.out.push({
      ...this.base('http-response', side.dir),
      version: head.version,
      status: head.status,
      reason: head.reason,
      headers: head.headers,
      raw: toBase64(raw),
    });
  }

  private onBody(side: Side, raw: Uint8Array, data: Uint8Array, final: boolean): void {
    const event: BodyEvent = {
      ...this.base('http-body', side.dir),
      raw: toBase64(raw),
      size: data.length,
      final,
    };
    const sse = side.body?.sse;
    if (sse) {
      const events = sse.push(data);
      if (events.length > 0) event.sse = events;
    }
    if (final && side.body) side.body.finalPiece = event;
    this.out.push(event);
  }

  private onUpgrade(side: Side): void {
    const protocol = (this.wsRequest?.upgrade ?? '').toLowerCase();
    side.mode = protocol.split(',').some((p) => p.trim() === 'websocket') ? 'ws' : 'opaque';
    side.body = null;
  }

  private pushFrames(side: Side, chunk: Uint8Array): void {
    if (!side.frames) {
      const limit =
        side.dir === 'up'
          ? (this.maxPayload ?? DEFAULT_MAX_PAYLOAD)
          : Math.max(this.maxPayload ?? 0, DEFAULT_MAX_PAYLOAD);
      side.frames = new FrameDecoder({
        maxPayload: limit,
        extensionsNegotiated: this.deflate.enabled,
        requireMask: side.dir === 'up',
      });
      side.assembler = new MessageAssembler({ maxPayload: limit });
    }
    for (const item of side.frames.push(chunk)) this.handleFrame(side, item);
  }

  private handleFrame(side: Side, item: FrameItem): void {
    const dir = side.dir;
    if (item.type === 'error') {
      this.error(dir, 'ws', `${item.message} (close ${item.closeCode})`, item.raw);
      return;
    }
    const result = side.assembler?.push(item.frame, item.payload) ?? null;
    if (result?.type === 'error') {
      this.error(dir, 'ws', `${result.message} (close ${result.closeCode})`, item.raw);
      return;
    }
    // The payload travels once, inside raw (framePayload() unmasks it on demand).
    const { payload: _payload, ...frame } = item.frame;
    const event: Unstamped<'ws-frame'> = {
      ...this.base('ws-frame', dir),
      frame,
      raw: toBase64(item.raw),
    };
    if (result?.type !== 'message') {
      this.out.push(event);
      return;
    }
    side.inflater ??= new MessageInflater();
    const noContext =
      side.dir === 'up' ? this.deflate.clientNoContext : this.deflate.serverNoContext;
    const opened = openMessage(result.message, side.inflater, noContext);
    if (!opened.ok) {
      this.error(dir, 'ws', `${opened.error} (close 1007)`, item.raw);
      return;
    }
    const m = opened.message;
    const message: WsMessageInfo = { type: m.type, frames: m.frames };
    if (m.text !== undefined) message.text = m.text;
    // The bytes travel once: text carries a text message, frame.payload a one-frame uncompressed one.
    else if (m.frames > 1 || item.frame.compressed) message.data = toBase64(m.data);
    event.message = message;
    this.out.push(event);
    if (this.wsRequest?.eio) {
      const problems: DecodeProblem[] = [];
      const eio = decodeEioMessage(m, side.sio, problems);
      if (eio) message.eio = eio;
      this.nested(dir, problems, m.data);
    }
  }
}
