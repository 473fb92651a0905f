/**
 * Soak: many sessions come and go; does the server keep anything of them? Each session uses every
 * kind of lab endpoint (test/integration/lab-workout.ts: /ws echo, Socket.IO over polling and
 * websocket, /csr.io/, SSE, a long poll, simulated clients, restart-node) and ends by closing its
 * mirror. Every `every` sessions it prints heap used after a forced GC, RSS, open file descriptors
 * and the live-resource counts; at the end, the heap retained per session. Prints, asserts nothing.
 *
 *   npm run bench:soak                       # 5,000 sessions, 8 at a time (after 200 warm-up)
 *   npx tsx bench/soak.ts --sessions 2000 --concurrency 4 --every 500 --warmup 50 [--snapshot f]
 */
import { readdirSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import {
  activeResources,
  forceGc,
  liveCounts,
  uncollected,
  watchCollection,
} from '../server/live-resources';
import { createLogger } from '../server/log';
import { runSessions, WORKOUT_SERVER } from '../test/integration/lab-workout';
import { startServer } from '../test/integration/mirror-client';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return Number.NaN;
  }
}

const MB = 1024 * 1024;
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Heap used after a full GC (twice: the first may free objects whose finalizers free more). */
async function heapAfterGc(): Promise<number> {
  await settle();
  forceGc();
  await settle();
  forceGc();
  return process.memoryUsage().heapUsed;
}

function nonZero(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n !== 0);
  return parts.length === 0 ? '-' : parts.map(([k, n]) => `${k}=${n}`).join(' ');
}

async function main(): Promise<void> {
  const total = arg('sessions', 5_000);
  const concurrency = arg('concurrency', 8);
  const every = arg('every', 1_000);
  const snapshotAt = process.argv.indexOf('--snapshot');
  const snapshotFile = snapshotAt === -1 ? null : (process.argv[snapshotAt + 1] ?? null);

  watchCollection(true);
  // Session start/end lines would be most of the output (and of the memory): warnings only.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const server = await startServer({ ...WORKOUT_SERVER, logger });
  // Warm-up sessions first: lazily loaded modules, pools and most JIT-compiled code belong to the
  // baseline, not to the growth.
  await runSessions(server, arg('warmup', 200), concurrency);
  const baseHeap = await heapAfterGc();
  const baseRss = process.memoryUsage.rss();
  const baseFds = openFds();
  const baseActive = activeResources();
  console.log(
    `soak: ${total} sessions, ${concurrency} at a time; baseline heap ${(baseHeap / MB).toFixed(1)} MB, ` +
      `rss ${(baseRss / MB).toFixed(1)} MB, ${baseFds} fds, active ${nonZero(baseActive)}`,
  );
  console.log('sessions   heap MB   rss MB   fds   KB/session  live (non-zero)        active');
  const started = performance.now();
  let done = 0;
  let first: { done: number; heap: number } | null = null;
  while (done < total) {
    const batch = Math.min(every, total - done);
    await runSessions(server, batch, concurrency);
    done += batch;
    const heap = await heapAfterGc();
    const perSession = (heap - baseHeap) / 1024 / done;
    first ??= { done, heap };
    console.log(
      `${String(done).padStart(8)}  ${(heap / MB).toFixed(1).padStart(8)}  ` +
        `${(process.memoryUsage.rss() / MB).toFixed(1).padStart(7)}  ${String(openFds()).padStart(4)}  ` +
        `${perSession.toFixed(2).padStart(10)}  ${nonZero(liveCounts()).padEnd(22)} ${nonZero(activeResources())}`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const heap = await heapAfterGc();
  const left = uncollected();
  console.log(
    `\n${total} sessions in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(1)}/s); ` +
      `retained ${((heap - baseHeap) / 1024 / total).toFixed(2)} KB per session ` +
      `(heap ${(baseHeap / MB).toFixed(1)} -> ${(heap / MB).toFixed(1)} MB); ` +
      `fds ${baseFds} -> ${openFds()}; uncollected after GC: ${nonZero(left)}`,
  );
  if (first !== null && done > first.done) {
    // The slope after the first report: JIT code has mostly settled by then.
    const slope = (heap - first.heap) / 1024 / (done - first.done);
    console.log(`sessions ${first.done}-${done}: ${slope.toFixed(2)} KB per session`);
  }
  if (snapshotFile !== null) {
    // In a later job, so WeakRef derefs above do not keep anything alive in the snapshot.
    await settle();
    console.log(`heap snapshot: ${writeHeapSnapshot(snapshotFile)}`);
  }
  await server.close();
}

void main();
