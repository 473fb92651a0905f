/**
 * The lab node's endpoints, typed once for both sides: the lab node (`server/lab/`) mounts these
 * paths and sends these shapes; the page's clients (`components/lab-clients/`,
 * `components/transports/`, `components/lessons/*`) open the same paths and read the same shapes.
 * Paths are relative to the session's lab base (`/lab/<session>`, `labBase()` in
 * lib/mirror/protocol.ts). docs/lab-endpoints.md describes what each one does.
 *
 * Isomorphic: no Node or DOM imports.
 */

/** Every path the lab node mounts, relative to `/lab/<session>`. */
export const LAB_PATHS = {
  /** Raw WebSocket echo + app heartbeat (+ protocol pings when configured). */
  ws: '/ws',
  /** Raw WebSocket push of the session's message stream. */
  feed: '/feed',
  /** Raw WebSocket of numbered events with replay (lesson 11). */
  ordered: '/ordered',
  /** Raw WebSocket backpressure feed, and its `?channel=stats` side channel (lesson 10). */
  bp: '/bp',
  /** Socket.IO v4 (engine.io `path`). */
  socketio: '/socket.io/',
  /** Socket.IO v4 with connection state recovery, WebSocket only (lesson 12). */
  csrio: '/csr.io/',
  /** Long / short polling on the message stream; POST publishes. */
  poll: '/poll',
  /** Server-sent events on the message stream. */
  sse: '/sse',
  stream: '/stream',
  streamStart: '/stream/start',
  streamStop: '/stream/stop',
  config: '/config',
  authToken: '/auth/token',
  authRevoke: '/auth/revoke',
  clients: '/clients',
} as const;

export type LabPathName = keyof typeof LAB_PATHS;
export type LabPath = (typeof LAB_PATHS)[LabPathName];

/** Socket.IO namespaces: `/admin` and `/secure` on `/socket.io/`, `/once` on `/csr.io/`. */
export const LAB_NAMESPACES = {
  root: '/',
  admin: '/admin',
  secure: '/secure',
  once: '/once',
} as const;

/** The `auth.token` the `/admin` namespace accepts (lesson 8). */
export const ADMIN_TOKEN = 'let-me-in';

type QueryValue = string | number | boolean | undefined;

/**
 * `path?k=v&…` in the given key order, skipping undefined values; values through
 * encodeURIComponent (a `rooms` list's commas become `%2C`; the server decodes them), booleans as
 * `1` / `0`.
 */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    parts.push(`${key}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

/** `GET /poll?cursor&wait`: `wait: 0` is short polling. */
export function pollPath(query: { cursor?: number; wait?: number } = {}): string {
  return withQuery(LAB_PATHS.poll, { cursor: query.cursor, wait: query.wait });
}

/** `GET /sse?lastEventId` (first connect; EventSource sends Last-Event-ID on reconnects). */
export function ssePath(query: { lastEventId?: number } = {}): string {
  return withQuery(LAB_PATHS.sse, { lastEventId: query.lastEventId });
}

/** `/feed?cursor`: replays kept messages with id > cursor first. */
export function feedPath(query: { cursor?: number } = {}): string {
  return withQuery(LAB_PATHS.feed, { cursor: query.cursor });
}

/** `/ordered?rate&count`. */
export function orderedPath(query: { rate?: number; count?: number } = {}): string {
  return withQuery(LAB_PATHS.ordered, { rate: query.rate, count: query.count });
}

/** `/bp` query: the stats side channel, or a data run (ranges in lib/scenario/schema.ts). */
export type BpQuery =
  | { channel: 'stats' }
  | {
      rate: number;
      size: number;
      watermark: number;
      policy: string;
      batchMs: number;
      coalesce: boolean;
      seconds: number;
    };

/** `/bp?channel=stats` or `/bp?rate&size&watermark&policy&batchMs&coalesce&seconds`. */
export function bpPath(query: BpQuery): string {
  return withQuery(LAB_PATHS.bp, { ...query });
}

/** `POST /stream/start?rate&size`. */
export function streamStartPath(query: { rate?: number; size?: number } = {}): string {
  return withQuery(LAB_PATHS.streamStart, { rate: query.rate, size: query.size });
}

/** `POST /config?<knob>=<value>…` (booleans as `1` / `0`). */
export function configPath(patch: Partial<LabConfig> = {}): string {
  return withQuery(LAB_PATHS.config, patch);
}

/** `POST /auth/token?user&ttl`. */
export function authTokenPath(query: { user?: string; ttl?: number } = {}): string {
  return withQuery(LAB_PATHS.authToken, { user: query.user, ttl: query.ttl });
}

/** `POST /auth/revoke?user&rooms&disconnect`. */
export function authRevokePath(query: {
  user: string;
  rooms?: 'leave' | 'keep';
  disconnect?: boolean;
}): string {
  return withQuery(LAB_PATHS.authRevoke, {
    user: query.user,
    rooms: query.rooms,
    disconnect: query.disconnect,
  });
}

/** `POST /clients?n&transport&rooms&reconnect&jitter` (rooms comma-separated). */
export function clientsPath(
  query: {
    n?: number;
    transport?: SimTransport;
    rooms?: readonly string[];
    reconnect?: boolean;
    jitter?: number;
  } = {},
): string {
  return withQuery(LAB_PATHS.clients, {
    n: query.n,
    transport: query.transport,
    rooms: query.rooms?.join(','),
    reconnect: query.reconnect,
    jitter: query.jitter,
  });
}

// ---- Messages ----

/** Every JSON error answer (400, 404-free refusals, 413, 429, 503). */
export interface LabError {
  error: string;
}

/** One stream message, the same JSON text on `/poll`, `/sse`, `/feed` and Socket.IO `feed`. */
export interface StreamMessage {
  id: number;
  data: unknown;
  /** Date.now() when published. */
  at: number;
}

/** `GET /poll` 200 (204 carries no body). */
export interface PollResponse {
  messages: StreamMessage[];
  cursor: number;
  /** How many after the cursor had already left the ring buffer. */
  missed?: number;
  /** The cursor was beyond the newest id: everything kept is sent. */
  reset?: true;
}

/** `POST /poll` body. */
export interface PublishRequest {
  data: unknown;
}

/** `POST /poll` 201. */
export interface PublishResponse {
  id: number;
  at: number;
}

/** `/stream`, `/stream/start`, `/stream/stop` answer. */
export interface StreamStatus {
  running: boolean;
  rate: number;
  size: number;
  /** Messages published since the last start. */
  published: number;
  lastId: number;
  oldestId: number;
  subscribers: number;
}

/** `GET /config` / `POST /config` answer; the knobs `POST /config` takes. */
export interface LabConfig {
  /** Engine.IO pingInterval for new Socket.IO connections; also the ws endpoint's ping period. ms. */
  pingInterval: number;
  /** Engine.IO pingTimeout; also how long the ws endpoint waits for a pong. ms. */
  pingTimeout: number;
  /** The raw ws endpoint sends protocol pings (opcode 0x9). Off by default: lesson 1 stays clean. */
  wsPing: boolean;
  /** How long a long-poll GET is held before 204. ms. */
  holdMs: number;
  /** Period of the SSE `: keep-alive` comment. ms. */
  sseKeepAliveMs: number;
}

/** What a client may send on `/ws` (and, the heartbeats only, on `/feed`). */
export type WsClientMessage =
  | { type: 'ping' }
  | { type: 'hb'; n: number }
  | { type: 'fragment'; parts: number; text: string };

/** The server's answers to the app heartbeats on `/ws` and `/feed`. */
export type WsPong = { type: 'pong'; at: number };
export type WsHbAck = { type: 'hb-ack'; n: number; at: number };
export type WsServerMessage = WsPong | WsHbAck;

/** One `/ordered` event. */
export interface OrderedEvent {
  eventId: string;
  seq: number;
  data: string;
}

/** `/ordered` client → server: send again every event with seq ≥ from. */
export interface ReplayRequest {
  type: 'replay';
  from: number;
}

/** One `/bp` data message (also sent on the stats channel for critical ones with `split`). */
export interface BpMessage {
  n: number;
  /** `k0` … `k7`: what `coalesce` keeps the latest of. */
  key: string;
  /** Date.now() when made. */
  at: number;
  /** Every 10th message. */
  crit: boolean;
  /** `size` bytes of padding. */
  pad: string;
}

/** One `/bp` frame with `batchMs` > 0: the window's messages. */
export interface BpBatch {
  batch: BpMessage[];
}

/** One `/bp?channel=stats` report (≤ 10 Hz): the data socket's queue and the producer's counts. */
export interface BpStat {
  type: 'stat';
  at: number;
  policy: string;
  watermark: number;
  /** The data socket's `ws.bufferedAmount`. */
  bufferedAmount: number;
  /** Its TCP socket's `writableLength`. */
  writableLength: number;
  /** Bytes in the app queue in front of it (drop-oldest). */
  queued: number;
  paused: boolean;
  rss: number;
  heapUsed: number;
  produced: number;
  sent: number;
  dropped: number;
  coalesced: number;
  /** Messages not made while paused. */
  skipped: number;
  critical: number;
}

/** `POST /auth/token` 201. */
export interface TokenResponse {
  token: string;
  user: string;
  /** Date.now() at expiry. */
  exp: number;
}

/** `POST /auth/revoke` 200. */
export interface RevokeResponse {
  user: string;
  /** Live tokens revoked. */
  revokedTokens: number;
  /** The user's connected `/secure` sockets, with the rooms each left (empty with rooms=keep). */
  sockets: { id: string; roomsLeft: string[]; roomsKept: string[] }[];
}

export const SIM_TRANSPORTS = ['websocket', 'polling'] as const;
export type SimTransport = (typeof SIM_TRANSPORTS)[number];

/** One simulated client, as `/clients` lists it. */
export interface SimInfo {
  id: string;
  transport: SimTransport;
  rooms: string[];
  connected: boolean;
  /** Socket.IO id while connected. */
  sid: string | null;
  /** How many times it has connected. */
  connects: number;
  /** The last connect error, if any. */
  error: string | null;
}

/** `POST /clients` 201. */
export interface ClientsStarted {
  started: SimInfo[];
  running: number;
  cap: number;
}

/** `GET /clients` 200. */
export interface ClientsList {
  clients: SimInfo[];
  cap: number;
}

/** `DELETE /clients` 200. */
export interface ClientsStopped {
  stopped: number;
}
