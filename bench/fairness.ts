/**
 * One session's flood vs another session's mirror (issue 11: the other session's mirror delay p99 <
 * 50 ms). Session B sends a 64 B echo every 20 ms; meanwhile session A floods: 16 KiB echo with 64
 * in flight, or messages of 1-byte fragments as fast as TCP takes them, or both. Each session has
 * its own mirror consumer reading and dissecting everything (A's in a process of its own at
 * niceness BENCH_A_NICE, default 10). Measured for B: the echo round trip and the mirror lag
 * (record t → dissected by B's consumer), against B alone. Prints only.
 */
import { LAB_PATHS } from '../lib/lab/endpoints';
import type { BenchServer } from './bench-server';
import { type ConsumerStats, type MirrorConsumer, openConsumer } from './consumer';
import { closeEcho, fmt, openEcho, payloads, percentile, sleep, table } from './echo';

const B_INTERVAL_MS = 20;
const B_WINDOW_MS = Number(process.env.BENCH_FAIR_MS ?? 5_000);
/** The flood runs this long before B starts, so B meets it at full speed. */
const LEAD_MS = 700;
/** Niceness of A's consumer process (BENCH_A_NICE, 0-19). */
const A_NICE = Number(process.env.BENCH_A_NICE ?? 10);

type Flood = 'none' | '16 KiB echo' | '1-byte fragments' | 'both';
const ALL_FLOODS: Flood[] = ['none', '16 KiB echo', '1-byte fragments', 'both'];
/** BENCH_FAIR_FLOODS=fragments (any part of the names, comma-separated) narrows a run. */
const FLOODS = ALL_FLOODS.filter((f) =>
  (process.env.BENCH_FAIR_FLOODS?.split(',') ?? ['']).some((part) => f.includes(part)),
);

export interface FairnessRow {
  flood: Flood;
  echoes: number;
  rttP50: number;
  rttP99: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** A's clients: 16 KiB messages echoed and 1-byte frames written per second of flood. */
  aEchoesPerSecond: number;
  aFragmentsPerSecond: number;
  /** Mirror bytes A's consumer read during B's window. */
  aMirrorMegabytesPerSecond: number;
  /** How far A's dissected view was behind the wire when B's window ended (ms). */
  aBehindMs: number;
  /** Share of B's window some edge source was held for the mirror (only A's can be: B is light). */
  aPaused: number;
  /** The server's event-loop delay during B's window, ms. */
  loopP99: number;
  loopMax: number;
  aDropped: number;
  aElidedFrames: number;
  bDropped: number;
}

/** B's traffic: a 64 B echo every 20 ms for B_WINDOW_MS; round trips in order (ms, sorted). */
async function paced(url: string, consumer: MirrorConsumer): Promise<number[]> {
  const ws = await openEcho(url, consumer.headers);
  const pool = payloads(64);
  const sentAt: number[] = [];
  const rtts: number[] = [];
  ws.on('message', () => {
    const t = sentAt.shift();
    if (t !== undefined) rtts.push(performance.now() - t);
  });
  await consumer.startLag();
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      if (elapsed >= B_WINDOW_MS) {
        resolve();
        return;
      }
      sentAt.push(performance.now());
      ws.send(pool[sent % pool.length] as Buffer);
      sent += 1;
      // Next send on the 20 ms grid (timers drift under load; the grid does not).
      setTimeout(tick, Math.max(0, sent * B_INTERVAL_MS - (performance.now() - start)));
    };
    tick();
  });
  const deadline = performance.now() + 5_000;
  while (sentAt.length > 0 && performance.now() < deadline) await sleep(10);
  await closeEcho(ws);
  return rtts.sort((a, b) => a - b);
}

const delta = (after: ConsumerStats, before: ConsumerStats, key: keyof ConsumerStats) =>
  (after[key] as number) - (before[key] as number);

async function runOne(server: BenchServer, flood: Flood): Promise<FairnessRow> {
  // A is on A's machine: its page (consumer) and its clients run in a process of their own, at a
  // lower priority, so that on this 2-core box they compete less with the server and with B than
  // they would in this process. A's consumer still reads and dissects everything; when it falls
  // behind, the edge pauses A.
  const a = await openConsumer(server, { nice: A_NICE });
  const b = await openConsumer(server);
  const aPath = `${a.labBase}${LAB_PATHS.ws}`;
  const bUrl = `ws://127.0.0.1:${server.port}${b.labBase}${LAB_PATHS.ws}`;
  const debug = (what: string) => {
    if (process.env.BENCH_DEBUG) console.error(`   ${what}`);
  };
  try {
    const floodStart = performance.now();
    if (flood === '16 KiB echo' || flood === 'both') await a.flood('echo', aPath);
    if (flood === '1-byte fragments' || flood === 'both') await a.flood('fragments', aPath);
    await sleep(flood === 'none' ? 0 : LEAD_MS);
    const aBefore = await a.stats();
    await server.watch(a.session);
    const t = performance.now();
    const rtts = await paced(bUrl, b);
    const seconds = (performance.now() - t) / 1000;
    const watched = await server.unwatch(a.session);
    debug(`B done in ${fmt(seconds, 1)} s`);
    const aAfter = await a.stats();
    const aBehind = aAfter.records === 0 ? Number.NaN : a.now() - aAfter.lastT;
    const flooded = await a.unflood();
    const floodSeconds = (performance.now() - floodStart) / 1000;
    debug(
      `A's floods stopped after ${fmt(floodSeconds, 1)} s: ${flooded.fragments} 1-byte frames written, ` +
        `${flooded.echoed} echoed; A's consumer: ${aAfter.wsFrames} frames dissected, ` +
        `${aAfter.elidedFrames} elided (both hops)`,
    );
    await b.caughtUp();
    const lags = await b.takeLags();
    const bStats = await b.stats();
    // A's backlog is not waited for: closing A's mirror ends session A and discards it.
    return {
      flood,
      echoes: rtts.length,
      rttP50: percentile(rtts, 50),
      rttP99: percentile(rtts, 99),
      lagP50: percentile(lags, 50),
      lagP99: percentile(lags, 99),
      lagMax: lags.at(-1) ?? Number.NaN,
      aEchoesPerSecond: flooded.echoed / floodSeconds,
      aFragmentsPerSecond: flooded.fragments / floodSeconds,
      aMirrorMegabytesPerSecond: delta(aAfter, aBefore, 'batchBytes') / seconds / 1e6,
      aBehindMs: aBehind,
      aPaused: watched === undefined ? Number.NaN : watched.heldMs / watched.ms,
      loopP99: watched?.loopP99 ?? Number.NaN,
      loopMax: watched?.loopMax ?? Number.NaN,
      aDropped: aAfter.dropped,
      aElidedFrames: aAfter.elidedFrames,
      bDropped: bStats.dropped,
    };
  } finally {
    await a.close();
    await b.close();
  }
}

export async function fairnessBench(server: BenchServer): Promise<FairnessRow[]> {
  const rows: FairnessRow[] = [];
  for (const flood of FLOODS) {
    if (process.env.BENCH_DEBUG) console.error(`… fairness: A floods ${flood}`);
    rows.push(await runOne(server, flood));
    await sleep(200);
  }
  return rows;
}

export function printFairness(rows: FairnessRow[]): void {
  console.log(
    `Two sessions: B sends a 64 B echo every ${B_INTERVAL_MS} ms for ${B_WINDOW_MS / 1000} s while A floods ` +
      `(A's clients and consumer: own process, nice ${A_NICE});`,
  );
  console.log("B's mirror lag = record t → dissected by B's consumer thread");
  console.log(
    table(
      [
        'A floods',
        'B echoes',
        'B rtt p50',
        'B rtt p99',
        'B lag p50',
        'B lag p99',
        'B lag max',
        'A 16K echo/s',
        'A 1-B frames/s',
        'A mirror MB/s',
        'A view behind s',
        'A paused %',
        'loop p99',
        'loop max',
        'A dropped',
        'A elided frames',
      ],
      rows.map((r) => [
        r.flood,
        r.echoes,
        fmt(r.rttP50, 2),
        fmt(r.rttP99, 2),
        fmt(r.lagP50, 2),
        fmt(r.lagP99, 2),
        fmt(r.lagMax, 1),
        fmt(r.aEchoesPerSecond, 0),
        fmt(r.aFragmentsPerSecond, 0),
        fmt(r.aMirrorMegabytesPerSecond, 1),
        fmt(r.aBehindMs / 1000, 1),
        fmt(100 * r.aPaused, 0),
        fmt(r.loopP99, 1),
        fmt(r.loopMax, 0),
        r.aDropped,
        r.aElidedFrames,
      ]),
    ),
  );
  const alone = rows.find((r) => r.flood === 'none');
  const worst = Math.max(...rows.filter((r) => r.flood !== 'none').map((r) => r.lagP99));
  console.log(
    "(ms; A's rates are its clients'; A view behind = how old the newest record A's consumer had\n" +
      " dissected was when B's window ended; loop = the server's event-loop delay, ms)\n" +
      `B's mirror lag p99 while A floods: worst ${fmt(worst, 1)} ms vs ${fmt(alone?.lagP99 ?? Number.NaN, 1)} ms alone ` +
      `(target < 50 ms: ${worst < 50 ? 'met' : 'missed'})\n`,
  );
}
