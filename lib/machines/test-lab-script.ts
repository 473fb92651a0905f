/**
 * `LabScript`: a `WireScript` that also speaks the lab's other endpoints, for the machine tests of
 * lessons 3, 4, 6, 7, 8 and 13. Bytes follow what Chromium and a Node server put on the wire:
 *
 * - plain polling: `GET /lab/<s>/poll?cursor=N` (`&wait=0` for short polling) answered by
 *   `200 {"messages":[{id,data,at}],"cursor":M}` (Content-Length) or `204 No Content`;
 *   `POST /lab/<s>/poll` publishes;
 * - SSE: `GET /lab/<s>/sse` with `Accept: text/event-stream` (and `Last-Event-ID` on a reconnect),
 *   answered `200 text/event-stream` with a chunked body: each `id:`/`data:` event or `:` comment
 *   is one chunk, decoded by the real `EventStreamDecoder`;
 * - raw WebSocket `/lab/<s>/feed` with app-level heartbeats `{"type":"hb","n":k}` / `hb-ack`;
 * - Socket.IO packets over an Engine.IO WebSocket (`4` + packet), binary attachments included;
 * - edge faults (`fault` events).
 */
import { LAB_PATHS } from '@/lib/lab/endpoints';
import { labBase } from '@/lib/mirror/protocol';
import type { FaultKind, Header, HttpRequestEvent } from '@/lib/mirror/types';
import { toBase64, utf8Encode } from '@/lib/wire/bytes';
import { EventStreamDecoder } from '@/lib/wire/event-stream';
import { EIO_SID, eioTarget, openPacket, SESSION, WireScript } from './test-fixtures';

export const LAB = labBase(SESSION);
export const POLL_PATH = `${LAB}${LAB_PATHS.poll}`;
export const SSE_PATH = `${LAB}${LAB_PATHS.sse}`;
export const FEED_PATH = `${LAB}${LAB_PATHS.feed}`;

/** A message of the lab's stream as the server serializes it. */
export interface LabMessage {
  id: number;
  data: string;
  /** The server's send time. */
  at: number;
}

const CHROME_HEADERS: Header[] = [
  ['Host', 'localhost:3000'],
  ['Connection', 'keep-alive'],
  [
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36',
  ],
];

const TAIL_HEADERS: Header[] = [
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

const DATE = 'Mon, 06 Jan 2025 10:00:00 GMT';

function nodeHeaders(extra: Header[]): Header[] {
  return [...extra, ['Date', DATE], ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5']];
}

function headText(startLine: string, headers: readonly Header[]): string {
  return `${startLine}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

export class LabScript extends WireScript {
  private readonly sseDecoders = new Map<string, EventStreamDecoder>();

  /** A request with exactly these headers after Host/Connection/User-Agent (no default Accept). */
  browserRequest(conn: string, method: string, target: string, headers: Header[]): number {
    const all: Header[] = [...CHROME_HEADERS, ...headers, ...TAIL_HEADERS];
    const event: Omit<HttpRequestEvent, 'seq' | 't' | 'hop'> = {
      kind: 'http-request',
      conn,
      dir: 'up',
      method,
      target,
      version: 'HTTP/1.1',
      headers: all,
      raw: toBase64(utf8Encode(headText(`${method} ${target} HTTP/1.1`, all))),
    };
    return this.emit(event);
  }

  /** Opens a connection and sends the long-poll GET (answered later by `pollAnswer`). */
  pollRequest(conn: string, cursor: number, options: { short?: boolean } = {}): number {
    const target = `${POLL_PATH}?cursor=${cursor}${options.short ? '&wait=0' : ''}`;
    return this.browserRequest(conn, 'GET', target, [['Accept', '*/*']]);
  }

  /** Answers the pending poll: 200 with the messages, or 204 when there are none. */
  pollAnswer(conn: string, requestSeq: number, messages: LabMessage[], cursor: number): this {
    if (messages.length === 0) {
      return this.response(conn, 204, 'No Content', nodeHeaders([]), requestSeq);
    }
    const body = JSON.stringify({ messages, cursor });
    this.response(
      conn,
      200,
      'OK',
      nodeHeaders([
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Content-Length', String(utf8Encode(body).length)],
      ]),
      requestSeq,
    );
    return this.body(conn, 'down', body);
  }

  /** One whole long-poll cycle: GET, held `holdMs`, then the answer. */
  longPoll(
    conn: string,
    cursor: number,
    messages: LabMessage[],
    holdMs: number,
    options: { short?: boolean } = {},
  ): this {
    const seq = this.pollRequest(conn, cursor, options);
    this.wait(holdMs);
    return this.pollAnswer(conn, seq, messages, cursor + messages.length);
  }

  /** `fetch(POST /poll)` publishing one message, answered 200 {"id":n}. */
  publish(conn: string, data: string, id: number, waitMs = 1): this {
    const body = JSON.stringify({ data });
    const seq = this.browserRequest(conn, 'POST', POLL_PATH, [
      ['Content-Length', String(utf8Encode(body).length)],
      ['Content-Type', 'application/json'],
      ['Accept', '*/*'],
      ['Origin', 'http://localhost:3000'],
    ]);
    this.body(conn, 'up', body);
    this.wait(waitMs);
    const answer = JSON.stringify({ id });
    this.response(
      conn,
      200,
      'OK',
      nodeHeaders([
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Content-Length', String(answer.length)],
      ]),
      seq,
    );
    return this.body(conn, 'down', answer);
  }

  /** EventSource's GET (with `Last-Event-ID` when it resumes). */
  sseRequest(conn: string, lastEventId?: string, target = SSE_PATH): number {
    return this.browserRequest(conn, 'GET', target, [
      ['Accept', 'text/event-stream'],
      ['Cache-Control', 'no-cache'],
      ...(lastEventId !== undefined ? ([['Last-Event-ID', lastEventId]] as Header[]) : []),
    ]);
  }

  /** 200 text/event-stream, chunked; the stream's events follow with `sseEvent`. */
  sseAccept(conn: string, requestSeq: number, contentType = 'text/event-stream'): this {
    this.sseDecoders.set(conn, new EventStreamDecoder());
    return this.response(
      conn,
      200,
      'OK',
      nodeHeaders([
        ['Content-Type', contentType],
        ['Cache-Control', 'no-cache'],
        ['Transfer-Encoding', 'chunked'],
      ]),
      requestSeq,
    );
  }

  /** One chunk of the event stream: its wire bytes include the chunk-size line and CRLF. */
  ssePiece(conn: string, text: string): this {
    const decoder = this.sseDecoders.get(conn) ?? new EventStreamDecoder();
    this.sseDecoders.set(conn, decoder);
    const bytes = utf8Encode(text);
    const raw = utf8Encode(`${bytes.length.toString(16)}\r\n${text}\r\n`);
    const sse = decoder.push(bytes);
    this.emit({
      kind: 'http-body',
      conn,
      dir: 'down',
      raw: toBase64(raw),
      size: bytes.length,
      final: false,
      ...(sse.length > 0 ? { sse } : {}),
    });
    return this;
  }

  sseEvent(conn: string, event: { id?: string; data: string; event?: string; retry?: number }) {
    const lines = [
      ...(event.retry !== undefined ? [`retry: ${event.retry}`] : []),
      ...(event.id !== undefined ? [`id: ${event.id}`] : []),
      ...(event.event !== undefined ? [`event: ${event.event}`] : []),
      ...event.data.split('\n').map((line) => `data: ${line}`),
    ];
    return this.ssePiece(conn, `${lines.join('\n')}\n\n`);
  }

  sseComment(conn: string, text = 'keep-alive'): this {
    return this.ssePiece(conn, `: ${text}\n\n`);
  }

  /** TCP connect + upgrade GET + 101 on a raw WebSocket endpoint. */
  wsOpen(conn: string, target = FEED_PATH): this {
    this.connOpen(conn, target);
    const seq = this.wsUpgradeRequest(conn, target);
    return this.wait(1).wsAccept(conn, seq);
  }

  wsJson(conn: string, dir: 'up' | 'down', value: unknown): this {
    return this.wsText(conn, dir, JSON.stringify(value));
  }

  /** The page's app-level heartbeat and the server's answer. */
  hb(conn: string, n: number): this {
    return this.wsJson(conn, 'up', { type: 'hb', n });
  }

  hbAck(conn: string, n: number): this {
    return this.wsJson(conn, 'down', { type: 'hb-ack', n });
  }

  /** transports: ['websocket']: upgrade, 101 and the open packet on one connection. */
  eioWsOpen(conn: string, sid = EIO_SID, ping = { interval: 25_000, timeout: 20_000 }): this {
    this.connOpen(conn, eioTarget('websocket'));
    const seq = this.wsUpgradeRequest(conn, eioTarget('websocket'));
    this.wait(1).wsAccept(conn, seq);
    const open = JSON.parse(openPacket(sid, []).slice(1)) as Record<string, unknown>;
    const packet = `0${JSON.stringify({ ...open, pingInterval: ping.interval, pingTimeout: ping.timeout })}`;
    return this.wsText(conn, 'down', packet, true);
  }

  /** A Socket.IO packet in an Engine.IO message over the WebSocket (`42["chat",…]`). */
  sio(conn: string, dir: 'up' | 'down', packet: string): this {
    return this.wsText(conn, dir, `4${packet}`, true);
  }

  /** A BINARY_EVENT / BINARY_ACK packet followed by its attachments, one binary frame each. */
  sioBinary(conn: string, dir: 'up' | 'down', packet: string, attachments: Uint8Array[]): this {
    this.sio(conn, dir, packet);
    attachments.forEach((bytes, index) => {
      this.frame(conn, dir, 'binary', bytes, {
        message: {
          eio: {
            type: 'message',
            binary: toBase64(bytes),
            sioAttachment: { index, total: attachments.length },
          },
        },
      });
    });
    return this;
  }

  fault(
    conn: string,
    fault: FaultKind,
    detail: string,
    options: { dir?: 'up' | 'down'; delayMs?: number; bytes?: number } = {},
  ): this {
    this.emit({
      kind: 'fault',
      conn,
      dir: options.dir ?? 'down',
      fault,
      detail,
      ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      ...(options.bytes !== undefined ? { bytes: options.bytes } : {}),
    });
    return this;
  }

  marker(conn: string, label: string, detail?: string): this {
    this.emit({ kind: 'marker', conn, dir: 'down', label, ...(detail ? { detail } : {}) });
    return this;
  }
}

/** Lab messages `{id, data, at}` with ids `from`…`to` sent at `at`. */
export function labMessages(from: number, to: number, at: number): LabMessage[] {
  const out: LabMessage[] = [];
  for (let id = from; id <= to; id++) out.push({ id, data: `tick ${id}`, at });
  return out;
}
