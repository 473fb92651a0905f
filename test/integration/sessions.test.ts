import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import {
  httpUrl,
  labFetch,
  labWebSocket,
  type MirrorClient,
  openMirror,
  startServer,
  wsUrl,
} from './mirror-client';

const UNKNOWN = '0123456789abcdef0123456789abcdef';

let server: WireLabServer | undefined;
const mirrors: MirrorClient[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  for (const mirror of mirrors.splice(0)) await mirror.close();
  await server?.close();
  server = undefined;
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<WireLabServer> {
  server = await startServer(options);
  return server;
}

async function mirrorOf(s: WireLabServer): Promise<MirrorClient> {
  const mirror = await openMirror(s);
  mirrors.push(mirror);
  return mirror;
}

/** Opens a lab WebSocket; resolves with it once open, or with the HTTP status that refused it. */
function labWs(
  s: WireLabServer,
  path: string,
): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  const ws = labWebSocket(wsUrl(s, path), { perMessageDeflate: false });
  clients.push(ws);
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (req, res) => {
      req.on('error', () => {}); // the refused request may end in a reset
      req.socket?.on('error', () => {});
      res.on('error', () => {});
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

function closed(ws: WebSocket): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('lab requests for sessions that do not exist', () => {
  it('answers an unknown session id with 404 naming it, and creates nothing', async () => {
    const s = await serve();
    const res = await labFetch(httpUrl(s, `/lab/${UNKNOWN}/socket.io/?EIO=4&transport=polling`));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`unknown session ${UNKNOWN}`);
    expect(s.registry.size).toBe(0);
  });

  it('answers a malformed session id with 404 saying it is malformed', async () => {
    const s = await serve();
    const res = await labFetch(httpUrl(s, '/lab/nope/ws'));
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/malformed session id "nope"/);
  });

  it('refuses a WebSocket upgrade for an unknown session with 404', async () => {
    const s = await serve();
    const result = await labWs(s, `/lab/${UNKNOWN}/ws`);
    expect(result).toMatchObject({ status: 404 });
    expect(s.registry.size).toBe(0);
  });

  it('answers 404 "has ended" once the mirror closed and the grace period passed', async () => {
    const s = await serve({ graceMs: 0 });
    const mirror = await mirrorOf(s);
    expect(s.registry.size).toBe(1);
    await mirror.close();
    await expect.poll(() => s.registry.size).toBe(0);
    const res = await labFetch(httpUrl(s, `${mirror.labBase}${LAB_PATHS.ws}`));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('has ended');
  });
});

describe('session teardown', () => {
  it('closes the lab connections, the lab node and every tracked resource when the page goes away', async () => {
    const s = await serve({ graceMs: 0 });
    const mirror = await mirrorOf(s);
    const session = s.registry.get(mirror.session);
    expect(session).toBeDefined();
    const opened = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    if (!('ws' in opened)) throw new Error(`lab ws refused: ${opened.status}`);
    const polled = await labFetch(
      httpUrl(s, `${mirror.labBase}${LAB_PATHS.socketio}?EIO=4&transport=polling`),
    );
    expect(polled.status).toBe(200);
    await polled.text();
    expect(session?.connections).toBeGreaterThanOrEqual(1);
    expect(session?.labNode().connections).toBeGreaterThanOrEqual(1);

    const labClosed = closed(opened.ws);
    await mirror.close();
    await labClosed;
    await expect.poll(() => s.registry.size).toBe(0);
    expect(session?.isEnded).toBe(true);
    expect(session?.tracked).toBe(0);
    await expect.poll(() => session?.connections).toBe(0);
  });

  it('keeps the session through the grace period so a quick reconnect finds it', async () => {
    const s = await serve({ graceMs: 60_000 });
    const mirror = await mirrorOf(s);
    await mirror.close();
    const res = await labFetch(
      httpUrl(s, `${mirror.labBase}${LAB_PATHS.socketio}?EIO=4&transport=polling`),
    );
    expect(res.status).toBe(200);
    await res.text();
    expect(s.registry.size).toBe(1);
  });

  it('ends every session and closes mirror sockets when the server closes', async () => {
    const s = await serve();
    const mirror = await mirrorOf(s);
    const mirrorClosed = closed(mirror.ws);
    await s.close();
    server = undefined;
    await mirrorClosed;
    expect(s.registry.size).toBe(0);
  });
});

describe('limits and mirror messages', () => {
  it('refuses a lab connection over maxConnections with 503 and tells the page', async () => {
    const s = await serve({ limits: { maxConnections: 2 } });
    const mirror = await mirrorOf(s);
    expect(mirror.limits.maxConnections).toBe(2);
    const first = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    const second = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    expect('ws' in first && 'ws' in second).toBe(true);
    const third = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    expect(third).toMatchObject({ status: 503 });
    const limit = await mirror.waitForMessage((m) => m.type === 'limit', 'a limit message');
    expect(limit).toMatchObject({ type: 'limit', what: 'maxConnections' });

    // Closing one frees its slot.
    if ('ws' in first) {
      const done = closed(first.ws);
      first.ws.close(1000);
      await done;
    }
    await expect.poll(() => s.registry.get(mirror.session)?.connections).toBe(1);
    const fourth = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    expect('ws' in fourth).toBe(true);
  });

  it('puts a marker on the timeline for a mark message and answers bad messages with an error', async () => {
    const s = await serve();
    const mirror = await mirrorOf(s);
    mirror.ws.send('not json');
    mirror.ws.send(JSON.stringify({ type: 'launch-missiles' }));
    mirror.ws.send(
      JSON.stringify({ type: 'mark', label: 'run 2 started', detail: 'latency 100 ms' }),
    );
    await mirror.waitFor((events) => events.some((e) => e.kind === 'marker'), 'the marker');
    const errors = mirror.messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatchObject({ message: expect.stringContaining('launch-missiles') });
    const marker = mirror.events.find((e) => e.kind === 'marker');
    expect(marker).toMatchObject({
      kind: 'marker',
      label: 'run 2 started',
      detail: 'latency 100 ms',
      seq: 1,
    });
  });

  it('answers 502 with a marker when the lab node is unavailable, and stays up', async () => {
    const s = await serve();
    const mirror = await mirrorOf(s);
    await s.registry.get(mirror.session)?.labNode().close();
    const res = await labFetch(
      httpUrl(s, `${mirror.labBase}${LAB_PATHS.socketio}?EIO=4&transport=polling`),
    );
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('lab node');
    await mirror.waitFor(
      (events) => events.some((e) => e.kind === 'marker' && e.label === 'upstream unavailable'),
      'the upstream-unavailable marker',
    );
    const health = await labFetch(httpUrl(s, '/healthz'));
    expect(health.status).toBe(200);
  });

  it('drops the lab connections on a lab node restart and serves new ones on the new port', async () => {
    const s = await serve();
    const mirror = await mirrorOf(s);
    const before = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    if (!('ws' in before)) throw new Error('lab ws refused');
    const node = s.registry.get(mirror.session)?.labNode();
    const oldPort = await node?.port();
    const dropped = closed(before.ws);
    const newPort = await node?.restart();
    await dropped;
    expect(newPort).not.toBe(oldPort);
    const after = await labWs(s, `${mirror.labBase}${LAB_PATHS.ws}`);
    if (!('ws' in after)) throw new Error('lab ws refused after restart');
    after.ws.send('again');
    const echo = await new Promise<string>((resolve) =>
      after.ws.once('message', (d) => resolve(d.toString())),
    );
    expect(echo).toBe('again');
  });
});

describe('session cap', () => {
  it('refuses a mirror socket over maxSessions with 503 and keeps the open ones', async () => {
    const s = await serve({ maxSessions: 1 });
    const first = await mirrorOf(s);
    const refused = await labWs(s, '/_wirelab/mirror');
    expect(refused).toMatchObject({ status: 503 });
    expect(s.registry.size).toBe(1);
    expect(s.registry.get(first.session)).toBeDefined();
  });
});

describe('healthz', () => {
  it('answers 200 JSON with the session count and uptime', async () => {
    const s = await serve();
    await mirrorOf(s);
    const res = await labFetch(httpUrl(s, '/healthz'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ ok: true, sessions: 1, uptimeMs: expect.any(Number) });
  });
});
