/**
 * Simulated clients (POST/GET/DELETE /clients) and rooms, through the edge: server-side
 * socket.io-client instances connect to the edge's own address, so the mirror shows their traffic;
 * they join their rooms (again after a lab node restart); a room broadcast reaches only members.
 */

import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import type { LabNode } from '../../server/lab/lab-node';
import type { SimInfo } from '../../server/lab/sim-clients';
import {
  httpUrl,
  labFetch,
  labIo,
  type MirrorClient,
  openMirror,
  startServer,
} from './mirror-client';

let server: WireLabServer;
let mirror: MirrorClient;
let node: LabNode;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ limits: { maxConnections: 120 } });
  mirror = await openMirror(server);
  node = server.registry.get(mirror.session)!.labNode();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await api(LAB_PATHS.clients, 'DELETE');
});

afterAll(async () => {
  await mirror?.close();
  await server?.close();
});

const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);

/**
 * A control request, retried while the lab node restarts (the edge then answers 502 or closes the
 * keep-alive connection these requests share).
 */
async function api(path: string, method = 'GET'): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const res = await labFetch(url(path), { method });
      if (res.status !== 502 || attempt >= 20) return res;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function list(): Promise<SimInfo[]> {
  const res = await api(LAB_PATHS.clients);
  return ((await res.json()) as { clients: SimInfo[] }).clients;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function me(): Socket {
  const socket = labIo(httpUrl(server, ''), {
    path: `${mirror.labBase}${LAB_PATHS.socketio}`,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

async function roomChat(room: string): Promise<{ ok: boolean; delivered: number }> {
  const socket = me();
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket.timeout(5_000).emitWithAck('room-chat', { room, msg: 'to all' });
}

describe('simulated clients', () => {
  it('starts N clients that connect through the edge and join their rooms', async () => {
    const opensBefore = mirror.events.filter(
      (e) => e.kind === 'conn-open' && e.hop === 'browser-edge',
    ).length;
    const res = await labFetch(url(`${LAB_PATHS.clients}?n=3&transport=websocket&rooms=red,blue`), {
      method: 'POST',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { started: SimInfo[]; running: number; cap: number };
    expect(body.started).toHaveLength(3);
    expect(body).toMatchObject({ running: 3, cap: 50 });
    await until(async () => (await list()).every((c) => c.connected), 'all connected');
    expect((await list()).map((c) => c.rooms)).toEqual([
      ['red', 'blue'],
      ['red', 'blue'],
      ['red', 'blue'],
    ]);
    // Their traffic is tapped like the browser's: 3 new connections, a join EVENT from each.
    await mirror.waitFor(
      (events) =>
        events.filter((e) => e.kind === 'conn-open' && e.hop === 'browser-edge').length >=
          opensBefore + 3 &&
        events.filter(
          (e) =>
            e.kind === 'ws-frame' &&
            e.hop === 'browser-edge' &&
            e.message?.eio?.sio?.type === 'EVENT' &&
            e.message.text?.includes('"join","blue"'),
        ).length >= 3,
      'three sims joining blue on the browser hop',
    );
    await until(async () => (await roomChat('red')).delivered === 3, 'red to have 3 members');
  });

  it('reaches only the members of a room', async () => {
    await labFetch(url(`${LAB_PATHS.clients}?n=2&rooms=red`), { method: 'POST' });
    await labFetch(url(`${LAB_PATHS.clients}?n=3&rooms=green`), { method: 'POST' });
    await until(async () => (await list()).every((c) => c.connected), 'all connected');
    await until(async () => (await roomChat('green')).delivered === 3, 'green to have 3 members');
    expect((await roomChat('red')).delivered).toBe(2);
    expect((await roomChat('nobody')).delivered).toBe(0);
  });

  it('runs polling clients too', async () => {
    const res = await labFetch(url(`${LAB_PATHS.clients}?n=2&transport=polling`), {
      method: 'POST',
    });
    expect(res.status).toBe(201);
    await until(async () => (await list()).every((c) => c.connected), 'polling clients connected');
    const clients = await list();
    expect(clients).toHaveLength(2);
    expect(clients.map((c) => c.transport)).toEqual(['polling', 'polling']);
    expect(clients.every((c) => c.sid !== null && c.error === null)).toBe(true);
    const polling = (events: readonly { kind: string; target?: string }[]) =>
      events.filter((e) => e.kind === 'http-request' && e.target?.includes('transport=polling&'));
    await mirror.waitFor((events) => polling(events).length > 0, 'a polling request on the wire');
    expect(polling(mirror.events).length).toBeGreaterThan(0);
  });

  it('reconnects and rejoins its rooms after a lab node restart', async () => {
    await labFetch(url(`${LAB_PATHS.clients}?n=2&rooms=after&jitter=0`), { method: 'POST' });
    await until(async () => (await list()).every((c) => c.connected), 'connected');
    await node.restart();
    await until(
      async () => (await list()).every((c) => c.connected && c.connects >= 2),
      'reconnected',
    );
    await until(async () => (await roomChat('after')).delivered === 2, 'rooms rejoined');
    const clients = await list();
    expect(clients).toHaveLength(2);
    expect(clients.every((c) => c.connected && c.connects >= 2)).toBe(true);
    expect(clients.map((c) => c.rooms)).toEqual([['after'], ['after']]);
    expect(await roomChat('after')).toMatchObject({ ok: true, room: 'after', delivered: 2 });
  });

  it('caps clients per session at 50 with a 429 naming the cap', async () => {
    const first = await labFetch(url(`${LAB_PATHS.clients}?n=45&reconnect=0`), { method: 'POST' });
    expect(first.status).toBe(201);
    const over = await labFetch(url(`${LAB_PATHS.clients}?n=10`), { method: 'POST' });
    expect(over.status).toBe(429);
    expect(((await over.json()) as { error: string }).error).toBe(
      'simulated client cap is 50 per session: 45 running, 10 more asked; stop them with DELETE on this path',
    );
    const stop = await labFetch(url(LAB_PATHS.clients), { method: 'DELETE' });
    expect(await stop.json()).toEqual({ stopped: 45 });
    expect(await list()).toEqual([]);
    expect(node.resources().simClients).toBe(0);
  });

  it.each([
    ['?n=0', 'n must be an integer from 1 to 50, got "0"'],
    ['?n=51', 'n must be an integer from 1 to 50, got "51"'],
    ['?transport=tcp', 'transport must be one of "websocket", "polling", got "tcp"'],
    [
      '?rooms=a,b%20c',
      'each rooms entry must be 1-40 characters from A-Z a-z 0-9 _ . -, got "b c"',
    ],
    ['?jitter=2', 'jitter must be a number from 0 to 1, got "2"'],
    [
      '?count=2',
      'unknown parameter "count"; allowed: "n", "transport", "rooms", "reconnect", "jitter"',
    ],
  ])('answers POST /clients%s with 400', async (query, error) => {
    const res = await labFetch(url(`${LAB_PATHS.clients}${query}`), { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
    expect(node.resources().simClients).toBe(0);
  });
});

describe('rooms API', () => {
  it('join / leave ack the rooms the socket is in; bad room names are refused', async () => {
    const socket = me();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(await socket.timeout(5_000).emitWithAck('join', 'a')).toEqual({
      ok: true,
      room: 'a',
      rooms: ['a'],
    });
    expect(await socket.timeout(5_000).emitWithAck('join', 'b')).toMatchObject({
      rooms: ['a', 'b'],
    });
    expect(await socket.timeout(5_000).emitWithAck('leave', 'a')).toMatchObject({ rooms: ['b'] });
    expect(await socket.timeout(5_000).emitWithAck('join', '')).toEqual({
      ok: false,
      error: 'room must be a string of 1-100 characters',
    });
    expect(await socket.timeout(5_000).emitWithAck('room-chat', 'nope')).toMatchObject({
      ok: false,
    });
  });
});
