/**
 * `npm run bench:seek`: seek time in a 200,000-event session (issue 10: target < 50 ms). Prints
 * numbers, asserts nothing.
 *
 * The log is a real-shaped capture (WireScript: WebSocket connections with handshakes, text and
 * binary frames both ways, pings, closes) appended in batches as the mirror does. Measured:
 * - following live: folding each appended batch once (FoldStore.catchUp), per event;
 * - seeking: the state at 200 random cursor positions (FoldStore.stateAt: nearest checkpoint, then
 *   at most one interval of steps), p50/p99/max, for two checkpoint intervals;
 * - for contrast, one fold of the whole log from the start (what a seek costs without checkpoints);
 * - the views every lesson draws, per appended batch of 500: the playback clock's motion schedule
 *   (ScheduleBuilder, extended by each batch) and the sequence diagram's layout (diagramLayoutFold),
 *   against what they cost before: schedule() and layoutRows() (twice: natural, compact) over the
 *   whole log, once per batch.
 */
import { performance } from 'node:perf_hooks';
import { handshakeSteps } from '../components/lessons/websocket-handshake/steps';
import { COMPACT, layoutRows } from '../components/sequence/layout';
import { diagramLayoutFold } from '../components/sequence/layout-fold';
import { schedule } from '../components/sequence/motion';
import { ScheduleBuilder } from '../components/sequence/schedule-builder';
import { FoldStore } from '../lib/live/fold-store';
import { WireScript, WS_PATH } from '../lib/machines/test-fixtures';
import { EventLog } from '../lib/mirror/event-log';
import type { WireEvent } from '../lib/mirror/types';
import { percentile } from './echo';

const TARGET = 200_000;

function capture(): WireEvent[] {
  const s = new WireScript();
  let c = 0;
  while (s.events.length < TARGET) {
    const conn = `c${++c}`;
    s.connOpen(conn, WS_PATH);
    s.wsAccept(conn, s.wait(1).wsUpgradeRequest(conn, WS_PATH));
    for (let i = 0; i < 200 && s.events.length < TARGET; i++) {
      s.wait(1).wsText(conn, 'up', `message ${i}`);
      s.wait(1).wsText(conn, 'down', `message ${i}`);
      if (i % 20 === 0) s.wsPing(conn, 'down').wsPong(conn, 'up');
    }
    s.wsClose(conn, 'up', 1000).wsClose(conn, 'down', 1000).connClose(conn, 'end', 'server');
  }
  return s.events.slice(0, TARGET);
}

const BATCH = 500;

/** The diagram's schedule and layout as the log grows, against rebuilding them per batch. */
function views(events: readonly WireEvent[]) {
  const opts = { travelMs: 250 };
  const log = new EventLog();
  const layout = new FoldStore(log, diagramLayoutFold);
  layout.subscribe(() => {});
  const builder = new ScheduleBuilder(opts);
  const perBatch: number[] = [];
  let total = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    log.append(events.slice(i, i + BATCH));
    const a = performance.now();
    builder.extend(log.all());
    const b = performance.now();
    perBatch.push(b - a);
    total += b - a;
  }
  const layoutLive = (() => {
    const log2 = new EventLog();
    const store = new FoldStore(log2, diagramLayoutFold);
    store.subscribe(() => {});
    const a = performance.now();
    for (let i = 0; i < events.length; i += BATCH) log2.append(events.slice(i, i + BATCH));
    return performance.now() - a;
  })();
  perBatch.sort((x, y) => x - y);
  console.log(
    `motion schedule, extended per batch of ${BATCH}: ${((total / events.length) * 1000).toFixed(2)} µs/event; ` +
      `per batch p50 ${percentile(perBatch, 50).toFixed(2)} ms, max ${perBatch.at(-1)?.toFixed(2)} ms`,
  );
  console.log(
    `diagram layout fold (both spacings), live: ${((layoutLive / events.length) * 1000).toFixed(2)} µs/event`,
  );
  for (const n of [50_000, 100_000, events.length]) {
    const prefix = events.slice(0, n);
    const a = performance.now();
    schedule(prefix, opts);
    const b = performance.now();
    layoutRows(prefix);
    layoutRows(prefix, COMPACT);
    const c = performance.now();
    console.log(
      `before, one batch at ${n} events: schedule() ${(b - a).toFixed(1)} ms + layoutRows ×2 ${(c - b).toFixed(1)} ms`,
    );
  }
}

function main() {
  const events = capture();
  for (const every of [256, 1024]) {
    const log = new EventLog();
    const store = new FoldStore(log, handshakeSteps, { checkpointEvery: every });
    store.subscribe(() => {});
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += 500) log.append(events.slice(i, i + 500));
    const live = performance.now() - t0;
    const times: number[] = [];
    for (let k = 0; k < 200; k++) {
      const index = Math.floor(Math.random() * events.length);
      const a = performance.now();
      store.stateAt(index);
      times.push(performance.now() - a);
    }
    times.sort((a, b) => a - b);
    console.log(
      `checkpoint every ${every}: ${log.length} events; live fold ${((live / log.length) * 1000).toFixed(2)} µs/event; ` +
        `seek p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms (target < 50 ms)`,
    );
  }
  const a = performance.now();
  let s = handshakeSteps.init();
  for (const e of events) s = handshakeSteps.step(s, e);
  console.log(
    `without checkpoints, one seek to the end = a full fold: ${(performance.now() - a).toFixed(1)} ms`,
  );
  views(events);
}

main();
