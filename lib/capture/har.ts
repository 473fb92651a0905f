/**
 * A decoded capture as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the browser's
 * view: one entry per HTTP exchange on one hop (browser-edge by default), request and response
 * heads as they crossed the wire, bodies de-chunked (text when they are UTF-8, else base64), and
 * for a WebSocket the messages in Chrome's `_webSocketMessages` form. HAR → records is in
 * lib/capture/har-import.ts.
 */
import { concatBytes, fromBase64, toBase64, utf8DecodeStrict } from '@/lib/wire/bytes';
import { getHeader } from '@/lib/wire/http-head';
import { HttpStreamDecoder } from '@/lib/wire/http-stream';
import { framePayload, messageBytes } from '../mirror/message-bytes';
import type {
  Header,
  Hop,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
  WsFrameEvent,
} from '../mirror/types';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Epoch seconds. */
  time: number;
  opcode: number;
  /** Text for opcode 1, base64 for any other opcode. */
  data: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; encoding?: 'base64' };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: HarContent;
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: {
    blocked: number;
    dns: number;
    connect: number;
    send: number;
    wait: number;
    receive: number;
    ssl: number;
  };
  connection?: string;
  _resourceType?: 'websocket';
  _webSocketMessages?: HarWebSocketMessage[];
  _error?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

export interface HarOptions {
  /** Wall-clock ms of session time 0. */
  startEpochMs: number;
  /** Which hop's exchanges become entries. Default 'browser-edge' (what the browser saw). */
  hop?: Hop;
}

/** Marks a body left as sent because its content-encoding was not decoded. */
export const RAW_BODY_COMMENT = 'body as sent: content-encoding not decoded';

interface Exchange {
  conn: string;
  request: HttpRequestEvent;
  requestBody: Uint8Array[];
  requestEnd: number;
  response?: HttpResponseEvent;
  responseBody: Uint8Array[];
  responseEnd: number;
  messages?: HarWebSocketMessage[];
  error?: string;
}

const nameValues = (headers: readonly Header[]): HarNameValue[] =>
  headers.map(([name, value]) => ({ name, value }));

function decodedBody(
  role: 'request' | 'response',
  head: string,
  pieces: Uint8Array[],
  noBody: boolean,
) {
  const decoder = new HttpStreamDecoder(role, { maxBodyKept: 0, responseHasNoBody: () => noBody });
  const parts: Uint8Array[] = [];
  const take = (items: ReturnType<HttpStreamDecoder['push']>) => {
    for (const item of items) if (item.type === 'body') parts.push(item.data);
  };
  take(decoder.push(fromBase64(head) ?? new Uint8Array(0)));
  for (const p of pieces) take(decoder.push(p));
  take(decoder.end());
  return concatBytes(parts);
}

function bodyText(bytes: Uint8Array): { text: string; encoding?: 'base64' } {
  const text = utf8DecodeStrict(bytes);
  return text === null ? { text: toBase64(bytes), encoding: 'base64' } : { text };
}

function entryOf(x: Exchange, startEpochMs: number): HarEntry {
  const req = x.request;
  const host = getHeader(req.headers, 'host') ?? 'localhost';
  const ws = x.response?.status === 101 && x.messages !== undefined;
  const url = /^[a-z]+:\/\//i.test(req.target)
    ? req.target
    : `${ws ? 'ws' : 'http'}://${host}${req.target}`;
  const query = url.includes('?') ? (url.slice(url.indexOf('?') + 1).split('#')[0] ?? '') : '';
  const requestBody = decodedBody('request', req.raw, x.requestBody, false);
  const entry: HarEntry = {
    startedDateTime: new Date(startEpochMs + req.t).toISOString(),
    time: 0,
    request: {
      method: req.method,
      url,
      httpVersion: req.version,
      cookies: [],
      headers: nameValues(req.headers),
      queryString: [...new URLSearchParams(query)].map(([name, value]) => ({ name, value })),
      headersSize: fromBase64(req.raw)?.length ?? -1,
      bodySize: x.requestBody.reduce((n, p) => n + p.length, 0),
    },
    response: {
      status: 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1 },
    connection: x.conn,
  };
  if (requestBody.length > 0)
    entry.request.postData = {
      mimeType: getHeader(req.headers, 'content-type') ?? 'application/octet-stream',
      ...bodyText(requestBody),
    };
  const res = x.response;
  entry.timings.send = x.requestEnd - req.t;
  if (res) {
    const noBody = req.method === 'HEAD' || res.status === 101;
    const body = decodedBody('response', res.raw, x.responseBody, noBody);
    const encoding = (getHeader(res.headers, 'content-encoding') ?? 'identity').toLowerCase();
    const content: HarContent = {
      size: body.length,
      mimeType: getHeader(res.headers, 'content-type') ?? 'x-unknown',
    };
    if (body.length > 0 && encoding !== 'identity')
      Object.assign(content, {
        text: toBase64(body),
        encoding: 'base64',
        comment: RAW_BODY_COMMENT,
      });
    else if (body.length > 0) Object.assign(content, bodyText(body));
    entry.response = {
      status: res.status,
      statusText: res.reason,
      httpVersion: res.version,
      cookies: [],
      headers: nameValues(res.headers),
      content,
      redirectURL: getHeader(res.headers, 'location') ?? '',
      headersSize: fromBase64(res.raw)?.length ?? -1,
      bodySize: x.responseBody.reduce((n, p) => n + p.length, 0),
    };
    entry.timings.wait = Math.max(0, res.t - x.requestEnd);
    entry.timings.receive = Math.max(0, x.responseEnd - res.t);
  }
  if (x.error) entry._error = x.error;
  if (ws) {
    entry._resourceType = 'websocket';
    entry._webSocketMessages = x.messages;
  }
  entry.time = entry.timings.send + entry.timings.wait + entry.timings.receive;
  return entry;
}

function wsMessage(e: WsFrameEvent, startEpochMs: number): HarWebSocketMessage | null {
  const type = e.dir === 'up' ? 'send' : 'receive';
  const time = (startEpochMs + e.t) / 1000;
  if (e.message) {
    const opcode = e.message.type === 'text' ? 1 : 2;
    const bytes = messageBytes(e) ?? new Uint8Array(0);
    return { type, time, opcode, data: opcode === 1 ? (e.message.text ?? '') : toBase64(bytes) };
  }
  if (e.frame.opcode >= 8)
    return { type, time, opcode: e.frame.opcode, data: toBase64(framePayload(e)) };
  return null; // a non-final data frame: the message is reported on its last frame
}

/** Builds a HAR log from decoded events (in log order). */
export function buildHar(events: readonly WireEvent[], options: HarOptions): Har {
  const hop = options.hop ?? 'browser-edge';
  const exchanges: Exchange[] = [];
  const waiting = new Map<string, Exchange[]>();
  const sending = new Map<string, Exchange>();
  const receiving = new Map<string, Exchange>();
  const upgraded = new Map<string, Exchange>();
  for (const e of events) {
    if (e.hop !== hop) continue;
    const conn = e.conn;
    if (e.kind === 'http-request') {
      const x: Exchange = {
        conn,
        request: e,
        requestBody: [],
        requestEnd: e.t,
        responseBody: [],
        responseEnd: e.t,
      };
      exchanges.push(x);
      sending.set(conn, x);
      waiting.set(conn, [...(waiting.get(conn) ?? []), x]);
    } else if (e.kind === 'http-response') {
      if (e.status < 200 && e.status !== 101) continue; // interim (100 Continue, 103 Early Hints)
      const x = waiting.get(conn)?.shift();
      if (!x) continue;
      x.response = e;
      x.responseEnd = e.t;
      receiving.set(conn, x);
      if (e.status === 101) {
        x.messages = [];
        upgraded.set(conn, x);
      }
    } else if (e.kind === 'http-body') {
      const x = (e.dir === 'up' ? sending : receiving).get(conn);
      const raw = fromBase64(e.raw);
      if (!x || !raw) continue;
      if (e.dir === 'up') {
        x.requestBody.push(raw);
        x.requestEnd = e.t;
      } else {
        x.responseBody.push(raw);
        x.responseEnd = e.t;
      }
    } else if (e.kind === 'ws-frame') {
      const x = upgraded.get(conn);
      const message = wsMessage(e, options.startEpochMs);
      if (x?.messages && message) {
        x.messages.push(message);
        x.responseEnd = e.t;
      }
    } else if (e.kind === 'conn-close') {
      for (const x of waiting.get(conn) ?? [])
        x.error = e.message ?? `connection closed (${e.how}) by ${e.by}`;
      for (const map of [waiting, sending, receiving, upgraded]) map.delete(conn);
    }
  }
  return {
    log: {
      version: '1.2',
      creator: { name: 'Wire Lab', version: '1' },
      entries: exchanges.map((x) => entryOf(x, options.startEpochMs)),
    },
  };
}

/** A download name for the HAR: `wirelab-<session>.har`. */
export function harFileName(session: string): string {
  return `wirelab-${session.replace(/[^0-9a-zA-Z_-]/g, '')}.har`;
}
