/**
 * Bench helpers: pipelined echo throughput, one-at-a-time round trips, percentiles and table
 * printing. Used by bench/run.ts, bench/faults.ts, bench/fairness.ts (and seek.ts's percentile).
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

export const IN_FLIGHT = 64;

export interface Window {
  /** Stop sending after this many messages... */
  messages: number;
  /** ...or after this many ms, whichever comes first. */
  windowMs: number;
  /** Messages echoed in the first warmupMs are not counted (JIT, TCP windows). */
  warmupMs?: number;
  /** ...or when this aborts. */
  signal?: AbortSignal;
}

export const THROUGHPUT_WINDOW: Window = { messages: 1_000_000, windowMs: 3_000, warmupMs: 300 };
export const RTT_WINDOW: Window = { messages: 2_000, windowMs: 2_000 };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * Distinct random payloads to cycle through: real messages differ from one to the next, and the
 * mirror's `same` record must only fire where the edge forwarded a chunk unchanged. A prime count,
 * so that a chunk of N pipelined messages is not the previous chunk again (64 in flight + a pool of
 * 64 made consecutive unmasked chunks byte-identical).
 */
export function payloads(size: number, count = 251): Buffer[] {
  return Array.from({ length: count }, () => randomBytes(size));
}

/** Lab requests carry the session's key cookie (bench/consumer.ts `headers`). */
export type Headers = Record<string, string>;

export async function openEcho(url: string, headers: Headers = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false, headers });
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

export interface Throughput {
  /** Echoed messages per second after the warm-up. */
  rate: number;
  /** Messages echoed in all (warm-up included). */
  count: number;
  seconds: number;
}

/** Pipelined echo: keeps IN_FLIGHT messages outstanding until the window ends. */
export async function throughput(
  url: string,
  size: number,
  headers: Headers,
  limits: Window = THROUGHPUT_WINDOW,
): Promise<Throughput> {
  const ws = await openEcho(url, headers);
  const pool = payloads(size);
  const warmupMs = limits.warmupMs ?? 0;
  let sent = 0;
  let received = 0;
  let counted = 0;
  const start = performance.now();
  let last = start;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const elapsed = performance.now() - start;
      const done =
        sent >= limits.messages || elapsed >= limits.windowMs || limits.signal?.aborted === true;
      while (!done && sent - received < IN_FLIGHT) {
        ws.send(pool[sent % pool.length] as Buffer);
        sent += 1;
      }
      if (received === sent && done) resolve();
    };
    ws.on('message', () => {
      received += 1;
      last = performance.now();
      if (last - start >= warmupMs) counted += 1;
      pump();
    });
    ws.once('close', () => resolve());
    pump();
  });
  await closeEcho(ws);
  const seconds = (last - start - warmupMs) / 1000;
  return { rate: counted / seconds, count: received, seconds };
}

/** One message at a time: round-trip percentiles (ms). */
export async function roundTrip(
  url: string,
  size: number,
  headers: Headers,
  limits: Window = RTT_WINDOW,
): Promise<{ p50: number; p99: number; count: number }> {
  const ws = await openEcho(url, headers);
  const pool = payloads(size);
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < limits.messages && performance.now() - start < limits.windowMs) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(pool[samples.length % pool.length] as Buffer);
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
