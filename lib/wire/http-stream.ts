/**
 * A streaming HTTP/1.1 decoder for one direction of a TCP connection: heads, bodies
 * (Content-Length, chunked with extensions and trailers, none, read-until-close), many messages per
 * stream (keep-alive), and the switch away from HTTP after an Upgrade request or a 101 response.
 * Accepts bytes split at any point; every byte pushed comes back in exactly one item's `raw`.
 */
import { concatBytes } from './bytes';
import {
  getHeader,
  type HeaderList,
  headerHasToken,
  MAX_HEAD_BYTES,
  parseRequestHead,
  parseResponseHead,
  type RequestHead,
  type ResponseHead,
} from './http-head';

export type HttpRole = 'request' | 'response';

/** How the body of the message whose head was just read is delimited. */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close' };

export type HttpItem =
  | { type: 'head'; head: RequestHead | ResponseHead; raw: Uint8Array; framing: BodyFraming }
  /** One piece of body per push: wire bytes (chunk framing included) and the decoded bytes. */
  | { type: 'body'; raw: Uint8Array; data: Uint8Array; final: boolean }
  /** The message is complete: the whole decoded body (capped), and chunked trailers if any. */
  | { type: 'end'; body: Uint8Array; truncated: boolean; trailers?: HeaderList }
  /** The stream is no longer HTTP from here on; `rest` = bytes after the head in the same push. */
  | { type: 'upgrade'; rest: Uint8Array }
  /** Bytes pushed after an upgrade: not HTTP, handed back untouched. */
  | { type: 'passthrough'; raw: Uint8Array }
  | { type: 'error'; message: string; raw: Uint8Array };

export interface HttpStreamDecoderOptions {
  /** Cap on the decoded body kept for the `end` item (pieces are never capped). Default 1 MiB. */
  maxBodyKept?: number;
  /**
   * Response role: asked at every response head, in stream order (before any item for it is
   * returned), whether the request it answers forbids a body (a response to HEAD).
   */
  responseHasNoBody?: (head: ResponseHead) => boolean;
}

export const DEFAULT_MAX_BODY_KEPT = 1024 * 1024;
const MAX_CHUNK_LINE = 4096;

type State =
  | { name: 'head' }
  | { name: 'length'; remaining: number }
  | { name: 'chunk-size' }
  | { name: 'chunk-data'; remaining: number }
  | { name: 'chunk-crlf' }
  | { name: 'trailers'; trailers: HeaderList }
  | { name: 'close' }
  | { name: 'upgraded' }
  | { name: 'failed' };

const CR = 0x0d;
const LF = 0x0a;

function indexOfCrlf(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) if (buf[i] === CR && buf[i + 1] === LF) return i;
  return -1;
}

function indexOfBlankLine(buf: Uint8Array, from: number): number {
  for (let i = from; i + 3 < buf.length; i++) {
    if (buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR && buf[i + 3] === LF) return i;
  }
  return -1;
}

/** Decodes `1a;name=value` (chunk-size + extensions, RFC 9112 §7.1.1); null when malformed. */
export function parseChunkSizeLine(line: string): number | null {
  const match = /^([0-9A-Fa-f]{1,12})[ \t]*(;.*)?$/.exec(line);
  if (!match) return null;
  return Number.parseInt(match[1] as string, 16);
}

export class HttpStreamDecoder {
  readonly role: HttpRole;
  private state: State = { name: 'head' };
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes of `pending` already searched for the end of the head. */
  private scanned = 0;
  private bodyParts: Uint8Array[] = [];
  private bodyKept = 0;
  private truncated = false;
  private noBody = false;
  private readonly maxBodyKept: number;
  private readonly responseHasNoBody: ((head: ResponseHead) => boolean) | undefined;

  constructor(role: HttpRole, options: HttpStreamDecoderOptions = {}) {
    this.role = role;
    this.maxBodyKept = options.maxBodyKept ?? DEFAULT_MAX_BODY_KEPT;
    this.responseHasNoBody = options.responseHasNoBody;
  }

  /** The next final response answers a HEAD request: it has no body whatever its headers say. */
  noBodyNext(): void {
    this.noBody = true;
  }

  get upgraded(): boolean {
    return this.state.name === 'upgraded';
  }

  get errored(): boolean {
    return this.state.name === 'failed';
  }

  /** Between messages, with nothing buffered. */
  get idle(): boolean {
    return this.state.name === 'head' && this.pending.length === 0;
  }

  push(chunk: Uint8Array): HttpItem[] {
    if (this.state.name === 'upgraded')
      return chunk.length ? [{ type: 'passthrough', raw: chunk }] : [];
    if (this.state.name === 'failed') {
      return chunk.length
        ? [{ type: 'error', message: 'bytes after an HTTP parse error', raw: chunk }]
        : [];
    }
    const buf = this.pending.length ? concatBytes([this.pending, chunk]) : chunk;
    const items: HttpItem[] = [];
    let pos = 0;
    // Body bytes consumed in this push for the current message: [bodyStart, pos).
    let bodyStart = this.state.name === 'head' ? -1 : 0;
    const data: Uint8Array[] = [];

    const flushPiece = (final: boolean) => {
      if (bodyStart < 0 || pos === bodyStart) {
        bodyStart = -1;
        return;
      }
      const piece = concatBytes(data);
      items.push({ type: 'body', raw: buf.slice(bodyStart, pos), data: piece, final });
      bodyStart = -1;
      data.length = 0;
    };
    const takeData = (n: number) => {
      const part = buf.subarray(pos, pos + n);
      data.push(part);
      this.keep(part);
      pos += n;
    };
    const finish = (trailers?: HeaderList) => {
      flushPiece(true);
      const end: HttpItem = {
        type: 'end',
        body: concatBytes(this.bodyParts),
        truncated: this.truncated,
      };
      if (trailers?.length) end.trailers = trailers;
      items.push(end);
      this.bodyParts = [];
      this.bodyKept = 0;
      this.truncated = false;
      this.state = { name: 'head' };
    };
    const fail = (message: string) => {
      flushPiece(false);
      items.push({ type: 'error', message, raw: buf.slice(pos) });
      pos = buf.length;
      this.state = { name: 'failed' };
    };

    while (pos < buf.length) {
      const state = this.state;
      if (state.name === 'head') {
        const from = Math.max(pos, pos + this.scanned - 3);
        const at = indexOfBlankLine(buf, from);
        if (at < 0) {
          if (buf.length - pos > MAX_HEAD_BYTES) {
            fail(`header section longer than ${MAX_HEAD_BYTES} bytes without a blank line`);
            break;
          }
          this.scanned = buf.length - pos;
          break;
        }
        this.scanned = 0;
        const raw = buf.slice(pos, at + 4);
        const parsed = this.role === 'request' ? parseRequestHead(raw) : parseResponseHead(raw);
        if (!parsed.ok) {
          fail(parsed.error);
          break;
        }
        const framing = this.framingFor(parsed.head);
        if (typeof framing === 'string') {
          fail(framing);
          break;
        }
        pos = at + 4;
        items.push({ type: 'head', head: parsed.head, raw, framing });
        if (this.isUpgrade(parsed.head)) {
          items.push({ type: 'upgrade', rest: buf.slice(pos) });
          pos = buf.length;
          this.state = { name: 'upgraded' };
          break;
        }
        bodyStart = pos;
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0))
          finish();
        else if (framing.kind === 'length')
          this.state = { name: 'length', remaining: framing.length };
        else if (framing.kind === 'chunked') this.state = { name: 'chunk-size' };
        else this.state = { name: 'close' };
      } else if (state.name === 'length') {
        const n = Math.min(state.remaining, buf.length - pos);
        takeData(n);
        state.remaining -= n;
        if (state.remaining === 0) finish();
      } else if (state.name === 'close') {
        takeData(buf.length - pos);
      } else if (state.name === 'chunk-size' || state.name === 'trailers') {
        const at = indexOfCrlf(buf, pos);
        if (at < 0) {
          if (buf.length - pos > MAX_CHUNK_LINE)
            fail(`chunk line longer than ${MAX_CHUNK_LINE} bytes`);
          break;
        }
        const line = String.fromCharCode(...buf.subarray(pos, at));
        if (state.name === 'chunk-size') {
          const size = parseChunkSizeLine(line);
          if (size === null) {
            fail(`chunk-size line ${JSON.stringify(line.slice(0, 40))} is not hex digits`);
            break;
          }
          pos = at + 2;
          this.state =
            size === 0
              ? { name: 'trailers', trailers: [] }
              : { name: 'chunk-data', remaining: size };
        } else {
          const colon = line.indexOf(':');
          if (line !== '' && colon <= 0) {
            fail(`trailer line ${JSON.stringify(line.slice(0, 40))} has no "name:"`);
            break;
          }
          pos = at + 2;
          if (line === '') finish(state.trailers);
          else state.trailers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
        }
      } else if (state.name === 'chunk-data') {
        const n = Math.min(state.remaining, buf.length - pos);
        takeData(n);
        state.remaining -= n;
        if (state.remaining === 0) this.state = { name: 'chunk-crlf' };
      } else if (state.name === 'chunk-crlf') {
        if (buf.length - pos < 2) {
          if (buf[pos] !== CR) fail('chunk data is not followed by CRLF');
          break;
        }
        if (buf[pos] !== CR || buf[pos + 1] !== LF) {
          fail('chunk data is not followed by CRLF');
          break;
        }
        pos += 2;
        this.state = { name: 'chunk-size' };
      } else {
        break;
      }
    }
    flushPiece(false);
    this.pending = pos < buf.length ? buf.slice(pos) : new Uint8Array(0);
    if (this.state.name !== 'head') this.scanned = 0;
    return items;
  }

  /**
   * The stream ended (FIN). A read-until-close body is complete now; anything else left half-way
   * is an error carrying the bytes still buffered.
   */
  end(): HttpItem[] {
    const state = this.state;
    const raw = this.pending;
    this.pending = new Uint8Array(0);
    if (state.name === 'close') {
      const end: HttpItem = {
        type: 'end',
        body: concatBytes(this.bodyParts),
        truncated: this.truncated,
      };
      this.bodyParts = [];
      this.state = { name: 'head' };
      return [end];
    }
    if (state.name === 'head' && raw.length === 0) return [];
    if (state.name === 'upgraded' || state.name === 'failed') {
      return raw.length ? [{ type: 'error', message: 'stream ended', raw }] : [];
    }
    this.state = { name: 'failed' };
    const where =
      state.name === 'head'
        ? 'inside a message head'
        : state.name === 'length'
          ? `${state.remaining} bytes short of Content-Length`
          : 'inside a chunked body';
    return [{ type: 'error', message: `stream ended ${where}`, raw }];
  }

  private keep(part: Uint8Array): void {
    if (part.length === 0) return;
    const room = this.maxBodyKept - this.bodyKept;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = part.length > room ? part.slice(0, room) : part.slice();
    if (kept.length < part.length) this.truncated = true;
    this.bodyParts.push(kept);
    this.bodyKept += kept.length;
  }

  private isUpgrade(head: RequestHead | ResponseHead): boolean {
    if ('status' in head) return head.status === 101;
    return (
      getHeader(head.headers, 'upgrade') !== undefined &&
      headerHasToken(head.headers, 'connection', 'upgrade')
    );
  }

  /** RFC 9112 §6.3, in order. Returns an error message for an unusable Content-Length. */
  private framingFor(head: RequestHead | ResponseHead): BodyFraming | string {
    if ('status' in head) {
      // Asked for every response head (1xx included), in order, so a caller can keep its own cursor.
      const headRequest = this.responseHasNoBody?.(head) === true;
      if (head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
      const hinted = this.noBody;
      this.noBody = false;
      if (hinted || headRequest) return { kind: 'none' };
    }
    const te = getHeader(head.headers, 'transfer-encoding');
    if (te !== undefined) {
      const codings = te.split(',').map((c) => c.trim().toLowerCase());
      if (codings[codings.length - 1] === 'chunked') return { kind: 'chunked' };
      return 'status' in head
        ? { kind: 'close' }
        : `Transfer-Encoding "${te}" does not end in chunked`;
    }
    const lengths = head.headers
      .filter(([n]) => n.toLowerCase() === 'content-length')
      .flatMap(([, v]) => v.split(','));
    if (lengths.length > 0) {
      const values = new Set(lengths.map((v) => v.trim()));
      const [value = ''] = values;
      if (values.size > 1) return `conflicting Content-Length values ${[...values].join(', ')}`;
      if (!/^\d{1,15}$/.test(value)) return `Content-Length "${value}" is not a number`;
      return { kind: 'length', length: Number(value) };
    }
    return 'status' in head ? { kind: 'close' } : { kind: 'none' };
  }
}
