/**
 * Request/response head bytes as the edge saw or wrote them. Node's HTTP parser consumes the browser's
 * bytes before JavaScript sees them, so the browser→edge head is rebuilt from the parsed request:
 * request line + rawHeaders in their received order and case, CRLF separators, blank line.
 * (Whitespace around header values, which Node trims, is the only thing this can differ in.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { utf8Encode } from '../../lib/wire/bytes';

/** The head as received, or with other headers (a proxy's rewrite) in Node's rawHeaders layout. */
export function requestHeadText(req: IncomingMessage, rawHeaders?: readonly string[]): string {
  let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  const raw = rawHeaders ?? req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${text}\r\n`;
}

export function requestHeadBytes(req: IncomingMessage, rawHeaders?: readonly string[]): Uint8Array {
  return utf8Encode(requestHeadText(req, rawHeaders));
}

/** A minimal complete response for the edge's own answers (404, 502, 503) on a raw socket. */
export function plainResponseBytes(status: number, reason: string, body: string): Uint8Array {
  const payload = utf8Encode(body);
  const head =
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${payload.length}\r\n` +
    'Connection: close\r\n\r\n';
  const headBytes = utf8Encode(head);
  const out = new Uint8Array(headBytes.length + payload.length);
  out.set(headBytes, 0);
  out.set(payload, headBytes.length);
  return out;
}

/**
 * The header block Node serialized for a response (after writeHead + flushHeaders). `_header` is
 * Node's own field; it has been stable since v0.x and is the only place the exact bytes exist.
 */
export function writtenHeaderText(res: ServerResponse): string | null {
  const header = (res as ServerResponse & { _header?: unknown })._header;
  return typeof header === 'string' ? header : null;
}

/** Chunk framing Node adds around a body piece when the response uses chunked encoding. */
export function chunkFrame(data: Uint8Array): Uint8Array {
  const prefix = utf8Encode(`${data.length.toString(16)}\r\n`);
  const out = new Uint8Array(prefix.length + data.length + 2);
  out.set(prefix, 0);
  out.set(data, prefix.length);
  out[out.length - 2] = 13; // CR
  out[out.length - 1] = 10; // LF
  return out;
}

export const LAST_CHUNK = utf8Encode('0\r\n\r\n');
