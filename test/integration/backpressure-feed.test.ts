/**
 * Lesson 10 through the real edge: a producer 10× faster than the bandwidth fault lets the reader
 * consume. The queue depth is the server's own socket facts (ws.bufferedAmount + the app queue),
 * reported 10× a second on the stats channel.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import { openMirror, openWs, startServer } from './mirror-client';

interface Stat {
  type: 'stat';
  bufferedAmount: number;
  queued: number;
  watermark: number;
  produced: number;
  sent: number;
  dropped: number;
  coalesced: number;
  skipped: number;
  paused: boolean;
}

const BANDWIDTH = 400_000; // B/s: about 100 messages of ~4.1 KB a second
const RATE = 1_500; // 10× that in messages; `size` makes the bytes fill the TCP buffers fast
const WATERMARK = 16_384;

async function run(server: WireLabServer, query: string, ms = 2_500) {
  const mirror = await openMirror(server);
  await mirror.setScenario({ bandwidth: BANDWIDTH, dir: 'down' });
  const stats = await openWs(server, `${mirror.labBase}${LAB_PATHS.bp}?channel=stats`);
  const data = await openWs(
    server,
    `${mirror.labBase}${LAB_PATHS.bp}?${query}&seconds=2&size=4000`,
  );
  await new Promise((r) => setTimeout(r, ms));
  const list = stats.received
    .map((m) => JSON.parse(m) as Stat | { crit?: boolean })
    .filter((m): m is Stat => (m as Stat).type === 'stat');
  data.ws.terminate();
  stats.ws.close();
  await mirror.close();
  return { list, data };
}

describe('backpressure producer', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('drop-oldest keeps the queue at or under the watermark under a 10× producer', async () => {
    const { list } = await run(server, `rate=${RATE}&watermark=${WATERMARK}&policy=drop-oldest`);
    expect(list.length).toBeGreaterThan(10);
    for (const s of list) expect(s.bufferedAmount + s.queued).toBeLessThanOrEqual(WATERMARK);
    const last = list.at(-1) as Stat;
    expect(last.dropped).toBeGreaterThan(last.produced / 4);
    expect(last.sent + last.dropped).toBeLessThanOrEqual(last.produced);
  });

  it('buffer lets the queue grow far past the watermark', async () => {
    const { list } = await run(server, `rate=${RATE}&watermark=${WATERMARK}&policy=buffer`);
    const max = Math.max(...list.map((s) => s.bufferedAmount));
    expect(max).toBeGreaterThan(4 * WATERMARK);
    expect((list.at(-1) as Stat).dropped).toBe(0);
  });

  it('pause stops producing while the queue is over the watermark', async () => {
    const { list } = await run(server, `rate=${RATE}&watermark=${WATERMARK}&policy=pause`);
    const last = list.at(-1) as Stat;
    expect(list.some((s) => s.paused)).toBe(true);
    expect(last.skipped).toBeGreaterThan(0);
    expect(last.dropped).toBe(0);
  });

  it('coalescing in 50 ms batches keeps the latest state per key', async () => {
    const { list } = await run(
      server,
      `rate=${RATE}&watermark=${WATERMARK}&policy=drop-newest&batchMs=50&coalesce=1`,
    );
    const last = list.at(-1) as Stat;
    expect(last.coalesced).toBeGreaterThan(last.produced / 2);
  });

  it('refuses an unknown policy with 400', async () => {
    const mirror = await openMirror(server);
    await expect(openWs(server, `${mirror.labBase}${LAB_PATHS.bp}?policy=yolo`)).rejects.toThrow(
      /400/,
    );
    await mirror.close();
  });
});
