/**
 * WebSocket connections as one incremental fold (lib/live/fold-store), each event once:
 * the WebSocket connections in order (connectionsOf(…).filter(websocket), conn and path), and per
 * connection its machine events and its upgrade request/response on the browser ↔ edge hop.
 * The xstate fold of the chosen connection then runs over that connection's events only.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { TimedEvent } from '@/lib/machines/fold';
import { toWsConnectionEvents, type WsConnectionEvent } from '@/lib/machines/ws-connection';
import { isWebSocketUpgrade, parseEioTarget } from '@/lib/mirror/select-eio';
import type { HttpRequestEvent, HttpResponseEvent, WireEvent } from '@/lib/mirror/types';

export interface Handshake {
  request?: HttpRequestEvent;
  response?: HttpResponseEvent;
}

/** The first upgrade request on `conn` (browser ↔ edge) and the response after it. */
export function handshakeOf(events: readonly WireEvent[], conn: string): Handshake {
  const out: Handshake = {};
  for (const e of events) {
    if (e.conn !== conn || e.hop !== 'browser-edge') continue;
    if (!out.request && e.kind === 'http-request' && isWebSocketUpgrade(e)) out.request = e;
    else if (out.request && !out.response && e.kind === 'http-response') out.response = e;
    if (out.response) break;
  }
  return out;
}

export interface ConnInfo {
  conn: string;
  path?: string;
  /** True once an upgrade request or a frame was seen on any hop (connectionsOf's kind). */
  ws: boolean;
  /** wsConnectionEventsFor(events, conn, 'browser-edge'). */
  events: AppendList<TimedEvent<WsConnectionEvent>>;
  handshake: Handshake;
}

export interface WsConnFold {
  /** Every connection, in order of its first event. */
  conns: ReadonlyMap<string, ConnInfo>;
}

function stepConn(c: ConnInfo, e: WireEvent): ConnInfo {
  let out = c;
  const set = (patch: Partial<ConnInfo>) => {
    out = { ...out, ...patch };
  };
  if (e.kind === 'conn-open' && out.path === undefined && e.path !== undefined)
    set({ path: e.path.split('?')[0] });
  if (e.kind === 'http-request') {
    if (out.path === undefined) {
      const path = parseEioTarget(e.target).path;
      if (path !== undefined) set({ path });
    }
    if (!out.ws && isWebSocketUpgrade(e)) set({ ws: true });
  }
  if (e.kind === 'ws-frame' && !out.ws) set({ ws: true });
  if (e.hop !== 'browser-edge') return out;
  const mapped = toWsConnectionEvents(e);
  if (mapped.length > 0)
    set({ events: append(out.events, ...mapped.map((event) => ({ t: e.t, seq: e.seq, event }))) });
  const hs = out.handshake;
  if (!hs.request && e.kind === 'http-request' && isWebSocketUpgrade(e))
    set({ handshake: { request: e } });
  else if (hs.request && !hs.response && e.kind === 'http-response')
    set({ handshake: { ...hs, response: e } });
  return out;
}

export const wsConnFold: Reducer<WsConnFold, WireEvent> = {
  init: () => ({ conns: new Map() }),
  step: (s, e) => {
    const before = s.conns.get(e.conn) ?? {
      conn: e.conn,
      ws: false,
      events: emptyList(),
      handshake: {},
    };
    const after = stepConn(before, e);
    if (after === before && s.conns.has(e.conn)) return s;
    return { conns: new Map(s.conns).set(e.conn, after) };
  },
};

const wsCache = new WeakMap<WsConnFold, readonly { conn: string; path?: string }[]>();

/** The WebSocket connections, in order of their first event. */
export function wsConnsOf(s: WsConnFold): readonly { conn: string; path?: string }[] {
  let list = wsCache.get(s);
  if (!list) {
    list = [...s.conns.values()]
      .filter((c) => c.ws)
      .map((c) => (c.path === undefined ? { conn: c.conn } : { conn: c.conn, path: c.path }));
    wsCache.set(s, list);
  }
  return list;
}

/** The machine events of `conn` on the browser ↔ edge hop (the same array per state). */
export function wsEventsOf(
  s: WsConnFold,
  conn: string | null,
): readonly TimedEvent<WsConnectionEvent>[] {
  const c = conn === null ? undefined : s.conns.get(conn);
  return c ? itemsOf(c.events) : NONE;
}
const NONE: readonly TimedEvent<WsConnectionEvent>[] = [];
