/**
 * HTTP/1.1 message heads (RFC 9112 §3-5): request line / status line + header fields, up to and
 * including the blank line. Header order and case are kept as received: the lesson shows them raw.
 */
import { utf8DecodeStrict, utf8Encode } from './bytes';

export type HeaderList = [name: string, value: string][];

export interface RequestHead {
  method: string;
  target: string;
  /** 'HTTP/1.1' */
  version: string;
  headers: HeaderList;
}

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  headers: HeaderList;
}

export type HeadResult<T> = { ok: true; head: T } | { ok: false; error: string };

export const CRLF = '\r\n';
/** Largest head the decoder buffers before calling it an error (Node's default is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/\d\.\d)$/;
const STATUS_LINE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

/** Case-insensitive lookup; returns the first value with that name. */
export function getHeader(
  headers: readonly (readonly [string, string])[],
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

/** Every value with that name, in order. */
export function getHeaders(
  headers: readonly (readonly [string, string])[],
  name: string,
): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Whether a comma-separated header (Connection, Upgrade, Transfer-Encoding) lists a token. */
export function headerHasToken(
  headers: readonly (readonly [string, string])[],
  name: string,
  token: string,
): boolean {
  const want = token.toLowerCase();
  return getHeaders(headers, name).some((value) =>
    value.split(',').some((part) => part.trim().toLowerCase() === want),
  );
}

/** Head bytes as text: UTF-8 when valid (what people expect to see), else ISO-8859-1 byte for byte. */
export function decodeHeadText(bytes: Uint8Array): string {
  const text = utf8DecodeStrict(bytes);
  if (text !== null) return text;
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

function headLines(input: Uint8Array | string): string[] {
  const text = typeof input === 'string' ? input : decodeHeadText(input);
  // Leading empty lines before a request line are ignored (RFC 9112 §2.2); the head ends at the blank line.
  const trimmed = text.replace(/^(\r?\n)+/, '');
  const end = trimmed.search(/\r?\n\r?\n/);
  const body = end === -1 ? trimmed.replace(/(\r?\n)+$/, '') : trimmed.slice(0, end);
  return body.split(/\r?\n/);
}

function parseFields(
  lines: string[],
): { ok: true; headers: HeaderList } | { ok: false; error: string } {
  const headers: HeaderList = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // obs-fold (RFC 9112 §5.2): a continuation of the previous field value
      const last = headers[headers.length - 1];
      if (!last)
        return {
          ok: false,
          error: `header continuation line ${JSON.stringify(line)} with no header before it`,
        };
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      return { ok: false, error: `header line ${JSON.stringify(line)} has no "name:"` };
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) {
      return {
        ok: false,
        error: `header name ${JSON.stringify(name)} is not a token (whitespace before ':' is not allowed)`,
      };
    }
    headers.push([name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { ok: true, headers };
}

export function parseRequestHead(input: Uint8Array | string): HeadResult<RequestHead> {
  const [first = '', ...rest] = headLines(input);
  const match = REQUEST_LINE.exec(first);
  if (!match) {
    return {
      ok: false,
      error: `request line ${JSON.stringify(first.slice(0, 80))} is not "METHOD target HTTP/x.y"`,
    };
  }
  const fields = parseFields(rest);
  if (!fields.ok) return fields;
  return {
    ok: true,
    head: {
      method: match[1] as string,
      target: match[2] as string,
      version: match[3] as string,
      headers: fields.headers,
    },
  };
}

export function parseResponseHead(input: Uint8Array | string): HeadResult<ResponseHead> {
  const [first = '', ...rest] = headLines(input);
  const match = STATUS_LINE.exec(first);
  if (!match) {
    return {
      ok: false,
      error: `status line ${JSON.stringify(first.slice(0, 80))} is not "HTTP/x.y NNN reason"`,
    };
  }
  const fields = parseFields(rest);
  if (!fields.ok) return fields;
  return {
    ok: true,
    head: {
      version: match[1] as string,
      status: Number(match[2]),
      reason: match[3] ?? '',
      headers: fields.headers,
    },
  };
}

function fieldLines(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([n, v]) => `${n}: ${v}${CRLF}`).join('');
}

export function encodeRequestHead(head: RequestHead): Uint8Array {
  return utf8Encode(
    `${head.method} ${head.target} ${head.version}${CRLF}${fieldLines(head.headers)}${CRLF}`,
  );
}

export function encodeResponseHead(head: ResponseHead): Uint8Array {
  const reason = head.reason ? ` ${head.reason}` : '';
  return utf8Encode(
    `${head.version} ${head.status}${reason}${CRLF}${fieldLines(head.headers)}${CRLF}`,
  );
}
