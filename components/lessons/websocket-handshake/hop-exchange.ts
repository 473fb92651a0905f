/**
 * The handshake of one connection on each hop, and what the edge changed between them: the request
 * the browser sent (browser → edge), the request the node received (edge → node), the node's answer
 * and the answer the browser got. Pure: the page and its tests use the same functions.
 */
import type { Reducer } from '@/lib/live/fold-store';
import type {
  Header,
  Hop,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
} from '@/lib/mirror/types';
import { fromBase64, utf8Decode } from '@/lib/wire/bytes';

export interface HopExchange {
  request?: HttpRequestEvent;
  response?: HttpResponseEvent;
}

/** The first request and the response that follows it, on one hop of one connection. */
export function exchangeOn(events: readonly WireEvent[], conn: string, hop: Hop): HopExchange {
  const out: HopExchange = {};
  for (const e of events) {
    if (e.conn !== conn || e.hop !== hop) continue;
    if (!out.request && e.kind === 'http-request') out.request = e;
    else if (out.request && !out.response && e.kind === 'http-response') {
      out.response = e;
      break;
    }
  }
  return out;
}

/** Most of the node's answer body shown. */
const BODY_CHARS = 600;

function bodyPiece(e: WireEvent): string {
  if (e.kind !== 'http-body') return '';
  const raw = fromBase64(e.raw);
  return raw ? utf8Decode(raw) : '';
}

function isNodeBody(e: WireEvent): boolean {
  return e.hop === 'edge-node' && e.dir === 'down' && e.kind === 'http-body';
}

/** What the node's answer body said on `conn` (the first 600 characters, trimmed), if anything. */
export function nodeBodyText(events: readonly WireEvent[], conn: string): string | undefined {
  let text = '';
  for (const e of events) {
    if (e.conn !== conn || !isNodeBody(e)) continue;
    text += bodyPiece(e);
    if (text.length > BODY_CHARS) break;
  }
  return shownBody(text);
}

function shownBody(text: string): string | undefined {
  return text.trim() === '' ? undefined : text.trim().slice(0, BODY_CHARS);
}

/** One connection's handshake on both hops and the node's answer body so far. */
export interface ConnExchange {
  /** exchangeOn(events, conn, 'browser-edge'). */
  browser: HopExchange;
  /** exchangeOn(events, conn, 'edge-node'). */
  node: HopExchange;
  /** The node's body pieces, concatenated until past 600 characters (read with bodyOf). */
  body: string;
}

export interface ExchangesFold {
  conns: ReadonlyMap<string, ConnExchange>;
}

function stepExchange(x: HopExchange, e: WireEvent): HopExchange {
  if (!x.request && e.kind === 'http-request') return { request: e };
  if (x.request && !x.response && e.kind === 'http-response') return { ...x, response: e };
  return x;
}

const NO_EXCHANGE: ConnExchange = { browser: {}, node: {}, body: '' };

/** exchangeOn both hops and nodeBodyText, per connection, as an incremental fold (each event once). */
export const exchangesFold: Reducer<ExchangesFold, WireEvent> = {
  init: () => ({ conns: new Map() }),
  step: (s, e) => {
    if (e.kind !== 'http-request' && e.kind !== 'http-response' && !isNodeBody(e)) return s;
    const before = s.conns.get(e.conn) ?? NO_EXCHANGE;
    let after = before;
    if (e.hop === 'browser-edge') {
      const browser = stepExchange(before.browser, e);
      if (browser !== before.browser) after = { ...before, browser };
    } else if (isNodeBody(e)) {
      if (before.body.length <= BODY_CHARS) after = { ...before, body: before.body + bodyPiece(e) };
    } else {
      const node = stepExchange(before.node, e);
      if (node !== before.node) after = { ...before, node };
    }
    if (after === before) return s;
    return { conns: new Map(s.conns).set(e.conn, after) };
  },
};

/** The exchanges of `conn` in the fold (empty ones when it has none). */
export function exchangeOf(s: ExchangesFold, conn: string): ConnExchange {
  return s.conns.get(conn) ?? NO_EXCHANGE;
}

/** nodeBodyText of the connection, from the fold. */
export function bodyOf(x: ConnExchange): string | undefined {
  return shownBody(x.body);
}

export interface HeaderChange {
  name: string;
  /** undefined = the header was not there. */
  from?: string;
  to?: string;
}

function index(headers: readonly Header[]): Map<string, { name: string; value: string }> {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const prev = map.get(key);
    map.set(key, prev ? { name, value: `${prev.value}, ${value}` } : { name, value });
  }
  return map;
}

/** Headers added, removed or rewritten between two requests (names compared case-insensitively). */
export function headerChanges(before: readonly Header[], after: readonly Header[]): HeaderChange[] {
  const a = index(before);
  const b = index(after);
  const changes: HeaderChange[] = [];
  for (const [key, { name, value }] of a) {
    const other = b.get(key);
    if (!other) changes.push({ name, from: value });
    else if (other.value !== value) changes.push({ name, from: value, to: other.value });
  }
  for (const [key, { name, value }] of b) if (!a.has(key)) changes.push({ name, to: value });
  return changes;
}
