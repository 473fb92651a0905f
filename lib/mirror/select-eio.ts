/**
 * Small selectors over request targets and headers that the machines and summaries share.
 * Pure, no Node APIs.
 */
import type { Header, HttpRequestEvent } from './types';

export interface EioTarget {
  /** The path without the query string. */
  path: string;
  /** `EIO` query parameter (protocol version), e.g. '4'. */
  eio?: string;
  /** `transport` query parameter: 'polling' | 'websocket' (or anything the client sent). */
  transport?: string;
  /** `sid` query parameter: the Engine.IO session the request belongs to. */
  sid?: string;
  /** `t` cache-busting parameter. */
  t?: string;
  /** Every query parameter, decoded. Repeated names keep the first value. */
  query: Record<string, string>;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** Parses a request target (`/lab/x/socket.io/?EIO=4&transport=polling&t=abc`) for Engine.IO. */
export function parseEioTarget(target: string): EioTarget {
  const hashless = target.split('#')[0] ?? '';
  const q = hashless.indexOf('?');
  const path = q < 0 ? hashless : hashless.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const pair of hashless.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
      if (!(name in query)) query[name] = value;
    }
  }
  const result: EioTarget = { path, query };
  if (query.EIO !== undefined) result.eio = query.EIO;
  if (query.transport !== undefined) result.transport = query.transport;
  if (query.sid !== undefined && query.sid !== '') result.sid = query.sid;
  if (query.t !== undefined) result.t = query.t;
  return result;
}

/** The first value of a header, case-insensitively, or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

/** True for a request asking to upgrade to WebSocket (`Upgrade: websocket`, any case). */
export function isWebSocketUpgrade(request: Pick<HttpRequestEvent, 'headers'>): boolean {
  const upgrade = headerValue(request.headers, 'upgrade') ?? '';
  return upgrade
    .toLowerCase()
    .split(/\s*,\s*/)
    .includes('websocket');
}

/** True when the target carries an Engine.IO query (`EIO=`). */
export function isEngineIoTarget(target: string): boolean {
  return parseEioTarget(target).eio !== undefined;
}
