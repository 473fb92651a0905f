/**
 * Bench helpers: a mirror consumer in the bench process, pipelined echo throughput, one-at-a-time
 * round trips, and table printing. Used by bench/run.ts and bench/faults.ts.
 */
import { WebSocket } from 'ws';
import { MIRROR_PATH, type ServerMessage } from '../lib/mirror/protocol';
import { RecordDecoder } from '../lib/mirror/record-decoder';
import { TapStreamReader } from '../lib/mirror/tap-stream';
import type { WireLabServer } from '../server/app-server';
import type { Session } from '../server/sessions';

export const THROUGHPUT_MESSAGES = 5_000;
export const THROUGHPUT_WINDOW_MS = 5_000;
export const RTT_MESSAGES = 2_000;
export const RTT_WINDOW_MS = 3_000;
export const IN_FLIGHT = 64;
export const LAG_WINDOW_MS = 3_000;

export interface MirrorConsumer {
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

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * A mirror client in this process. `parse: false` only counts bytes: in production the page parses
 * the batches, so the throughput runs do not charge that work to the server's core.
 */
export async function openConsumer(server: WireLabServer, parse = true): Promise<MirrorConsumer> {
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
  // Every batch is read and dissected the way the page's worker does it (unless parse is false).
  const reader = new TapStreamReader();
  const decoder = new RecordDecoder({ maxPayload: consumer.session.limits.maxPayload });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    consumer.bytes += data.length;
    if (!isBinary) return;
    const batch = reader.decode(data);
    consumer.dropped += batch.dropped;
    if (!parse) return;
    const events = decoder.push(batch.records);
    const now = performance.now() - consumer.session.t0;
    consumer.events += events.length;
    for (const event of events) {
      if (event.kind === 'ws-frame' && event.t >= consumer.since) consumer.lags.push(now - event.t);
    }
  });
  return consumer;
}

export async function openEcho(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', (error) => reject(new Error(`${url}: ${error.message}`)));
  });
  return ws;
}

export async function closeEcho(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close(1000);
  });
}

/** Pipelined echo: keeps IN_FLIGHT messages outstanding; returns messages/s. */
export async function throughput(
  url: string,
  size: number,
  limits: { messages: number; windowMs: number } = {
    messages: THROUGHPUT_MESSAGES,
    windowMs: THROUGHPUT_WINDOW_MS,
  },
): Promise<{ rate: number; count: number; seconds: number }> {
  const ws = await openEcho(url);
  const payload = Buffer.alloc(size, 0x61);
  let sent = 0;
  let received = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      const elapsed = performance.now() - start;
      while (sent - received < IN_FLIGHT && sent < limits.messages && elapsed < limits.windowMs) {
        ws.send(payload);
        sent += 1;
      }
      if (received === sent && (sent >= limits.messages || elapsed >= limits.windowMs)) resolve();
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
  return { rate: received / seconds, count: received, seconds };
}

/** Waits (up to 10 s) until the session's mirror queue is empty, so one run does not slow the next. */
export async function settle(session: Session): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (session.mirrorStats.queued > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** One message at a time: returns round-trip percentiles (ms). */
export async function roundTrip(
  url: string,
  size: number,
  limits: { messages: number; windowMs: number } = {
    messages: RTT_MESSAGES,
    windowMs: RTT_WINDOW_MS,
  },
): Promise<{ p50: number; p99: number; count: number }> {
  const ws = await openEcho(url);
  const payload = Buffer.alloc(size, 0x62);
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < limits.messages && performance.now() - start < limits.windowMs) {
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

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r, ri) => {
      const line = r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
      return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}
