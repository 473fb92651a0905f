/**
 * `npm run bench`: the edge + tap + mirror on loopback, printed; asserts nothing.
 *
 * The server runs in its own process (bench/server-process.ts); every session always has a mirror
 * consumer on its own thread reading and dissecting everything it is sent, as a page's worker does
 * (bench/consumer.ts). Sections (BENCH_ONLY=echo,fairness,lag,faults picks some):
 * 1. echo (bench/echo-paths.ts): 64 B and 16 KiB, direct vs Debian's nginx vs edge + tap, and
 *    the mirror's bytes per byte on the browser hop;
 * 2. fairness (bench/fairness.ts): another session's mirror lag and round trip while one floods;
 * 3. lag (bench/mirror-lag.ts): record → dissected lag at 100, 1,000 and 5,000 frames/s;
 * 4. faults (bench/faults.ts): throughput and round trip under loss and a bandwidth cap.
 * BENCH_PROFILE=<dir> writes the server process's CPU profile there (node --cpu-prof).
 * Narrowing while tuning: BENCH_ECHO_SIZES, BENCH_ECHO_PATHS, BENCH_REPS, BENCH_READ_ONLY=0,
 * BENCH_FAIR_FLOODS, BENCH_FAIR_MS, BENCH_A_NICE, BENCH_FLUSH_MS (see each module).
 */
import os from 'node:os';
import { startBenchServer } from './bench-server';
import { fmt } from './echo';
import { echoPathsBench } from './echo-paths';
import { fairnessBench, printFairness } from './fairness';
import { faultBench, printFaultBench } from './faults';
import { mirrorLagBench } from './mirror-lag';

const SECTIONS = ['echo', 'fairness', 'lag', 'faults'] as const;

function load(): string {
  return os
    .loadavg()
    .map((n) => fmt(n, 2))
    .join(' ');
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const wanted = (section: (typeof SECTIONS)[number]) =>
    only === undefined || only.includes(section);
  // BENCH_FLUSH_MS: the mirror's flush interval (createWireLabServer's flushIntervalMs), to see
  // what the mirror's pacing costs the edge.
  const flush = process.env.BENCH_FLUSH_MS;
  const server = await startBenchServer(
    flush === undefined ? {} : { flushIntervalMs: Number(flush) },
  );
  try {
    console.log(
      `Wire Lab bench — Node ${process.version}, ${os.cpus().length} cores, load ${load()}; ` +
        `server pid ${server.pid} on 127.0.0.1:${server.port}` +
        `${flush === undefined ? '' : `, mirror flush interval ${flush} ms`}\n`,
    );
    if (wanted('echo')) await echoPathsBench(server);
    if (wanted('fairness')) printFairness(await fairnessBench(server));
    if (wanted('lag')) await mirrorLagBench(server);
    if (wanted('faults')) printFaultBench(await faultBench([['edge + tap', server]]));
  } finally {
    await server.close();
  }
  console.log(
    `total ${fmt((performance.now() - startedAt) / 1000)} s; load average now ${load()} (1, 5, 15 min)`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
