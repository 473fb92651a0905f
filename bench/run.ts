/**
 * `npm run bench`: measures the edge + tap + mirror on loopback and prints tables. Asserts nothing.
 *
 * 1. Echo throughput (pipelined, 64 in flight) and round trip (one at a time) for 64 B and 16 KiB
 *    binary messages, direct to the session's lab node vs through the edge (tapped, decoded,
 *    mirrored to a consuming mirror client).
 * 2. Edge faults (bench/faults.ts): throughput and round trip with no faults, 1 % loss, 1 MB/s cap.
 * 3. Mirror lag: tap timestamp → event parsed on the mirror channel, at fixed message rates. The
 *    bench client runs in the server's process, so `performance.now() - session.t0` and the event's
 *    `t` share one clock.
 *
 * Targets reported against: through-edge ≥ 0.8× direct throughput; mirror lag p99 < 16 ms at
 * 1,000 frames/s. Bounded: each measurement stops at its message count or its time window.
 */
import { createWireLabServer, type WireLabServer } from '../server/app-server';
import {
  closeEcho,
  fmt,
  LAG_WINDOW_MS,
  openConsumer,
  openEcho,
  percentile,
  roundTrip,
  settle,
  table,
  throughput,
} from './echo';
import { faultBench, printFaultBench } from './faults';

/**
 * Sends echo messages through the edge for LAG_WINDOW_MS so that `framesPerSecond` frames are tapped
 * (each message is 4 tapped frames: up and down on both hops); returns tap → mirror lag.
 */
async function mirrorLag(server: WireLabServer, framesPerSecond: number) {
  const rate = framesPerSecond / 4;
  const consumer = await openConsumer(server);
  const ws = await openEcho(`ws://127.0.0.1:${server.port}${consumer.labBase}/ws`);
  let echoed = 0;
  ws.on('message', () => {
    echoed += 1;
  });
  const payload = Buffer.alloc(64, 0x63);
  const tickMs = rate >= 250 ? 2 : 10;
  const perTick = (rate * tickMs) / 1000;
  consumer.since = performance.now() - consumer.session.t0;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= LAG_WINDOW_MS) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to the schedule so timer jitter does not lower the rate.
      const due = Math.floor((elapsed / 1000) * rate + perTick);
      while (sent < due) {
        ws.send(payload);
        sent += 1;
      }
    }, tickMs);
  });
  const sendSeconds = (performance.now() - start) / 1000;
  // Let the last batches arrive (no timing depends on this wait).
  const deadline = performance.now() + 2_000;
  while ((echoed < sent || consumer.lags.length < sent * 4) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await closeEcho(ws);
  consumer.ws.close();
  const lags = consumer.lags.slice().sort((a, b) => a - b);
  return {
    rate: sent / sendSeconds,
    frames: lags.length,
    framesPerSecond: lags.length / sendSeconds,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    dropped: consumer.dropped,
  };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const base = { port: 0, host: '127.0.0.1', next: false, graceMs: 0 } as const;
  const limits = { maxEvents: 100_000, maxConnections: 64 };
  const server = await createWireLabServer({ ...base, limits });
  // A second instance: the fault bench compares two servers (the tap no longer decodes anywhere).
  const bare = await createWireLabServer({ ...base, limits });
  try {
    console.log(`Wire Lab bench — Node ${process.version}, loopback, server ${server.url}\n`);
    const consumer = await openConsumer(server, false);
    const bareConsumer = await openConsumer(bare, false);
    const labPort = await consumer.session.labPort();
    const direct = `ws://127.0.0.1:${labPort}${consumer.labBase}/ws`;
    const edge = `ws://127.0.0.1:${server.port}${consumer.labBase}/ws`;
    const edgeNoTap = `ws://127.0.0.1:${bare.port}${bareConsumer.labBase}/ws`;

    const rows: (string | number)[][] = [];
    const ratios: string[] = [];
    // BENCH_ONLY=lag or BENCH_ONLY=echo runs one half (while tuning).
    const only = process.env.BENCH_ONLY;
    for (const size of only === 'lag' || only === 'faults' ? [] : [64, 16 * 1024]) {
      const label = size === 64 ? '64 B' : '16 KiB';
      const rates: Record<string, number> = {};
      for (const [path, url] of [
        ['direct', direct],
        ['edge, no decode', edgeNoTap],
        ['edge + tap', edge],
      ] as const) {
        if (process.env.BENCH_DEBUG) console.error(`… ${label} ${path}`);
        const mirrorBytes = consumer.bytes;
        const t = await throughput(url, size);
        await settle(consumer.session);
        const mirrorMiB = (consumer.bytes - mirrorBytes) / (1024 * 1024);
        const r = await roundTrip(url, size);
        await settle(consumer.session);
        rates[path] = t.rate;
        rows.push([
          label,
          path,
          fmt(t.rate, 0),
          t.count,
          fmt(r.p50, 3),
          fmt(r.p99, 3),
          path === 'edge + tap' ? fmt(mirrorMiB, 1) : '-',
        ]);
      }
      const ratio = (rates['edge + tap'] ?? 0) / (rates.direct ?? 1);
      ratios.push(
        `${label}: edge + tap = ${fmt(ratio, 2)}× direct (target ≥ 0.80×: ${ratio >= 0.8 ? 'met' : 'missed'})`,
      );
    }
    console.log('Echo throughput (64 in flight) and round trip (one at a time), binary messages;');
    console.log('mirror MiB = JSON the page would receive for the throughput run');
    console.log(
      table(['size', 'path', 'msg/s', 'msgs', 'rtt p50 ms', 'rtt p99 ms', 'mirror MiB'], rows),
    );
    console.log(`\n${ratios.join('\n')}`);
    console.log(`mirror back-pressure drops during the echo runs: ${consumer.dropped}\n`);
    consumer.ws.close();
    bareConsumer.ws.close();

    if (only === undefined || only === 'faults') {
      printFaultBench(
        await faultBench([
          ['edge + tap', server],
          ['edge, no decode', bare],
        ]),
      );
    }

    const lagRows: (string | number)[][] = [];
    let at1000 = Number.NaN;
    for (const framesPerSecond of only === 'echo' || only === 'faults' ? [] : [100, 1_000, 5_000]) {
      const lag = await mirrorLag(server, framesPerSecond);
      if (framesPerSecond === 1_000) at1000 = lag.p99;
      lagRows.push([
        framesPerSecond,
        fmt(lag.rate, 0),
        fmt(lag.framesPerSecond, 0),
        lag.frames,
        fmt(lag.p50, 2),
        fmt(lag.p99, 2),
        lag.dropped,
      ]);
    }
    console.log(
      'Mirror lag: tap time → event parsed by the mirror client (64 B echo; 4 frames per message)',
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
        lagRows,
      ),
    );
    console.log(
      `\nmirror lag p99 at 1,000 tapped frames/s: ${fmt(at1000, 2)} ms (target < 16 ms: ${at1000 < 16 ? 'met' : 'missed'})`,
    );
  } finally {
    await server.close();
    await bare.close();
  }
  console.log(`\ntotal ${fmt((performance.now() - startedAt) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
