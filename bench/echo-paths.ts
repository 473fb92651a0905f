/**
 * 64 B and 16 KiB echo over three paths to the same session's lab node, in the same run:
 * - direct: the client connects to the lab node's own port;
 * - nginx: Debian's nginx as a plain WebSocket reverse proxy (bench/nginx.ts) in front of it;
 * - edge + tap: the session's edge, every byte tapped and mirrored to the session's consumer, which
 *   reads and dissects it all on its own thread (as the page's worker does).
 * Throughput is pipelined (64 in flight), 1 s after a 0.2 s warm-up, three times per path with the
 * paths interleaved (median printed: the load on a shared machine drifts); round trips one at a time.
 * Also the mirror's cost (bench/mirror-cost.ts): mirror bytes per byte that crossed the browser hop.
 */
import { LAB_PATHS } from '../lib/lab/endpoints';
import type { BenchServer } from './bench-server';
import { openConsumer } from './consumer';
import { fmt, percentile, roundTrip, table, throughput, type Window } from './echo';
import { addCost, cost, type MirrorCost, pacedCost, printCost, sizeLabel } from './mirror-cost';
import { startNginx } from './nginx';
import type { WatchResult } from './server-ipc';

/** BENCH_ECHO_SIZES=16384 and BENCH_ECHO_PATHS=edge narrow a run (profiling one case). */
const SIZES = (process.env.BENCH_ECHO_SIZES ?? '64,16384').split(',').map(Number);
const PATHS = process.env.BENCH_ECHO_PATHS?.split(',');
/** Throughput runs per path, interleaved (the machine's load drifts; the median is printed). */
const REPS = Number(process.env.BENCH_REPS ?? 3);
const WINDOW: Window = { messages: 1e9, windowMs: 1_200, warmupMs: 200 };
const RTT: Window = { messages: 2_000, windowMs: 1_500 };
type Path = 'direct' | 'nginx' | 'edge + tap' | 'edge + tap, read only';

interface EchoRow {
  size: number;
  path: Path;
  /** Median of the repetitions. */
  rate: number;
  rates: number[];
  p50: number;
  p99: number;
  /** Share of the throughput runs some edge source was held for the mirror (back-pressure). */
  paused: number;
}

const label = sizeLabel;

export async function echoPathsBench(server: BenchServer): Promise<void> {
  const consumer = await openConsumer(server);
  const path = `${consumer.labBase}${LAB_PATHS.ws}`;
  const nginx = await startNginx(consumer.labPort);
  const urls: [Path, string][] = [
    ['direct', `ws://127.0.0.1:${consumer.labPort}${path}`],
    ...(typeof nginx === 'string'
      ? []
      : ([['nginx', `ws://127.0.0.1:${nginx.port}${path}`]] as [Path, string][])),
    ['edge + tap', `ws://127.0.0.1:${server.port}${path}`],
  ];
  // Diagnostics (BENCH_READ_ONLY=0 leaves it out): the consumer still reads every batch but does
  // not dissect, to tell the server's cost from the consumer's (they share this machine's cores).
  if (process.env.BENCH_READ_ONLY !== '0') {
    urls.push(['edge + tap, read only', `ws://127.0.0.1:${server.port}${path}`]);
  }
  const picked = urls.filter(
    ([name]) => PATHS === undefined || PATHS.some((p) => name.startsWith(p)),
  );
  const rows: EchoRow[] = [];
  const costs: MirrorCost[] = [];
  try {
    for (const size of SIZES) {
      const rates = new Map<Path, number[]>();
      const paused = new Map<Path, WatchResult>();
      let total: MirrorCost | null = null;
      for (let rep = 0; rep < REPS; rep++) {
        // Each repetition starts with another path, so none always runs first (or last).
        const order = picked.map((_, i) => picked[(i + rep) % picked.length] as [Path, string]);
        for (const [name, url] of order) {
          if (process.env.BENCH_DEBUG) console.error(`… echo ${label(size)} ${name} #${rep + 1}`);
          const readOnly = name === 'edge + tap, read only';
          if (readOnly) await consumer.dissect(false);
          const before = await consumer.stats();
          await server.watch(consumer.session);
          const t = await throughput(url, size, consumer.headers, WINDOW);
          const watched = await server.unwatch(consumer.session);
          await consumer.caughtUp();
          if (readOnly) await consumer.dissect(true);
          rates.set(name, [...(rates.get(name) ?? []), t.rate]);
          if (watched !== undefined && name.startsWith('edge')) {
            paused.set(name, addWatch(paused.get(name), watched));
          }
          if (name === 'edge + tap') {
            const flood = `flood ${REPS} × 1 s`;
            total = addCost(total, cost(size, flood, before, await consumer.stats(), t.seconds));
          }
        }
      }
      if (total !== null) costs.push(total);
      const edge = picked.find(([name]) => name === 'edge + tap');
      if (edge !== undefined) costs.push(await pacedCost(consumer, edge[1], size));
      for (const [name, url] of picked) {
        const r = await roundTrip(url, size, consumer.headers, RTT);
        await consumer.caughtUp();
        const watched = paused.get(name);
        rows.push({
          size,
          path: name,
          rate: median(rates.get(name) ?? []),
          rates: rates.get(name) ?? [],
          p50: r.p50,
          p99: r.p99,
          paused: watched === undefined ? Number.NaN : watched.heldMs / watched.ms,
        });
      }
    }
  } finally {
    if (typeof nginx !== 'string') await nginx.stop();
    await consumer.close();
  }
  printEcho(rows, typeof nginx === 'string' ? `nginx skipped: ${nginx}` : `nginx ${nginx.version}`);
  printCost(costs);
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((x, y) => x - y),
    50,
  );

function addWatch(a: WatchResult | undefined, b: WatchResult): WatchResult {
  if (a === undefined) return b;
  return {
    samples: a.samples + b.samples,
    congested: a.congested + b.congested,
    maxQueuedBytes: Math.max(a.maxQueuedBytes, b.maxQueuedBytes),
    maxQueued: Math.max(a.maxQueued, b.maxQueued),
    loopP50: Math.max(a.loopP50, b.loopP50),
    loopP99: Math.max(a.loopP99, b.loopP99),
    loopMax: Math.max(a.loopMax, b.loopMax),
    ms: a.ms + b.ms,
    heldMs: a.heldMs + b.heldMs,
  };
}

function printEcho(rows: EchoRow[], nginxNote: string): void {
  const rateOf = (size: number, path: Path) =>
    rows.find((r) => r.size === size && r.path === path)?.rate ?? Number.NaN;
  console.log(
    `Echo: throughput (64 in flight, median of ${REPS} interleaved 1 s runs) and round trip (one at a time, 1.5 s);`,
  );
  console.log(`MB/s = payload each way. ${nginxNote}; one nginx worker, proxy_buffering off.`);
  console.log(
    "paused % = share of the throughput runs the edge held the session's sockets for the mirror",
  );
  console.log('(backlog above the high-water mark, until it is below the low-water mark)');
  console.log(
    table(
      ['size', 'path', 'msg/s', 'runs', 'MB/s', 'rtt p50 ms', 'rtt p99 ms', '× direct', 'paused %'],
      rows.map((r) => [
        label(r.size),
        r.path,
        fmt(r.rate, 0),
        r.rates.map((x) => `${fmt(x / 1000, x < 10_000 ? 1 : 0)}k`).join(' '),
        fmt((r.rate * r.size) / 1e6, r.size < 1024 ? 2 : 1),
        fmt(r.p50, 3),
        fmt(r.p99, 3),
        fmt(r.rate / rateOf(r.size, 'direct'), 2),
        fmt(100 * r.paused, 0),
      ]),
    ),
  );
  for (const size of SIZES) {
    const ratio = rateOf(size, 'edge + tap') / rateOf(size, 'direct');
    const vsNginx = rateOf(size, 'edge + tap') / rateOf(size, 'nginx');
    const readOnly = rateOf(size, 'edge + tap, read only') / rateOf(size, 'direct');
    console.log(
      `${label(size)}: edge + tap = ${fmt(ratio, 2)}× direct (target ≥ 0.80×: ${ratio >= 0.8 ? 'met' : 'missed'}); ` +
        `${fmt(vsNginx, 2)}× nginx; with a read-only consumer ${fmt(readOnly, 2)}× direct`,
    );
  }
  console.log('');
}
