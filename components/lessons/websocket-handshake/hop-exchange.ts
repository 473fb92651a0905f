/**
 * The handshake of one connection on each hop, and what the edge changed between them: the request
 * the browser sent (browser → edge), the request the node received (edge → node), the node's answer
 * and the answer the browser got. Pure: the page and its tests use the same functions.
 */
import type {
  Header,
  Hop,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
} from '@/lib/mirror/types';

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
