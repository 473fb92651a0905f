import { afterAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import type { LabResources } from '../../server/lab/lab-node';
import {
  httpUrl,
  labFetch,
  labIo,
  labWebSocket,
  openMirror,
  startServer,
  wsUrl,
} from './mirror-client';

let server: WireLabServer | undefined;

afterAll(async () => {
  await server?.close();
});

async function until(
  check: () => boolean,
  what: string,
  explain: () => unknown = () => '',
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(explain())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('session end', () => {
  it('leaves the lab node holding nothing', async () => {
    const s = await startServer({ limits: { maxConnections: 64 } });
    server = s;
    const mirror = await openMirror(s);
    const node = s.registry.get(mirror.session)!.labNode();
    const url = (path: string) => httpUrl(s, `${mirror.labBase}${path}`);
    node.configure({ wsPing: true, pingInterval: 500, pingTimeout: 5_000, sseKeepAliveMs: 500 });

    const ws = labWebSocket(wsUrl(s, `${mirror.labBase}${LAB_PATHS.ws}`));
    const feed = labWebSocket(wsUrl(s, `${mirror.labBase}${LAB_PATHS.feed}`));
    for (const socket of [ws, feed]) socket.on('error', () => {});
    const sse = new AbortController();
    void labFetch(url(LAB_PATHS.sse), { signal: sse.signal })
      .then((res) => res.body?.pipeTo(new WritableStream()))
      .catch(() => {});
    const poll = labFetch(url(`${LAB_PATHS.poll}?cursor=${node.stream.lastId}&wait=60000`)).catch(
      () => null,
    );
    const { token } = (await (
      await labFetch(url(`${LAB_PATHS.authToken}?user=zoe&ttl=600000`), { method: 'POST' })
    ).json()) as { token: string };
    const secure = labIo(httpUrl(s, '/secure'), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
    await labFetch(url(`${LAB_PATHS.clients}?n=3&rooms=r`), { method: 'POST' });

    await until(
      () => {
        const r = node.resources();
        return (
          r.wsClients === 1 &&
          r.feedClients === 1 &&
          r.sseReaders === 1 &&
          r.longPollWaiters === 1 &&
          r.socketIoSockets === 4 &&
          r.simClients === 3
        );
      },
      'every endpoint busy',
      () => node.resources(),
    );
    // The producer answers the held poll; start it once the waiter has been counted.
    await labFetch(url(`${LAB_PATHS.streamStart}?rate=5&size=50`), { method: 'POST' });
    await poll;
    const busy = node.resources();
    expect(busy.producerRunning).toBe(true);
    expect(busy.timers).toBeGreaterThan(4);
    expect(busy.streamSubscribers).toBeGreaterThanOrEqual(4);
    expect(busy.tokens).toBe(1);

    await mirror.close();
    await until(() => s.registry.size === 0, 'the session to end');

    const idle: LabResources = {
      timers: 0,
      connections: 0,
      wsClients: 0,
      feedClients: 0,
      sseReaders: 0,
      longPollWaiters: 0,
      socketIoSockets: 0,
      streamSubscribers: 0,
      producerRunning: false,
      simClients: 0,
      tokens: 0,
    };
    expect(node.resources()).toEqual(idle);
    // Nothing comes back to life: the producer does not publish, no timer is re-armed.
    const lastId = node.stream.lastId;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(node.stream.lastId).toBe(lastId);
    expect(node.resources()).toEqual(idle);

    secure.close();
    sse.abort();
    ws.terminate();
    feed.terminate();
  });
});
