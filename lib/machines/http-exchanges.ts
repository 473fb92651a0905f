/**
 * Pairs the HTTP events of one hop into exchanges (request head + body, response head + body), per
 * TCP connection, in FIFO order the way HTTP/1.1 keep-alive and pipelining pair them. Byte counts
 * are the wire bytes of each piece (chunk-size lines included). The long-poll, SSE and
 * transport-metrics mappers share it; it knows nothing about any of them.
 */
import { headerValue } from '@/lib/mirror/select-eio';
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type {
  Hop,
  HttpBodyEvent,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
} from '@/lib/mirror/types';
import { concatBytes, fromBase64, utf8Decode } from '@/lib/wire/bytes';

export interface HttpExchange {
  conn: string;
  request: HttpRequestEvent;
  requestHeadBytes: number;
  requestBodyBytes: number;
  requestBody: HttpBodyEvent[];
  response?: HttpResponseEvent;
  responseHeadBytes: number;
  responseBodyBytes: number;
  responseBody: HttpBodyEvent[];
  /** The response is complete: its final body piece arrived, or it has no body. */
  complete: boolean;
}

export type ExchangeUpdate =
  | { type: 'request'; exchange: HttpExchange }
  | { type: 'request-body'; exchange: HttpExchange; piece: HttpBodyEvent }
  | { type: 'response'; exchange: HttpExchange }
  | { type: 'response-body'; exchange: HttpExchange; piece: HttpBodyEvent }
  | { type: 'complete'; exchange: HttpExchange }
  /** The connection closed; `exchanges` were still unanswered or incomplete. */
  | { type: 'closed'; conn: string; exchanges: HttpExchange[]; how: string; by: string };

/** True when a response to `request` with this head carries no body (RFC 9112 §6.3). */
export function responseHasNoBody(request: HttpRequestEvent, response: HttpResponseEvent): boolean {
  if (request.method === 'HEAD') return true;
  const s = response.status;
  if (s < 200 || s === 204 || s === 304) return true;
  if (headerValue(response.headers, 'transfer-encoding') !== undefined) return false;
  return headerValue(response.headers, 'content-length') === '0';
}

/** De-chunks wire bytes of a chunked body (what `http-body` raw holds); tolerant of a cut tail. */
export function dechunk(wire: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let i = 0;
  while (i < wire.length) {
    let eol = i;
    while (eol + 1 < wire.length && !(wire[eol] === 0x0d && wire[eol + 1] === 0x0a)) eol++;
    if (eol + 1 >= wire.length) break;
    const size = Number.parseInt(utf8Decode(wire.subarray(i, eol)).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    const start = eol + 2;
    parts.push(wire.subarray(start, Math.min(wire.length, start + size)));
    i = start + size + 2; // data + CRLF
  }
  return concatBytes(parts);
}

/** The decoded body text of pieces (de-chunked when the head says chunked). */
export function bodyText(
  pieces: readonly HttpBodyEvent[],
  head: { headers: HttpRequestEvent['headers'] },
): string {
  const wire = concatBytes(pieces.map((p) => fromBase64(p.raw) ?? new Uint8Array(0)));
  const chunked = (headerValue(head.headers, 'transfer-encoding') ?? '')
    .toLowerCase()
    .includes('chunked');
  return utf8Decode(chunked ? dechunk(wire) : wire);
}

export class HttpExchangeTracker {
  /** Per connection: exchanges not yet complete, oldest first. */
  private readonly open = new Map<string, HttpExchange[]>();

  constructor(readonly hop: Hop = 'browser-edge') {}

  push(e: WireEvent): ExchangeUpdate | undefined {
    if (e.hop !== this.hop) return undefined;
    switch (e.kind) {
      case 'http-request': {
        const exchange: HttpExchange = {
          conn: e.conn,
          request: e,
          requestHeadBytes: base64ByteLength(e.raw),
          requestBodyBytes: 0,
          requestBody: [],
          responseHeadBytes: 0,
          responseBodyBytes: 0,
          responseBody: [],
          complete: false,
        };
        const list = this.open.get(e.conn) ?? [];
        list.push(exchange);
        this.open.set(e.conn, list);
        return { type: 'request', exchange };
      }
      case 'http-response': {
        // Interim 1xx answers (other than 101) do not end the exchange.
        if (e.status < 200 && e.status !== 101) return undefined;
        const exchange = this.open.get(e.conn)?.find((x) => x.response === undefined);
        if (exchange === undefined) return undefined;
        exchange.response = e;
        exchange.responseHeadBytes = base64ByteLength(e.raw);
        if (responseHasNoBody(exchange.request, e)) {
          this.finish(exchange);
          return { type: 'complete', exchange };
        }
        return { type: 'response', exchange };
      }
      case 'http-body': {
        const list = this.open.get(e.conn);
        if (list === undefined) return undefined;
        if (e.dir === 'up') {
          const exchange = list[list.length - 1];
          if (exchange === undefined) return undefined;
          exchange.requestBody.push(e);
          exchange.requestBodyBytes += base64ByteLength(e.raw);
          return { type: 'request-body', exchange, piece: e };
        }
        const exchange = list.find((x) => x.response !== undefined && !x.complete);
        if (exchange === undefined) return undefined;
        exchange.responseBody.push(e);
        exchange.responseBodyBytes += base64ByteLength(e.raw);
        if (e.final) {
          this.finish(exchange);
          return { type: 'complete', exchange };
        }
        return { type: 'response-body', exchange, piece: e };
      }
      case 'conn-close': {
        const exchanges = this.open.get(e.conn) ?? [];
        this.open.delete(e.conn);
        return { type: 'closed', conn: e.conn, exchanges, how: e.how, by: e.by };
      }
      default:
        return undefined;
    }
  }

  private finish(exchange: HttpExchange): void {
    exchange.complete = true;
    const list = this.open.get(exchange.conn);
    if (list === undefined) return;
    const index = list.indexOf(exchange);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.open.delete(exchange.conn);
  }
}
