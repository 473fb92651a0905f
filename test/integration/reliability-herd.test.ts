/**
 * Lesson 9's thundering herd, through the real edge: N simulated socket.io-client sockets connected,
 * the lab node restarted, and their reconnect handshakes measured at the edge from the capture
 * (lib/machines/reconnect-arrivals). Jitter 0 → a spike about a second (socket.io-client's
 * reconnectionDelay) after the restart, only as wide as one process takes to accept them one after
 * another; jitter 0.5 → spread over ~± 500 ms.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { arrivalHistogram, restartRuns } from '../../lib/machines/reconnect-arrivals';
import type { WireLabServer } from '../../server/app-server';
import { httpUrl, labFetch, type MirrorClient, openMirror, startServer } from './mirror-client';

let server: WireLabServer;
let mirror: MirrorClient;
const N = 20;

beforeAll(async () => {
  server = await startServer({ limits: { maxConnections: 120 } });
  mirror = await openMirror(server);
});

afterAll(async () => {
  await labFetch(httpUrl(server, `${mirror.labBase}${LAB_PATHS.clients}`), {
    method: 'DELETE',
  }).catch(() => {});
  await mirror?.close();
  await server?.close();
});

async function herd(jitter: number, restartNo: number) {
  const url = (p: string) => httpUrl(server, `${mirror.labBase}${p}`);
  mirror.ws.send(JSON.stringify({ type: 'mark', label: `herd: ${N} clients, jitter ${jitter}` }));
  await labFetch(url(LAB_PATHS.clients), { method: 'DELETE' });
  const res = await labFetch(url(`${LAB_PATHS.clients}?n=${N}&jitter=${jitter}`), {
    method: 'POST',
  });
  expect(res.status).toBe(201);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const body = (await (await labFetch(url(LAB_PATHS.clients))).json()) as {
      clients: { connected: boolean }[];
    };
    if (body.clients.length === N && body.clients.every((c) => c.connected)) break;
    if (Date.now() > deadline) throw new Error('clients did not connect');
    await new Promise((r) => setTimeout(r, 100));
  }
  mirror.action('restart-node');
  await mirror.waitFor(
    (events) => (restartRuns(events)[restartNo - 1]?.arrivals.length ?? 0) >= N,
    `${N} reconnect handshakes after restart ${restartNo}`,
    15_000,
  );
  const run = restartRuns(mirror.events)[restartNo - 1];
  if (!run) throw new Error('no run');
  return arrivalHistogram(run);
}

describe('reconnect herd after a lab node restart', () => {
  it('jitter 0: a spike about 1 s after the restart; jitter 0.5: spread', async () => {
    const off = await herd(0, 1);
    expect(off.total).toBe(N);
    // One process takes the handshakes one after another (a few ms each, more on a busy machine),
    // so even a perfect spike has a width; the comparison with jitter on is what holds.
    const on = await herd(0.5, 2);
    expect(on.total).toBe(N);
    // Nobody early without jitter (timers never fire early); about half early with it.
    expect(off.first).toBeGreaterThanOrEqual(990);
    expect(on.first).toBeLessThan(1000);
    expect(on.bins.slice(0, 10).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
