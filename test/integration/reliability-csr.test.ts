/**
 * Lesson 12 through the real edge: Socket.IO connection state recovery (the lab node's second
 * server, `/csr.io/`) replays the packets a client missed during a 2 s blackhole followed by a reset,
 * within maxDisconnectionDuration; the plain server (`/socket.io/`) loses them; after a lab node
 * restart nothing is replayed (the stored packets lived in the old process); `/once` dedups retries.
 */

import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
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
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  mirror = await openMirror(server);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await labFetch(httpUrl(server, `${mirror.labBase}${LAB_PATHS.streamStop}`), {
    method: 'POST',
  }).catch(() => {});
  await mirror?.close();
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Feed {
  socket: Socket;
  ids: number[];
  recovered: boolean[];
}

function feed(path: string, opts: Record<string, unknown> = {}): Feed {
  const socket = labIo(httpUrl(server, '/'), {
    path: `${mirror.labBase}${path}`,
    transports: ['websocket'],
    reconnectionDelay: 200,
    randomizationFactor: 0,
    ...opts,
  });
  sockets.push(socket);
  const f: Feed = { socket, ids: [], recovered: [] };
  socket.on('feed', (m: { id: number }) => f.ids.push(m.id));
  socket.on('connect', () => f.recovered.push(socket.recovered === true));
  return f;
}

/** Ids between the first and last received that never arrived. */
function gaps(ids: number[]): number {
  if (ids.length === 0) return 0;
  const seen = new Set(ids);
  let missing = 0;
  for (let id = Math.min(...ids); id <= Math.max(...ids); id += 1) if (!seen.has(id)) missing += 1;
  return missing;
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('delivery guarantees through the edge', () => {
  it('a 2 s blackhole then reset: CSR replays the missed packets, the plain server loses them', async () => {
    const res = await labFetch(
      httpUrl(server, `${mirror.labBase}${LAB_PATHS.streamStart}?rate=20&size=60`),
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(200);
    const csr = feed(LAB_PATHS.csrio);
    const plain = feed(LAB_PATHS.socketio);
    await until(() => csr.ids.length > 5 && plain.ids.length > 5, 'both feeds flowing');
    await mirror.setScenario({ blackhole: true });
    await sleep(2000);
    await mirror.setScenario({ blackhole: false }); // lifting resets the connections that lost bytes
    await until(() => csr.recovered.length >= 2 && plain.recovered.length >= 2, 'both reconnected');
    await sleep(800);
    expect(csr.recovered).toEqual([false, true]);
    expect(gaps(csr.ids)).toBe(0);
    expect(new Set(csr.ids).size).toBe(csr.ids.length);
    expect(plain.recovered).toEqual([false, false]);
    expect(gaps(plain.ids)).toBeGreaterThan(20);
  }, 30_000);

  it('after a lab node restart nothing is replayed', async () => {
    const csr = feed(LAB_PATHS.csrio);
    await until(() => csr.ids.length > 5, 'feed flowing');
    mirror.action('restart-node');
    await until(() => csr.recovered.length >= 2, 'reconnected');
    await sleep(800);
    expect(csr.recovered).toEqual([false, false]);
    expect(gaps(csr.ids)).toBeGreaterThan(0);
  }, 30_000);

  it('/once: a retried message is counted once (dedup by id)', async () => {
    const socket = labIo(httpUrl(server, '/once'), {
      path: `${mirror.labBase}${LAB_PATHS.csrio}`,
      transports: ['websocket'],
      auth: { cid: 'test1' },
    });
    sockets.push(socket);
    await until(() => socket.connected, 'connected');
    const a = await socket.emitWithAck('msg', { id: 1 });
    const b = await socket.emitWithAck('msg', { id: 1 });
    const c = await socket.emitWithAck('msg', { id: 2 });
    expect([a.dup, b.dup, c.dup]).toEqual([false, true, false]);
    expect(await socket.emitWithAck('once-stats')).toEqual({
      received: 3,
      unique: 2,
      duplicates: 1,
    });
  });

  it('/once under 30 % dropped frames: retries deliver every id, dedup keeps each once', async () => {
    const socket = labIo(httpUrl(server, '/once'), {
      path: `${mirror.labBase}${LAB_PATHS.csrio}`,
      transports: ['websocket'],
      auth: { cid: 'test-drop' },
    });
    sockets.push(socket);
    await until(() => socket.connected, 'connected');
    await mirror.setScenario({ drop: 30, seed: 7 });
    let attempts = 0;
    for (let id = 1; id <= 20; id += 1) {
      for (let tries = 0; tries < 20; tries += 1) {
        attempts += 1;
        try {
          await socket.timeout(300).emitWithAck('msg', { id });
          break;
        } catch {
          // no ack: same id again
        }
      }
    }
    await mirror.setScenario({ drop: 0 });
    const stats = (await socket.timeout(3000).emitWithAck('once-stats')) as {
      received: number;
      unique: number;
      duplicates: number;
    };
    expect(attempts).toBeGreaterThan(20);
    expect(stats.unique).toBe(20);
    expect(stats.received).toBe(stats.unique + stats.duplicates);
  }, 60_000);
});
