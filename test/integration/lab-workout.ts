/**
 * One page's worth of lab use, for leak checks (session-leaks.test.ts, bench/soak.ts): a session
 * that touches every kind of lab endpoint through the edge, then ends by closing its mirror.
 *
 * Per session: raw WebSocket echo (/ws), Socket.IO round trips over polling only and over
 * websocket (/socket.io/), connection state recovery (/csr.io/), SSE (/sse), a long poll held and
 * answered by a publish (/poll), two simulated clients (POST /clients, one per transport), the
 * `restart-node` mirror action, and the producer. Some connections are still open when the mirror
 * closes (an SSE reader, a Socket.IO socket, the simulated clients), as when a tab is closed.
 */
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { WireLabServer } from '../../server/app-server';
import { httpUrl, type MirrorClient, openMirror, wsUrl } from './mirror-client';

const STEP_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Answer {
  status: number;
  body: string;
}

/**
 * One HTTP request on its own TCP connection (no keep-alive pool: sessions must not share
 * sockets, and a pooled socket of an ended session would be reset under the next request).
 */
function request(
  url: string,
  headers: Record<string, string>,
  options: { method?: string; body?: string } = {},
): Promise<Answer> {
  return withTimeout(
    new Promise<Answer>((resolve, reject) => {
      const req = http.request(url, { method: options.method ?? 'GET', headers, agent: false });
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
    }),
    `${options.method ?? 'GET'} ${url}`,
  );
}

function wsEcho(server: WireLabServer, mirror: MirrorClient): Promise<void> {
  const ws = new WebSocket(wsUrl(server, `${mirror.labBase}/ws`), { headers: mirror.headers });
  ws.on('error', () => {});
  const done = new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send('hello'));
    ws.once('message', () => {
      ws.once('close', () => resolve());
      ws.close();
    });
    ws.once('unexpected-response', () => reject(new Error('/ws refused')));
  });
  return withTimeout(done, '/ws echo').finally(() => ws.terminate());
}

function sioConnect(
  server: WireLabServer,
  mirror: MirrorClient,
  path: string,
  transport: 'polling' | 'websocket',
): Socket {
  return io(httpUrl(server, '/'), {
    path: `${mirror.labBase}${path}`,
    transports: [transport],
    extraHeaders: mirror.headers,
    reconnection: false,
    forceNew: true,
  });
}

/** connect, `chat` with an ack; left open when keepOpen (the session end must close it). */
async function sioRoundTrip(
  server: WireLabServer,
  mirror: MirrorClient,
  transport: 'polling' | 'websocket',
  keepOpen: boolean,
): Promise<Socket> {
  const socket = sioConnect(server, mirror, '/socket.io/', transport);
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('connect', () => socket.emit('chat', 'hi', () => resolve()));
      }),
      `Socket.IO ${transport} round trip`,
    );
  } finally {
    if (!keepOpen) socket.close();
  }
  return socket;
}

async function csr(server: WireLabServer, mirror: MirrorClient): Promise<void> {
  const socket = sioConnect(server, mirror, '/csr.io/', 'websocket');
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('hello', () => socket.emit('csr-window', 5_000, () => resolve()));
      }),
      '/csr.io/ hello',
    );
  } finally {
    socket.close();
  }
}

/** Opens /sse and waits for its first bytes; returns a function that closes the reader. */
function sse(server: WireLabServer, mirror: MirrorClient): Promise<() => void> {
  const url = httpUrl(server, `${mirror.labBase}/sse`);
  return withTimeout(
    new Promise<() => void>((resolve, reject) => {
      const req = http.request(url, { headers: mirror.headers, agent: false });
      req.on('error', reject);
      req.on('response', (res) => {
        res.on('error', () => {});
        // Keeps reading so the stream never backs up; ends on close or at the session end.
        res.once('data', () => resolve(() => req.destroy()));
        res.resume();
      });
      req.end();
    }),
    '/sse first bytes',
  );
}

/** A long poll held until a POST /poll publishes, then a short poll (204). */
async function longPoll(server: WireLabServer, mirror: MirrorClient): Promise<void> {
  const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
  const { lastId } = JSON.parse((await request(url('/stream'), mirror.headers)).body) as {
    lastId: number;
  };
  const held = request(url(`/poll?cursor=${lastId}&wait=10000`), mirror.headers);
  const node = server.registry.get(mirror.session)?.labNode();
  await until(() => (node?.resources().longPollWaiters ?? 0) > 0, 'the long poll to be held');
  const published = await request(
    url('/poll'),
    { ...mirror.headers, 'content-type': 'application/json' },
    { method: 'POST', body: JSON.stringify({ data: 'x' }) },
  );
  if (published.status !== 201) throw new Error(`POST /poll answered ${published.status}`);
  const answer = await held;
  if (answer.status !== 200) throw new Error(`held /poll answered ${answer.status}`);
  const short = await request(url(`/poll?cursor=${lastId + 1}&wait=0`), mirror.headers);
  if (short.status !== 204) throw new Error(`short /poll answered ${short.status}`);
}

async function simClients(server: WireLabServer, mirror: MirrorClient): Promise<void> {
  const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
  for (const transport of ['websocket', 'polling']) {
    const res = await request(url(`/clients?n=1&transport=${transport}&rooms=r`), mirror.headers, {
      method: 'POST',
    });
    if (res.status !== 201) throw new Error(`POST /clients answered ${res.status}`);
  }
  await until(async () => {
    const { clients } = JSON.parse((await request(url('/clients'), mirror.headers)).body) as {
      clients: { connected: boolean }[];
    };
    return clients.length === 2 && clients.every((c) => c.connected);
  }, 'simulated clients connected');
}

async function restartNode(mirror: MirrorClient): Promise<void> {
  mirror.action('restart-node');
  await mirror.waitFor(
    (events) => events.some((e) => e.kind === 'marker' && e.label === 'lab node back'),
    'lab node back',
    STEP_MS,
  );
}

/** Runs one session through every endpoint and waits until the server has ended it. */
export async function runSession(server: WireLabServer): Promise<void> {
  const mirror = await openMirror(server);
  const open: Socket[] = [];
  let closeReader: (() => void) | null = null;
  try {
    const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
    await wsEcho(server, mirror);
    await sioRoundTrip(server, mirror, 'polling', false);
    await sioRoundTrip(server, mirror, 'websocket', false);
    await csr(server, mirror);
    (await sse(server, mirror))();
    await longPoll(server, mirror);
    await request(url('/stream/start?rate=50&size=60'), mirror.headers, { method: 'POST' });
    await simClients(server, mirror);
    await restartNode(mirror);
    // Open when the page goes away: the session end must release these.
    open.push(await sioRoundTrip(server, mirror, 'polling', true));
    open.push(await sioRoundTrip(server, mirror, 'websocket', true));
    closeReader = await sse(server, mirror);
  } finally {
    await mirror.close();
    await until(() => server.registry.get(mirror.session) === undefined, 'the session to end');
    for (const socket of open) socket.close();
    closeReader?.();
  }
}

/** Runs `count` sessions, `concurrency` at a time; onProgress after each finished session. */
export async function runSessions(
  server: WireLabServer,
  count: number,
  concurrency: number,
  onProgress?: (done: number) => void | Promise<void>,
): Promise<void> {
  let started = 0;
  let done = 0;
  const lane = async () => {
    while (started < count) {
      started += 1;
      await runSession(server);
      done += 1;
      await onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
