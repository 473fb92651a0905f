/**
 * Timing faults through the real edge: latency, loss as retransmission stalls, a bandwidth cap.
 * Bounds are generous lower bounds (what the fault must add at least), never exact timings.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import { faultsOf, openMirror, openWs, startServer } from './mirror-client';

describe('timing faults', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('latency 200 ms each way adds at least 400 ms to an echo round trip', async () => {
    const mirror = await openMirror(server);
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    client.ws.send('warm-up');
    await client.waitFor((r) => r.length === 1, 'the warm-up echo');
    const t0 = performance.now();
    client.ws.send('clean');
    await client.waitFor((r) => r.length === 2, 'the clean echo');
    const clean = performance.now() - t0;
    await mirror.setScenario({ latency: 200 });
    const t1 = performance.now();
    client.ws.send('slow');
    await client.waitFor((r) => r.length === 3, 'the delayed echo');
    const slow = performance.now() - t1;
    expect(slow).toBeGreaterThanOrEqual(399);
    expect(slow - clean).toBeGreaterThanOrEqual(350);
    expect(slow).toBeLessThan(5_000);
    await mirror.waitFor((events) => faultsOf(events, 'latency').length >= 2, 'latency faults');
    const hops = faultsOf(mirror.events, 'latency').map((f) => `${f.hop} ${f.dir}`);
    expect(hops).toContain('edge-node up');
    expect(hops).toContain('browser-edge down');
    client.ws.close(1000);
    await client.closed;
    await mirror.close();
  });

  it('loss stalls the stream but never loses a frame (TCP retransmits)', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ loss: 10, seed: 5 });
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    const sent = Array.from({ length: 40 }, (_, i) => `${i}:${'x'.repeat(1000)}`);
    for (const m of sent) client.ws.send(m);
    await client.waitFor((r) => r.length === sent.length, 'every echo', 15_000);
    expect(client.received).toEqual(sent);
    await mirror.waitFor((events) => faultsOf(events, 'loss').length > 0, 'loss stalls');
    const stall = faultsOf(mirror.events, 'loss')[0];
    expect(stall?.detail).toMatch(/retransmitted after 200 ms/);
    expect(stall?.delayMs).toBeGreaterThanOrEqual(200);
    client.ws.close(1000);
    await client.closed;
    await mirror.close();
  });

  it('a bandwidth cap slows a 200 KB transfer to at least 0.8 × size / rate', async () => {
    const mirror = await openMirror(server);
    const rate = 250_000;
    const size = 200_000;
    await mirror.setScenario({ bandwidth: rate, dir: 'down' });
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    const t0 = performance.now();
    client.ws.send(Buffer.alloc(size, 1));
    await client.waitFor((r) => r.length === 1, 'the capped echo', 10_000);
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeGreaterThanOrEqual((0.8 * size) / rate);
    expect(client.received[0]?.length).toBe(size * 2); // hex
    expect(faultsOf(mirror.events, 'bandwidth').length).toBeGreaterThan(0);
    client.ws.close(1000);
    await client.closed;
    await mirror.close();
  });
});
