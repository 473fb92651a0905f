/**
 * One page's worth of lab use, for leak checks (session-leaks.test.ts, bench/soak.ts): a session
 * that touches every kind of lab endpoint through the edge, then ends by closing its mirror.
 *
 * Steps: raw WebSockets (/ws echo with protocol pings on via /config, /ordered, /bp data and
 * stats), Socket.IO round trips over polling only and over websocket (/socket.io/), connection
 * state recovery (/csr.io/), SSE (/sse), a long poll held and answered by a publish (/poll), the
 * producer (/stream/start) read on /feed, /admin and /secure (a token from /auth/token), two
 * simulated clients (POST /clients, one per transport), the `restart-node` mirror action; then,
 * still open when the mirror closes (as when a tab is closed): a Socket.IO socket per transport, an
 * SSE reader and the /secure socket.
 *
 * `cutAt: k` ends the session while step k is in flight (the mirror closes right after the step
 * starts): the races between a session's end and its lab traffic are where leaks hide.
 *
 * Every HTTP request gets its own TCP connection (no keep-alive pool: sessions must not share
 * sockets, and no idle client socket may outlive the session in the counts).
 */

import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer, WireLabServerOptions } from '../../server/app-server';
import { watchForCollection } from '../../server/live-resources';
import { forgetSession, httpUrl, type MirrorClient, openMirror, wsUrl } from './mirror-client';

const STEP_MS = 10_000;

/** Server options for many sessions from one address in a short time (no per-client caps). */
export const WORKOUT_SERVER: WireLabServerOptions = {
  graceMs: 0,
  maxSessions: 1_000,
  gate: { clientCaps: { maxOpenPerClient: 1_000, perMinute: 1e9, burst: 1e9 } },
};

/** One session's client side: what to close at the end, and the signal that the end came. */
interface Ctx {
  server: WireLabServer;
  mirror: MirrorClient;
  ended: AbortSignal;
  /** Closes a client-side resource at the session's end (if it is still open). */
  own(close: () => void): void;
  url(path: string): string;
}

class Cut extends Error {}

/** The promise, or a rejection after STEP_MS or once the session is cut. */
function bounded<T>(ctx: Ctx, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), STEP_MS);
    onAbort = () => reject(new Cut(what));
    if (ctx.ended.aborted) onAbort();
    else ctx.ended.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort !== undefined) ctx.ended.removeEventListener('abort', onAbort);
  });
}

async function until(ctx: Ctx, check: () => boolean | Promise<boolean>, what: string) {
  await bounded(
    ctx,
    (async () => {
      while (!ctx.ended.aborted && !(await check())) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })(),
    what,
  );
}

interface Answer {
  status: number;
  body: string;
}

function request(
  ctx: Ctx,
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const req = http.request(ctx.url(path), {
    method: options.method ?? 'GET',
    headers: { ...ctx.mirror.headers, ...options.headers },
    agent: false,
  });
  ctx.own(() => req.destroy());
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
      );
    });
    req.end(options.body);
  });
  return bounded(ctx, answer, `${options.method ?? 'GET'} ${path}`);
}

/** A raw WebSocket on a lab path: sends `send` (if any) once open, closes after `messages`. */
async function wsExchange(ctx: Ctx, path: string, messages: number, send?: string) {
  const ws = new WebSocket(wsUrl(ctx.server, `${ctx.mirror.labBase}${path}`), {
    headers: ctx.mirror.headers,
  });
  ws.on('error', () => {});
  ctx.own(() => ws.terminate());
  let received = 0;
  const done = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      if (send !== undefined) ws.send(send);
    });
    ws.on('message', () => {
      received += 1;
      if (received !== messages) return;
      ws.once('close', () => resolve());
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${path}: ${res.statusCode}`)));
  });
  await bounded(ctx, done, `${path} exchange`);
}

/** /ws echo with protocol pings on (the heartbeat's timers), /ordered, /bp's two channels. */
async function rawSockets(ctx: Ctx): Promise<void> {
  const config = await request(ctx, `${LAB_PATHS.config}?wsPing=1&pingInterval=500`, {
    method: 'POST',
  });
  if (config.status !== 200) throw new Error(`POST /config answered ${config.status}`);
  await wsExchange(ctx, LAB_PATHS.ws, 1, 'hello');
  await wsExchange(ctx, `${LAB_PATHS.ordered}?rate=200&count=2`, 2);
  await Promise.all([
    wsExchange(ctx, `${LAB_PATHS.bp}?channel=stats`, 1),
    wsExchange(ctx, `${LAB_PATHS.bp}?rate=100&seconds=1`, 1),
  ]);
}

/** The producer's messages on /feed. */
async function feed(ctx: Ctx): Promise<void> {
  await wsExchange(ctx, LAB_PATHS.feed, 1);
}

/** /admin with its token, /secure with a token from POST /auth/token (its expiry timer). */
async function authNamespaces(ctx: Ctx): Promise<void> {
  const issued = await request(ctx, `${LAB_PATHS.authToken}?user=zoe&ttl=600000`, {
    method: 'POST',
  });
  if (issued.status !== 201) throw new Error(`POST /auth/token answered ${issued.status}`);
  const { token } = JSON.parse(issued.body) as { token: string };
  for (const [nsp, auth] of [
    ['/secure', { token }],
    ['/admin', { token: 'let-me-in' }],
  ] as const) {
    const socket = io(httpUrl(ctx.server, nsp), {
      path: `${ctx.mirror.labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      extraHeaders: ctx.mirror.headers,
      reconnection: false,
      forceNew: true,
      auth,
    });
    ctx.own(() => socket.close());
    const done = new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => socket.emit('join', 'room', () => resolve()));
    });
    await bounded(ctx, done, `${nsp} connect`);
    if (nsp === '/admin') socket.close(); // /secure stays open: its expiry timer is pending
  }
}

function sioConnect(ctx: Ctx, path: string, transport: 'polling' | 'websocket'): Socket {
  const socket = io(httpUrl(ctx.server, '/'), {
    path: `${ctx.mirror.labBase}${path}`,
    transports: [transport],
    extraHeaders: ctx.mirror.headers,
    reconnection: false,
    forceNew: true,
  });
  ctx.own(() => socket.close());
  return socket;
}

/** connect, then `chat` with an ack; the socket stays open when keepOpen. */
async function sioRoundTrip(
  ctx: Ctx,
  transport: 'polling' | 'websocket',
  keepOpen = false,
): Promise<void> {
  const socket = sioConnect(ctx, LAB_PATHS.socketio, transport);
  const done = new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => socket.emit('chat', 'hi', () => resolve()));
  });
  await bounded(ctx, done, `Socket.IO ${transport} round trip`);
  if (!keepOpen) socket.close();
}

async function csr(ctx: Ctx): Promise<void> {
  const socket = sioConnect(ctx, LAB_PATHS.csrio, 'websocket');
  const done = new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('hello', () => socket.emit('csr-window', 5_000, () => resolve()));
  });
  await bounded(ctx, done, '/csr.io/ hello');
  socket.close();
}

/** Opens /sse and waits for its first bytes; the reader stays open when keepOpen. */
async function sse(ctx: Ctx, keepOpen = false): Promise<void> {
  const req = http.request(ctx.url(LAB_PATHS.sse), { headers: ctx.mirror.headers, agent: false });
  ctx.own(() => req.destroy());
  const first = new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('error', () => {});
      res.once('data', () => resolve());
      res.resume(); // keeps reading, so the stream never backs up
    });
    req.end();
  });
  await bounded(ctx, first, '/sse first bytes');
  if (!keepOpen) req.destroy();
}

/** A long poll held until a POST /poll publishes, then a short poll (204). */
async function longPoll(ctx: Ctx): Promise<void> {
  const { lastId } = JSON.parse((await request(ctx, LAB_PATHS.stream)).body) as { lastId: number };
  const held = request(ctx, `${LAB_PATHS.poll}?cursor=${lastId}&wait=10000`);
  held.catch(() => {});
  const node = ctx.server.registry.get(ctx.mirror.session)?.labNode();
  await until(ctx, () => (node?.resources().longPollWaiters ?? 0) > 0, 'the long poll held');
  const published = await request(ctx, LAB_PATHS.poll, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: 'x' }),
  });
  if (published.status !== 201) throw new Error(`POST /poll answered ${published.status}`);
  const answer = await held;
  if (answer.status !== 200) throw new Error(`held /poll answered ${answer.status}`);
  const short = await request(ctx, `${LAB_PATHS.poll}?cursor=${lastId + 1}&wait=0`);
  if (short.status !== 204) throw new Error(`short /poll answered ${short.status}`);
}

async function producer(ctx: Ctx): Promise<void> {
  const res = await request(ctx, `${LAB_PATHS.streamStart}?rate=50&size=60`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`POST /stream/start answered ${res.status}`);
}

async function simClients(ctx: Ctx): Promise<void> {
  for (const transport of ['websocket', 'polling']) {
    const res = await request(ctx, `${LAB_PATHS.clients}?n=1&transport=${transport}&rooms=r`, {
      method: 'POST',
    });
    if (res.status !== 201) throw new Error(`POST /clients answered ${res.status}`);
  }
  await until(
    ctx,
    async () => {
      const { clients } = JSON.parse((await request(ctx, LAB_PATHS.clients)).body) as {
        clients: { connected: boolean }[];
      };
      return clients.length === 2 && clients.every((c) => c.connected);
    },
    'simulated clients connected',
  );
}

async function restartNode(ctx: Ctx): Promise<void> {
  const before = ctx.mirror.events.length;
  ctx.mirror.action('restart-node');
  await until(
    ctx,
    () =>
      ctx.mirror.events
        .slice(before)
        .some((e) => e.kind === 'marker' && e.label === 'lab node back'),
    'lab node back',
  );
}

async function leftOpen(ctx: Ctx): Promise<void> {
  await sioRoundTrip(ctx, 'polling', true);
  await sioRoundTrip(ctx, 'websocket', true);
  await sse(ctx, true);
}

export const STEPS: readonly ((ctx: Ctx) => Promise<void>)[] = [
  rawSockets,
  (ctx) => sioRoundTrip(ctx, 'polling'),
  (ctx) => sioRoundTrip(ctx, 'websocket'),
  csr,
  (ctx) => sse(ctx),
  longPoll,
  producer,
  feed,
  authNamespaces,
  simClients,
  restartNode,
  leftOpen,
];

export interface SessionRun {
  /** End the session while this step (index into STEPS) is in flight. */
  cutAt?: number;
}

/** Runs one session through every endpoint and waits until the server has ended it. */
export async function runSession(server: WireLabServer, run: SessionRun = {}): Promise<void> {
  const mirror = await openMirror(server);
  const ending = new AbortController();
  const closers: (() => void)[] = [];
  const ctx: Ctx = {
    server,
    mirror,
    ended: ending.signal,
    own: (close) => closers.push(close),
    url: (path) => httpUrl(server, `${mirror.labBase}${path}`),
  };
  try {
    for (const [i, step] of STEPS.entries()) {
      if (i === run.cutAt) {
        step(ctx).catch(() => {});
        // Lets the step's first request leave before the page goes away.
        await new Promise((resolve) => setImmediate(resolve));
        break;
      }
      await step(ctx);
    }
  } finally {
    // Both must be garbage once the session has ended (checked when collection watch is on).
    const session = server.registry.get(mirror.session);
    if (session !== undefined && !session.isEnded) {
      watchForCollection('Session (seen by the workout)', session);
      watchForCollection('LabNode (seen by the workout)', session.labNode());
    }
    await mirror.close();
    try {
      await until(
        { ...ctx, ended: new AbortController().signal },
        () => server.registry.get(mirror.session) === undefined,
        'the session to end',
      );
    } finally {
      ending.abort();
      for (const close of closers) close();
      forgetSession(mirror.session);
    }
  }
}

/** Runs `count` sessions, `concurrency` at a time; run(i) says how session i runs. */
export async function runSessions(
  server: WireLabServer,
  count: number,
  concurrency: number,
  run: (i: number) => SessionRun = () => ({}),
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await runSession(server, run(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
