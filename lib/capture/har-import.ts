/**
 * HAR → TapRecords: each entry becomes its own connection (c1, c2, … in entry order) on hop
 * 'browser-edge', with HTTP/1.1 bytes made from the entry — the request head and body, the
 * response head and body, and for a WebSocket the upgrade, the 101 and one frame per message
 * (client frames masked with a fixed key, server frames not). Bodies are framed to match what is
 * written: a Content-Length is corrected, a chunked body is re-chunked, and headers a HAR cannot
 * honour are dropped with a warning (HTTP/2 pseudo-headers, a content-encoding whose body the HAR
 * holds decoded, WebSocket extensions whose frames it holds inflated).
 */
import { concatBytes, fromBase64, utf8Encode } from '@/lib/wire/bytes';
import { encodeRequestHead, encodeResponseHead, type HeaderList } from '@/lib/wire/http-head';
import { computeAccept } from '@/lib/wire/websocket-accept';
import { encodeFrame } from '@/lib/wire/ws-frame';
import { RAW_BODY_COMMENT } from './har';
import type { ImportedCapture } from './imported';
import type { TapRecord } from './records';
import { Checker, type Json } from './validate';

const c: Checker = new Checker('HAR');
/** The fixed masking key of imported client frames ("Wire"). */
export const HAR_MASK = new Uint8Array([0x57, 0x69, 0x72, 0x65]);
const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ=='; // RFC 6455 §1.3's example key

interface Body {
  bytes: Uint8Array;
}

function headersOf(value: unknown, path: string): HeaderList {
  return c.array(value, path).map((h, i) => {
    const o = c.object(h, `${path}[${i}]`);
    return [c.string(o.name, `${path}[${i}].name`), c.string(o.value, `${path}[${i}].value`)];
  });
}

const find = (headers: HeaderList, name: string) =>
  headers.findIndex(([n]) => n.toLowerCase() === name);

function setHeader(headers: HeaderList, name: string, value: string): void {
  const i = find(headers, name.toLowerCase());
  if (i >= 0) (headers[i] as [string, string])[1] = value;
  else headers.push([name, value]);
}

function dropHeader(headers: HeaderList, name: string): boolean {
  const i = find(headers, name);
  if (i < 0) return false;
  headers.splice(i, 1);
  return true;
}

function text(value: Json, path: string): Body | null {
  const t = c.optionalString(value.text, `${path}.text`);
  if (t === undefined) return null;
  if (value.encoding === 'base64') {
    const bytes = fromBase64(t);
    if (!bytes) c.fail(`${path}.text`, 'is not valid base64 (encoding is "base64")');
    return { bytes };
  }
  return { bytes: utf8Encode(t) };
}

/** Frames the body the way the headers say (chunked, or a Content-Length that matches). */
function framed(headers: HeaderList, body: Uint8Array, isRequest: boolean): Uint8Array {
  const te = headers.find(([n]) => n.toLowerCase() === 'transfer-encoding')?.[1] ?? '';
  if (/chunked/i.test(te)) {
    const size = utf8Encode(`${body.length.toString(16)}\r\n`);
    return body.length > 0
      ? concatBytes([size, body, utf8Encode('\r\n0\r\n\r\n')])
      : utf8Encode('0\r\n\r\n');
  }
  if (find(headers, 'content-length') >= 0 || (isRequest && body.length > 0))
    setHeader(headers, 'Content-Length', String(body.length));
  return body;
}

function version(value: unknown, path: string, warn: (w: string) => void): string {
  const v = (c.optionalString(value, path) ?? '').toUpperCase();
  if (v === 'HTTP/1.1' || v === 'HTTP/1.0') return v;
  warn(`entries in ${v || 'an unknown version'} were written as HTTP/1.1`);
  return 'HTTP/1.1';
}

function milliseconds(value: unknown, path: string): number {
  const v = c.optionalNumber(value, path);
  return v === undefined || v < 0 ? 0 : v;
}

/** Reads a parsed HAR file. Throws an Error naming the first missing or wrong field. */
export function readHar(value: unknown): ImportedCapture {
  const root = c.object(value, 'file');
  const log = c.object(root.log, 'log');
  const entries = c
    .array(log.entries, 'log.entries')
    .map((e, i) => c.object(e, `log.entries[${i}]`));
  const warnings = new Set<string>();
  const warn = (w: string) => warnings.add(w);
  const started = entries.map((e, i) => {
    const path = `log.entries[${i}].startedDateTime`;
    const ms = Date.parse(c.string(e.startedDateTime, path));
    if (Number.isNaN(ms)) c.fail(path, 'is not an ISO 8601 date');
    return ms;
  });
  const start = started.length > 0 ? Math.min(...started) : 0;
  const records: TapRecord[] = [];
  entries.forEach((entry, i) => {
    const path = `log.entries[${i}]`;
    const conn = `c${i + 1}`;
    const hop = 'browser-edge' as const;
    const request = c.object(entry.request, `${path}.request`);
    const method = c.string(request.method, `${path}.request.method`);
    const url = c.string(request.url, `${path}.request.url`);
    const reqHeaders = headersOf(request.headers, `${path}.request.headers`);
    const response =
      entry.response === undefined ? null : c.object(entry.response, `${path}.response`);
    const status = response ? c.number(response.status, `${path}.response.status`) : 0;
    const messages =
      entry._webSocketMessages === undefined
        ? null
        : c.array(entry._webSocketMessages, `${path}._webSocketMessages`);
    const ws = status === 101 || messages !== null || /^wss?:/i.test(url);
    const timings = entry.timings === undefined ? {} : c.object(entry.timings, `${path}.timings`);
    const t0 = (started[i] as number) - start;
    let t =
      t0 +
      ['blocked', 'dns', 'connect'].reduce(
        (n, k) => n + milliseconds(timings[k], `${path}.timings.${k}`),
        0,
      );
    const bytes = (dir: 'up' | 'down', data: Uint8Array) => {
      if (data.length > 0) records.push({ kind: 'bytes', t, conn, hop, dir, data });
    };

    let target = url;
    let host = '';
    try {
      const parsed = new URL(url);
      target = `${parsed.pathname}${parsed.search}`;
      host = parsed.host;
    } catch {
      // a relative or odd URL: send it as the request target as it is
    }
    records.push({
      kind: 'event',
      event: { kind: 'conn-open', t: t0, conn, hop, dir: 'up', path: target },
    });
    const reqVersion = version(request.httpVersion, `${path}.request.httpVersion`, warn);
    const authority = reqHeaders.find(([n]) => n === ':authority')?.[1];
    if (reqHeaders.some(([n]) => n.startsWith(':')))
      warn('HTTP/2 pseudo-headers (:method, :path, …) were left out');
    const headers = reqHeaders.filter(([n]) => !n.startsWith(':'));
    if (find(headers, 'host') < 0) headers.unshift(['Host', authority ?? (host || 'localhost')]);
    let key = SAMPLE_KEY;
    if (ws) {
      if (dropHeader(headers, 'sec-websocket-extensions'))
        warn('WebSocket extensions were left out: the HAR holds messages, not compressed frames');
      if (find(headers, 'upgrade') < 0) headers.push(['Upgrade', 'websocket']);
      if (find(headers, 'connection') < 0) headers.push(['Connection', 'Upgrade']);
      if (find(headers, 'sec-websocket-version') < 0) headers.push(['Sec-WebSocket-Version', '13']);
      const k = find(headers, 'sec-websocket-key');
      if (k < 0) headers.push(['Sec-WebSocket-Key', key]);
      else key = (headers[k] as [string, string])[1];
    }
    const post =
      request.postData === undefined
        ? null
        : c.object(request.postData, `${path}.request.postData`);
    let body = post ? text(post, `${path}.request.postData`)?.bytes : undefined;
    if (post && body === undefined && post.params !== undefined) {
      const params = c.array(post.params, `${path}.request.postData.params`).map((p, j) => {
        const o = c.object(p, `${path}.request.postData.params[${j}]`);
        return [
          c.string(o.name, `${path}.request.postData.params[${j}].name`),
          c.optionalString(o.value, `${path}.request.postData.params[${j}].value`) ?? '',
        ];
      });
      body = utf8Encode(new URLSearchParams(params).toString());
    }
    const reqBody = framed(headers, body ?? new Uint8Array(0), true);
    bytes(
      'up',
      concatBytes([encodeRequestHead({ method, target, version: reqVersion, headers }), reqBody]),
    );

    t += ['send', 'wait'].reduce((n, k) => n + milliseconds(timings[k], `${path}.timings.${k}`), 0);
    if (response && status > 0) {
      const statusText = c.optionalString(response.statusText, `${path}.response.statusText`) ?? '';
      const resHeaders = headersOf(response.headers, `${path}.response.headers`).filter(
        ([n]) => !n.startsWith(':'),
      );
      const content = c.object(response.content ?? {}, `${path}.response.content`);
      let resBody =
        status === 101 || method === 'HEAD'
          ? new Uint8Array(0)
          : (text(content, `${path}.response.content`)?.bytes ?? new Uint8Array(0));
      if (status === 101) {
        dropHeader(resHeaders, 'sec-websocket-extensions');
        if (find(resHeaders, 'sec-websocket-accept') < 0)
          resHeaders.push(['Sec-WebSocket-Accept', computeAccept(key)]);
      } else if (
        find(resHeaders, 'content-encoding') >= 0 &&
        content.comment !== RAW_BODY_COMMENT
      ) {
        dropHeader(resHeaders, 'content-encoding');
        warn('content-encoding headers were left out: the HAR holds bodies decoded');
      }
      if (
        resBody.length === 0 &&
        (c.optionalNumber(content.size, `${path}.response.content.size`) ?? 0) > 0 &&
        status !== 101
      )
        warn('some response bodies were not saved in the HAR (content.text missing)');
      resBody = framed(resHeaders, resBody, false);
      const resVersion = version(response.httpVersion, `${path}.response.httpVersion`, warn);
      bytes(
        'down',
        concatBytes([
          encodeResponseHead({
            version: resVersion,
            status,
            reason: statusText,
            headers: resHeaders,
          }),
          resBody,
        ]),
      );
    } else if (ws) {
      const headers101: HeaderList = [
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Accept', computeAccept(key)],
      ];
      bytes(
        'down',
        encodeResponseHead({
          version: 'HTTP/1.1',
          status: 101,
          reason: 'Switching Protocols',
          headers: headers101,
        }),
      );
    }
    (messages ?? []).forEach((m, j) => {
      const mp = `${path}._webSocketMessages[${j}]`;
      const o = c.object(m, mp);
      const type = c.oneOf(o.type, `${mp}.type`, ['send', 'receive'] as const);
      const opcode = c.optionalNumber(o.opcode, `${mp}.opcode`) ?? 1;
      const data = c.string(o.data, `${mp}.data`);
      const time = c.number(o.time, `${mp}.time`) * 1000 - start;
      t = Math.max(t, time);
      const payload = opcode === 1 ? utf8Encode(data) : fromBase64(data);
      if (!payload) c.fail(`${mp}.data`, `is not base64 (opcode ${opcode} data is base64)`);
      const mask = type === 'send' ? { mask: HAR_MASK } : {};
      bytes(type === 'send' ? 'up' : 'down', encodeFrame({ opcode, payload, ...mask }));
    });
    const end = Math.max(t, t0 + (c.optionalNumber(entry.time, `${path}.time`) ?? 0));
    records.push({
      kind: 'event',
      event: { kind: 'conn-close', how: 'end', by: 'client', t: end, conn, hop, dir: 'up' },
    });
  });
  records.sort(
    (a, b) => (a.kind === 'event' ? a.event.t : a.t) - (b.kind === 'event' ? b.event.t : b.t),
  );
  return { records, format: 'har', warnings: [...warnings], startEpochMs: start };
}
