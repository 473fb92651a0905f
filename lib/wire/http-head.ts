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

/** One line of a head in its text: [start, end) without the line ending; `next` is where the next begins. */
export interface HeadLine {
  start: number;
  end: number;
  next: number;
}

export interface HeadLayout {
  /** Index of the first line (leading empty lines before a request line are skipped, RFC 9112 §2.2). */
  first: number;
  /** The start line and the field lines. */
  lines: HeadLine[];
  /** The blank line that ends the head; absent when the text has none (yet). */
  blank?: HeadLine;
}

/**
 * Where a head's lines are (RFC 9112 §2.1): each ends with CRLF (a bare LF is accepted, as Node
 * does); the head ends at the first empty line. The grammar parse*Head and dissectHttpHead share.
 */
export function headLayout(text: string): HeadLayout {
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 10) i += 1;
    else if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else break;
  }
  const first = i;
  const lines: HeadLine[] = [];
  while (i < text.length) {
    const lf = text.indexOf('\n', i);
    if (lf < 0) {
      lines.push({ start: i, end: text.length, next: text.length });
      break;
    }
    const end = lf > i && text.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
    const line = { start: i, end, next: lf + 1 };
    if (end === i) return { first, lines, blank: line };
    lines.push(line);
    i = lf + 1;
  }
  return { first, lines };
}

function headLines(input: Uint8Array | string): string[] {
  const text = typeof input === 'string' ? input : decodeHeadText(input);
  return headLayout(text).lines.map((l) => text.slice(l.start, l.end));
}

export type FieldLine = { ok: true; name: string; value: string } | { ok: false; error: string };

/** One `name: value` field line (not an obs-fold continuation); the value without surrounding OWS. */
export function parseFieldLine(line: string): FieldLine {
  const colon = line.indexOf(':');
  if (colon <= 0) return { ok: false, error: `header line ${JSON.stringify(line)} has no "name:"` };
  const name = line.slice(0, colon);
  if (!TOKEN.test(name)) {
    return {
      ok: false,
      error: `header name ${JSON.stringify(name)} is not a token (whitespace before ':' is not allowed)`,
    };
  }
  return { ok: true, name, value: line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '') };
}

/** An obs-fold line (RFC 9112 §5.2): starts with SP or HTAB, continues the previous field's value. */
export function isObsFold(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('\t');
}

function parseFields(
  lines: string[],
): { ok: true; headers: HeaderList } | { ok: false; error: string } {
  const headers: HeaderList = [];
  for (const line of lines) {
    if (isObsFold(line)) {
      const last = headers[headers.length - 1];
      if (!last)
        return {
          ok: false,
          error: `header continuation line ${JSON.stringify(line)} with no header before it`,
        };
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const field = parseFieldLine(line);
    if (!field.ok) return field;
    headers.push([field.name, field.value]);
  }
  return { ok: true, headers };
}

/** 'GET /ws HTTP/1.1' → its three parts, or null. */
export function matchRequestLine(
  line: string,
): { method: string; target: string; version: string } | null {
  const m = REQUEST_LINE.exec(line);
  return m ? { method: m[1] as string, target: m[2] as string, version: m[3] as string } : null;
}

/** 'HTTP/1.1 101 Switching Protocols' → its parts (reason '' when absent), or null. */
export function matchStatusLine(
  line: string,
): { version: string; status: string; reason?: string } | null {
  const m = STATUS_LINE.exec(line);
  if (!m) return null;
  const out: { version: string; status: string; reason?: string } = {
    version: m[1] as string,
    status: m[2] as string,
  };
  if (m[3] !== undefined) out.reason = m[3];
  return out;
}

export function parseRequestHead(input: Uint8Array | string): HeadResult<RequestHead> {
  const [first = '', ...rest] = headLines(input);
  const match = matchRequestLine(first);
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
    head: { ...match, headers: fields.headers },
  };
}

export function parseResponseHead(input: Uint8Array | string): HeadResult<ResponseHead> {
  const [first = '', ...rest] = headLines(input);
  const match = matchStatusLine(first);
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
      version: match.version,
      status: Number(match.status),
      reason: match.reason ?? '',
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
