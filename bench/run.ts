/**
 * `npm run bench`: measures the edge + tap + mirror on loopback and prints tables. Asserts nothing.
 *
 * 1. Echo throughput (pipelined, 64 in flight) and round trip (one at a time) for 64 B and 16 KiB
 *    binary messages, direct to the session's lab node vs through the edge (tapped, decoded,
 *    mirrored to a consuming mirror client).
 * 2. Mirror lag: tap timestamp → event parsed on the mirror channel, at fixed message rates. The
 *    bench client runs in the server's process, so `performance.now() - session.t0` and the event's
 *    `t` share one clock.
 *
 * Targets reported against: through-edge ≥ 0.8× direct throughput; mirror lag p99 < 16 ms at
 * 1,000 frames/s. Bounded: each measurement stops at its message count or its time window.
 */
import { WebSocket } from 'ws';
import { MIRROR_PATH, type ServerMessage } from '../lib/mirror/protocol';
import { createWireLabServer, type WireLabServer } from '../server/app-server';
import { silentDecoders } from '../server/edge/tap';
import type { Session } from '../server/sessions';

const THROUGHPUT_MESSAGES = 5_000;
const THROUGHPUT_WINDOW_MS = 5_000;
const RTT_MESSAGES = 2_000;
const RTT_WINDOW_MS = 3_000;
const IN_FLIGHT = 64;
const LAG_WINDOW_MS = 3_000;

interface MirrorConsumer {
  ws: WebSocket;
  session: Session;
  labBase: string;
  events: number;
  bytes: number;
  dropped: number;
  /** Lag samples (ms) of events whose t is after `since`. */
  lags: number[];
  since: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * A mirror client in this process. `parse: false` only counts bytes: in production the page parses
 * the batches, so the throughput runs do not charge that work to the server's core.
 */
async function openConsumer(server: WireLabServer, parse = true): Promise<MirrorConsumer> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${MIRROR_PATH}`);
  ws.on('error', () => {});
  const consumer = await new Promise<MirrorConsumer>((resolve) => {
    ws.once('message', (data) => {
      const hello = JSON.parse(data.toString()) as ServerMessage;
      if (hello.type !== 'hello') throw new Error('expected hello');
      const session = server.registry.get(hello.session);
      if (session === undefined) throw new Error('session missing');
      resolve({
        ws,
        session,
        labBase: hello.labBase,
        events: 0,
        bytes: 0,
        dropped: 0,
        lags: [],
        since: Number.POSITIVE_INFINITY,
      });
    });
  });
  ws.on('message', (data: Buffer) => {
    consumer.bytes += data.length;
    if (!parse) return;
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type !== 'events') return;
    const now = performance.now() - consumer.session.t0;
    consumer.events += message.events.length;
    consumer.dropped += message.dropped ?? 0;
    for (const event of message.events) {
      if (event.kind === 'ws-frame' && event.t >= consumer.since) consumer.lags.push(now - event.t);
    }
  });
  return consumer;
}

async function openEcho(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', (error) => reject(new Error(`${url}: ${error.message}`)));
  });
  return ws;
}

async function closeEcho(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close(1000);
  });
}

/** Pipelined echo: keeps IN_FLIGHT messages outstanding; returns messages/s. */
async function throughput(url: string, size: number): Promise<{ rate: number; count: number }> {
  const ws = await openEcho(url);
  const payload = Buffer.alloc(size, 0x61);
  let sent = 0;
  let received = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      const elapsed = performance.now() - start;
      while (
        sent - received < IN_FLIGHT &&
        sent < THROUGHPUT_MESSAGES &&
        elapsed < THROUGHPUT_WINDOW_MS
      ) {
        ws.send(payload);
        sent += 1;
      }
      if (received === sent && (sent >= THROUGHPUT_MESSAGES || elapsed >= THROUGHPUT_WINDOW_MS))
        resolve();
    };
    ws.on('message', () => {
      received += 1;
      pump();
    });
    ws.once('close', () => resolve());
    pump();
  });
  const seconds = (performance.now() - start) / 1000;
  await closeEcho(ws);
  return { rate: received / seconds, count: received };
}

/** Waits (up to 10 s) until the session's mirror queue is empty, so one run does not slow the next. */
async function settle(session: Session): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (session.mirrorStats.queued > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** One message at a time: returns round-trip percentiles (ms). */
async function roundTrip(
  url: string,
  size: number,
): Promise<{ p50: number; p99: number; count: number }> {
  const ws = await openEcho(url);
  const payload = Buffer.alloc(size, 0x62);
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < RTT_MESSAGES && performance.now() - start < RTT_WINDOW_MS) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(payload);
    });
    samples.push(performance.now() - t);
  }
  await closeEcho(ws);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), count: samples.length };
}

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

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r, ri) => {
      const line = r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
      return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const base = { port: 0, host: '127.0.0.1', next: false, graceMs: 0 } as const;
  const limits = { maxEvents: 100_000, maxConnections: 64 };
  const server = await createWireLabServer({ ...base, limits });
  // The same edge with a tap that decodes nothing: separates proxying cost from tapping cost.
  const bare = await createWireLabServer({ ...base, limits, decoders: silentDecoders });
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
    for (const size of only === 'lag' ? [] : [64, 16 * 1024]) {
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

    const lagRows: (string | number)[][] = [];
    let at1000 = Number.NaN;
    for (const framesPerSecond of only === 'echo' ? [] : [100, 1_000, 5_000]) {
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
