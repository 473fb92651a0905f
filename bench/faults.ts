/**
 * Edge faults, priced: echo throughput (16 KiB binary, 64 in flight) and round trip (64 B, one at a
 * time) through the edge + tap with no faults, with 1 % loss (retransmission stalls on both
 * directions) and with a 1 MB/s bandwidth cap (both directions). The scenario is applied the way
 * the page does it (a `scenario` message on the mirror channel, waiting for the edge's echo), with
 * the session's mirror consumer reading and dissecting throughout. Prints; asserts nothing.
 */
import { LAB_PATHS } from '../lib/lab/endpoints';
import type { Scenario } from '../lib/scenario/schema';
import type { BenchServer } from './bench-server';
import { openConsumer } from './consumer';
import { fmt, roundTrip, table, throughput } from './echo';

const SIZE = 16 * 1024;
const THROUGHPUT = { messages: 100_000, windowMs: 3_000, warmupMs: 300 };
const RTT = { messages: 2_000, windowMs: 2_000 };

const RUNS: [label: string, scenario: Partial<Scenario>][] = [
  ['no faults', {}],
  ['loss 1 %', { loss: 1, seed: 1 }],
  ['bandwidth 1 MB/s', { bandwidth: 1_000_000 }],
];

export interface FaultBenchRow {
  path: string;
  label: string;
  msgPerSecond: number;
  megabytesPerSecond: number;
  p50: number;
  p99: number;
}

/** Runs every scenario on each server. */
export async function faultBench(
  servers: readonly [path: string, server: BenchServer][],
): Promise<FaultBenchRow[]> {
  const rows: FaultBenchRow[] = [];
  for (const [path, server] of servers) rows.push(...(await runOn(path, server)));
  return rows;
}

async function runOn(path: string, server: BenchServer): Promise<FaultBenchRow[]> {
  const consumer = await openConsumer(server);
  const url = `ws://127.0.0.1:${server.port}${consumer.labBase}${LAB_PATHS.ws}`;
  const rows: FaultBenchRow[] = [];
  try {
    for (const [label, scenario] of RUNS) {
      if (process.env.BENCH_DEBUG) console.error(`… faults: ${path}, ${label}`);
      await consumer.setScenario(scenario);
      const t = await throughput(url, SIZE, consumer.headers, THROUGHPUT);
      await consumer.caughtUp();
      const r = await roundTrip(url, 64, consumer.headers, RTT);
      await consumer.caughtUp();
      rows.push({
        path,
        label,
        msgPerSecond: t.rate,
        megabytesPerSecond: (t.rate * SIZE) / 1e6,
        p50: r.p50,
        p99: r.p99,
      });
    }
  } finally {
    await consumer.close();
  }
  return rows;
}

export function printFaultBench(rows: FaultBenchRow[]): void {
  console.log(
    'Edge faults: 16 KiB echo throughput (64 in flight), 64 B round trip (one at a time)',
  );
  const baseOf = (row: FaultBenchRow) => rows.find((r) => r.path === row.path);
  const added = (row: FaultBenchRow, value: (r: FaultBenchRow) => number) => {
    const base = baseOf(row);
    return base === undefined || base === row ? '-' : fmt(value(row) - value(base), 3);
  };
  console.log(
    table(
      ['path', 'scenario', 'msg/s', 'MB/s each way', 'rtt p50 ms', 'rtt p99 ms', '+p50', '+p99'],
      rows.map((row, i) => [
        i > 0 && rows[i - 1]?.path === row.path ? '' : row.path,
        row.label,
        fmt(row.msgPerSecond, 0),
        fmt(row.megabytesPerSecond, 2),
        fmt(row.p50, 3),
        fmt(row.p99, 3),
        added(row, (r) => r.p50),
        added(row, (r) => r.p99),
      ]),
    ),
  );
  console.log(
    '(+ = added over no faults. Loss stalls a segment for an RTO of 200 ms, doubling when the\n' +
      ' retransmission is lost too, and everything behind it waits; the cap queues bytes at the edge\n' +
      ' and pauses the sender above 256 KiB waiting.)\n',
  );
}
