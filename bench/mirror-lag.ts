/**
 * Mirror lag at fixed rates: a 64 B echo through the edge paced so that `framesPerSecond` frames
 * are tapped (each message is 4 frames: up and down on both hops); lag = record t → dissected by
 * the session's consumer thread. Prints only.
 */
import { LAB_PATHS } from '../lib/lab/endpoints';
import type { BenchServer } from './bench-server';
import { openConsumer } from './consumer';
import { closeEcho, fmt, openEcho, payloads, percentile, sleep, table } from './echo';

const WINDOW_MS = 3_000;
const RATES = [100, 1_000, 5_000];

interface LagRow {
  target: number;
  rate: number;
  framesPerSecond: number;
  frames: number;
  p50: number;
  p99: number;
  dropped: number;
}

async function lagAt(server: BenchServer, framesPerSecond: number): Promise<LagRow> {
  const rate = framesPerSecond / 4;
  const consumer = await openConsumer(server);
  try {
    const ws = await openEcho(
      `ws://127.0.0.1:${server.port}${consumer.labBase}${LAB_PATHS.ws}`,
      consumer.headers,
    );
    let echoed = 0;
    ws.on('message', () => {
      echoed += 1;
    });
    const pool = payloads(64);
    const tickMs = rate >= 250 ? 2 : 10;
    const perTick = (rate * tickMs) / 1000;
    await consumer.startLag();
    const start = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        if (elapsed >= WINDOW_MS) {
          clearInterval(timer);
          resolve();
          return;
        }
        // Catch up to the schedule so timer jitter does not lower the rate.
        const due = Math.floor((elapsed / 1000) * rate + perTick);
        while (sent < due) {
          ws.send(pool[sent % pool.length] as Buffer);
          sent += 1;
        }
      }, tickMs);
    });
    const seconds = (performance.now() - start) / 1000;
    const deadline = performance.now() + 2_000;
    while (echoed < sent && performance.now() < deadline) await sleep(20);
    await consumer.caughtUp();
    await closeEcho(ws);
    const lags = await consumer.takeLags();
    return {
      target: framesPerSecond,
      rate: sent / seconds,
      framesPerSecond: lags.length / seconds,
      frames: lags.length,
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
      dropped: (await consumer.stats()).dropped,
    };
  } finally {
    await consumer.close();
  }
}

export async function mirrorLagBench(server: BenchServer): Promise<void> {
  const rows: LagRow[] = [];
  for (const rate of RATES) rows.push(await lagAt(server, rate));
  console.log(
    'Mirror lag: record t → dissected by the mirror consumer (64 B echo, 4 frames per message)',
  );
  console.log(
    table(
      [
        'target frames/s',
        'sent msg/s',
        'frames/s',
        'frames',
        'lag p50 ms',
        'lag p99 ms',
        'dropped',
      ],
      rows.map((r) => [
        r.target,
        fmt(r.rate, 0),
        fmt(r.framesPerSecond, 0),
        r.frames,
        fmt(r.p50, 2),
        fmt(r.p99, 2),
        r.dropped,
      ]),
    ),
  );
  const at1000 = rows.find((r) => r.target === 1_000)?.p99 ?? Number.NaN;
  console.log(
    `mirror lag p99 at 1,000 tapped frames/s: ${fmt(at1000, 2)} ms (target < 16 ms: ${at1000 < 16 ? 'met' : 'missed'})\n`,
  );
}
