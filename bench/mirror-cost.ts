/**
 * What the mirror costs per byte of traffic: mirror bytes the consumer received per byte that
 * crossed the browser hop (issue 11: ≤ 2.2), from the consumer's own counts (bench/consumer.ts).
 * Two measurements per size: the pipelined floods of bench/echo-paths.ts (over the session's mirror
 * budget, so mostly thinned into `elided` records) and a paced echo at 80 % of the budget, where
 * every frame is carried: the format's own cost.
 */
import type { ConsumerStats, MirrorConsumer } from './consumer';
import { closeEcho, fmt, openEcho, payloads, sleep, table } from './echo';

export interface MirrorCost {
  size: number;
  run: string;
  browserBytes: number;
  nodeBytes: number;
  mirrorBytes: number;
  /** Browser-hop bytes that crossed but were not carried (the session's mirror budget). */
  elidedBytes: number;
  records: number;
  batches: number;
  busyMs: number;
  seconds: number;
}

const PACED_MS = 2_000;

export const sizeLabel = (size: number) => (size === 64 ? '64 B' : `${size / 1024} KiB`);

export function cost(
  size: number,
  run: string,
  before: ConsumerStats,
  after: ConsumerStats,
  seconds: number,
): MirrorCost {
  return {
    size,
    run,
    browserBytes: after.browserBytes - before.browserBytes,
    nodeBytes: after.nodeBytes - before.nodeBytes,
    mirrorBytes: after.batchBytes - before.batchBytes,
    elidedBytes: after.browserElidedBytes - before.browserElidedBytes,
    records: after.records - before.records,
    batches: after.batches - before.batches,
    busyMs: after.busyMs - before.busyMs,
    seconds,
  };
}

export function addCost(a: MirrorCost | null, b: MirrorCost): MirrorCost {
  if (a === null) return b;
  return {
    ...b,
    browserBytes: a.browserBytes + b.browserBytes,
    nodeBytes: a.nodeBytes + b.nodeBytes,
    mirrorBytes: a.mirrorBytes + b.mirrorBytes,
    elidedBytes: a.elidedBytes + b.elidedBytes,
    records: a.records + b.records,
    batches: a.batches + b.batches,
    busyMs: a.busyMs + b.busyMs,
    seconds: a.seconds + b.seconds,
  };
}

/**
 * Echo messages per second that stay within 80 % of the session's budget: each echo is two frames
 * entering the edge (up from the browser, down from the node), both charged.
 */
function pacedRate(consumer: MirrorConsumer, size: number): number {
  const { mirrorFramesPerSecond: frames, mirrorBytesPerSecond: bytes } = consumer.limits;
  return Math.floor(0.8 * Math.min(frames / 2, bytes / (2 * (size + 8))));
}

/** A paced echo within the budget for PACED_MS; the mirror's cost of it. */
export async function pacedCost(
  consumer: MirrorConsumer,
  url: string,
  size: number,
): Promise<MirrorCost> {
  const rate = pacedRate(consumer, size);
  const ws = await openEcho(url, consumer.headers);
  const pool = payloads(size);
  let echoed = 0;
  ws.on('message', () => {
    echoed += 1;
  });
  const before = await consumer.stats();
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < PACED_MS) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      ws.send(pool[sent % pool.length] as Buffer);
      sent += 1;
    }
    await sleep(5);
  }
  const seconds = (performance.now() - start) / 1000;
  const deadline = performance.now() + 2_000;
  while (echoed < sent && performance.now() < deadline) await sleep(10);
  await consumer.caughtUp();
  const after = await consumer.stats();
  await closeEcho(ws);
  return cost(size, `paced ${rate} msg/s`, before, after, seconds);
}

export function printCost(costs: MirrorCost[]): void {
  console.log('Mirror bytes per byte on the browser hop: the echo floods above (over the mirror');
  console.log(
    'budget: thinned) and a paced echo at 80 % of the budget (all carried). Consumer busy =',
  );
  console.log("its thread's time reading + dissecting those batches");
  console.log(
    table(
      [
        'size',
        'run',
        'browser hop MB',
        'elided MB',
        'mirror MB',
        'mirror / browser',
        'records',
        'batches/s',
        'run s',
        'consumer busy s',
      ],
      costs.map((c) => [
        sizeLabel(c.size),
        c.run,
        fmt(c.browserBytes / 1e6, c.browserBytes < 1e7 ? 2 : 1),
        fmt(c.elidedBytes / 1e6, c.elidedBytes < 1e7 ? 2 : 1),
        fmt(c.mirrorBytes / 1e6, c.mirrorBytes < 1e7 ? 2 : 1),
        fmt(c.mirrorBytes / c.browserBytes, 3),
        c.records,
        fmt(c.batches / c.seconds, 0),
        fmt(c.seconds, 1),
        fmt(c.busyMs / 1000, 1),
      ]),
    ),
  );
  for (const c of costs.filter((x) => x.elidedBytes === 0)) {
    const ratio = c.mirrorBytes / c.browserBytes;
    // The batches carry each forwarded chunk once (its copy on the other hop is a `same` record),
    // record and batch headers (18 and 8 B), and chunks the edge did not forward unchanged.
    const overhead = 18 * c.records + 8 * c.batches;
    const twice = c.mirrorBytes - overhead - c.browserBytes;
    console.log(
      `${sizeLabel(c.size)}, ${c.run}: ${fmt(ratio, 3)} mirror bytes per browser-hop byte ` +
        `(target ≤ 2.2: ${ratio <= 2.2 ? 'met' : 'missed'}); headers ${fmt(overhead / c.browserBytes, 3)}, ` +
        `chunks carried twice ${fmt(twice / c.browserBytes, 3)}`,
    );
  }
  console.log('');
}
