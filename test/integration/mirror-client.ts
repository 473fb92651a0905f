/**
 * Test helper: a page's mirror channel, opened with the `ws` client. Collects every server message
 * and lets a test wait for events matching a predicate (polling the collected log, no sleeps).
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { type ClientOptions, WebSocket } from 'ws';
import type { TapRecord } from '../../lib/capture/records';
import {
  type EdgeAction,
  MIRROR_PATH,
  type ServerMessage,
  type SessionLimits,
} from '../../lib/mirror/protocol';
import { RecordDecoder } from '../../lib/mirror/record-decoder';
import { TapStreamReader } from '../../lib/mirror/tap-stream';
import type { FaultEvent, FaultKind, WireEvent } from '../../lib/mirror/types';
import { DEFAULT_SCENARIO, type Scenario } from '../../lib/scenario/schema';
import {
  createWireLabServer,
  type WireLabServer,
  type WireLabServerOptions,
} from '../../server/app-server';

export interface MirrorClient {
  ws: WebSocket;
  session: string;
  limits: SessionLimits;
  labBase: string;
  /**
   * Headers that prove a lab request comes from this session's page (its `wl_key` cookie, from the
   * mirror's 101). Send them on every lab request: fetch, ws, socket.io-client `extraHeaders`.
   */
  headers: Record<string, string>;
  events: WireEvent[];
  /** The raw capture as the mirror carried it. */
  records: TapRecord[];
  messages: ServerMessage[];
  dropped: number;
  waitFor(
    predicate: (events: WireEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  waitForMessage(
    predicate: (m: ServerMessage) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ServerMessage>;
  /** Sends a scenario (defaults + overrides) and resolves with the edge's echo of it. */
  setScenario(overrides: Partial<Scenario>): Promise<Scenario>;
  /** Sends a one-shot edge action (reset, restart-node). */
  action(action: EdgeAction): void;
  close(): Promise<void>;
}

/**
 * The test process's cookie jar, as a browser keeps one: each mirror's key cookie by session id.
 * labFetch / labWebSocket / labIo send it on lab requests the way a page's browser would.
 */
const jar = new Map<string, Record<string, string>>();

/** Drops an ended session's cookie from the jar (long runs: bench/soak.ts). */
export function forgetSession(id: string): void {
  jar.delete(id);
}

/** The key headers for the session named in a lab URL or path (`/lab/<id>/…`), or {}. */
export function headersFor(urlOrPath: string): Record<string, string> {
  const id = /\/lab\/([0-9a-f]{32})/.exec(urlOrPath)?.[1];
  return (id === undefined ? undefined : jar.get(id)) ?? {};
}

/** fetch with the session's key cookie (explicit headers win). */
export function labFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = { ...headersFor(url), ...(init.headers as Record<string, string> | undefined) };
  return fetch(url, { ...init, headers });
}

/** A `ws` client with the session's key cookie. */
export function labWebSocket(url: string, options: ClientOptions = {}): WebSocket {
  return new WebSocket(url, { ...options, headers: { ...headersFor(url), ...options.headers } });
}

/** A socket.io-client with the session's key cookie (found from its `path` option). */
export function labIo(url: string, options: Partial<ManagerOptions & SocketOptions>): Socket {
  const headers = headersFor(`${url} ${options.path ?? ''}`);
  return io(url, { ...options, extraHeaders: { ...headers, ...options.extraHeaders } });
}

/** A `ws` message as bytes (Buffer, Buffer[] or ArrayBuffer). */
export function toBytes(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return new Uint8Array(data as ArrayBuffer);
}

/** The fault events of one kind (optionally of one connection) in a log. */
export function faultsOf(events: WireEvent[], fault: FaultKind, conn?: string): FaultEvent[] {
  return events.filter(
    (e): e is FaultEvent =>
      e.kind === 'fault' && e.fault === fault && (conn === undefined || e.conn === conn),
  );
}

export async function startServer(options: WireLabServerOptions = {}): Promise<WireLabServer> {
  return createWireLabServer({ port: 0, host: '127.0.0.1', next: false, graceMs: 0, ...options });
}

export function wsUrl(server: WireLabServer, path: string): string {
  return `ws://127.0.0.1:${server.port}${path}`;
}

export function httpUrl(server: WireLabServer, path: string): string {
  return `http://127.0.0.1:${server.port}${path}`;
}

/** Resolves when check() is true, re-checking on every event batch; rejects after timeoutMs. */
function waitUntil(
  ws: WebSocket,
  check: () => boolean,
  what: string,
  timeoutMs: number,
  explain: () => string,
) {
  return new Promise<void>((resolve, reject) => {
    if (check()) {
      resolve();
      return;
    }
    const onMessage = () => {
      if (check()) {
        cleanup();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}\n${explain()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      ws.off('message', onMessage);
    };
    // Registered after the collector, so check() sees the newest batch.
    ws.on('message', onMessage);
  });
}

export function summarize(events: WireEvent[]): string {
  return events
    .map((e) => {
      const extra =
        e.kind === 'ws-frame'
          ? `${e.frame.opcodeName} len=${e.frame.payloadLength}${e.message?.eio ? ` eio=${e.message.eio.encoded ?? e.message.eio.type}` : ''}`
          : e.kind === 'http-request'
            ? `${e.method} ${e.target}`
            : e.kind === 'http-response'
              ? `${e.status}`
              : e.kind === 'http-body'
                ? `size=${e.size} final=${e.final}${e.eio ? ` eio=${e.eio.map((p) => p.encoded ?? p.type).join('|')}` : ''}`
                : e.kind === 'protocol-error'
                  ? `${e.layer}: ${e.message}`
                  : e.kind === 'conn-close'
                    ? `${e.how} by ${e.by}`
                    : e.kind === 'marker'
                      ? e.label
                      : e.kind === 'fault'
                        ? `${e.fault}: ${e.detail}`
                        : '';
      return `${e.seq} ${e.conn} ${e.hop} ${e.dir} ${e.kind} ${extra}`;
    })
    .join('\n');
}

export async function openMirror(server: WireLabServer): Promise<MirrorClient> {
  const ws = new WebSocket(wsUrl(server, MIRROR_PATH));
  ws.on('error', () => {});
  const headers: Record<string, string> = {};
  ws.once('upgrade', (res) => {
    const cookies = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).filter(Boolean);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
  });
  const events: WireEvent[] = [];
  const messages: ServerMessage[] = [];
  const records: TapRecord[] = [];
  let dropped = 0;
  // The page's own path: binary batches → records → dissected in this process, as the page's
  // worker does (lib/mirror/tap-stream.ts, lib/mirror/record-decoder.ts).
  const reader = new TapStreamReader();
  let decoder: RecordDecoder | null = null;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const message = JSON.parse(data.toString()) as ServerMessage;
      messages.push(message);
      if (message.type === 'hello') {
        decoder = new RecordDecoder({ maxPayload: message.limits.maxPayload });
      }
      return;
    }
    const batch = reader.decode(toBytes(data));
    dropped += batch.dropped;
    records.push(...batch.records);
    decoder ??= new RecordDecoder();
    decoder.push(batch.records, events);
  });
  const hello = await new Promise<Extract<ServerMessage, { type: 'hello' }>>((resolve, reject) => {
    ws.once('error', reject);
    const onMessage = () => {
      const first = messages[0];
      if (first?.type === 'hello') {
        ws.off('message', onMessage);
        resolve(first);
      }
    };
    ws.on('message', onMessage);
  });
  jar.set(hello.session, headers);
  const client: MirrorClient = {
    ws,
    session: hello.session,
    limits: hello.limits,
    labBase: hello.labBase,
    headers,
    events,
    records,
    messages,
    get dropped() {
      return dropped;
    },
    waitFor: (predicate, what, timeoutMs = 5_000) =>
      waitUntil(
        ws,
        () => predicate(events),
        what,
        timeoutMs,
        () => summarize(events),
      ),
    waitForMessage: async (predicate, what, timeoutMs = 5_000) => {
      await waitUntil(
        ws,
        () => messages.some(predicate),
        what,
        timeoutMs,
        () => messages.map((m) => m.type).join(','),
      );
      return messages.find(predicate) as ServerMessage;
    },
    setScenario: async (overrides) => {
      const scenario = { ...DEFAULT_SCENARIO, ...overrides };
      const before = messages.length;
      ws.send(JSON.stringify({ type: 'scenario', scenario }));
      await waitUntil(
        ws,
        () => messages.slice(before).some((m) => m.type === 'scenario' || m.type === 'error'),
        'scenario echo',
        5_000,
        () => messages.map((m) => m.type).join(','),
      );
      const reply = messages.slice(before).find((m) => m.type === 'scenario' || m.type === 'error');
      if (reply?.type !== 'scenario') throw new Error(`scenario refused: ${JSON.stringify(reply)}`);
      return reply.scenario;
    },
    action: (action) => ws.send(JSON.stringify({ type: 'action', action })),
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
  return client;
}

/** A `ws` client on a lab path that records what it receives and how it closed. */
export interface WsClient {
  ws: WebSocket;
  /** Text messages received (binary ones as hex). */
  received: string[];
  /** Resolves with the close code once the socket closed (1006 = no close frame: FIN or RST). */
  closed: Promise<number>;
  isClosed(): boolean;
  /** Resolves once `check(received)` holds; rejects after timeoutMs. */
  waitFor(check: (received: string[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export async function openWs(
  server: WireLabServer,
  path: string,
  options: ClientOptions = {},
): Promise<WsClient> {
  const ws = labWebSocket(wsUrl(server, path), { perMessageDeflate: false, ...options });
  ws.on('error', () => {});
  const received: string[] = [];
  let isClosed = false;
  ws.on('message', (data, isBinary) => {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    received.push(isBinary ? buffer.toString('hex') : buffer.toString());
  });
  const closed = new Promise<number>((resolve) =>
    ws.once('close', (code) => {
      isClosed = true;
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    closed,
    isClosed: () => isClosed,
    waitFor: (check, what, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (check(received)) {
          resolve();
          return;
        }
        const onMessage = () => {
          if (!check(received)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; received ${received.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          ws.off('message', onMessage);
        };
        ws.on('message', onMessage);
      }),
  };
}
