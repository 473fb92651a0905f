/**
 * `npx tsx bench/frame-list.ts`: the frame list at 100,000 frames. Prints numbers, asserts nothing.
 *
 * A Socket.IO-shaped capture (both hops: Engine.IO messages each way, Engine.IO heartbeats, a
 * WebSocket ping/pong now and then) of 100,000 frame events is appended to an EventLog in batches
 * of 500, as the mirror delivers it. Measured:
 * - per batch: folding the batch into the frame index (FoldStore.catchUp, the page's labels) and
 *   extending the filtered view by the batch's rows (FilteredFrames.sync), p50 / p99 / max;
 * - per filter change: rebuilding the filtered view over the rows kept, for each filter, with the
 *   default cap (50,000 rows kept) and with a cap above 100,000 (every row kept);
 * - the rows kept, what the summary says about the others, and the heap the index holds (with
 *   `node --expose-gc`, e.g. `node --expose-gc --import tsx bench/frame-list.ts`).
 */
import { performance } from 'node:perf_hooks';
import { rowLabel } from '../components/frame-list/frame-list-fold';
import { FoldStore } from '../lib/live/fold-store';
import {
  FilteredFrames,
  type FrameFilter,
  NO_FILTER,
  payloadTextOf,
  rowMatcher,
} from '../lib/live/frame-filter';
import {
  DEFAULT_CAP,
  type FrameIndexState,
  type FrameRow,
  frameIndexFold,
  viewOf,
} from '../lib/live/frame-index';
import { summaryText } from '../lib/live/frame-summary';
import { eioTarget, WireScript, WS_PATH } from '../lib/machines/test-fixtures';
import { EventLog } from '../lib/mirror/event-log';
import type { WireEvent } from '../lib/mirror/types';
import { percentile } from './echo';

const FRAMES = 100_000;
const BATCH = 500;

function capture(): WireEvent[] {
  const s = new WireScript({ bothHops: true });
  let c = 0;
  while (s.events.length < FRAMES) {
    const conn = `c${++c}`;
    s.connOpen(conn, WS_PATH);
    s.wsAccept(conn, s.wait(1).wsUpgradeRequest(conn, eioTarget('websocket')));
    for (let i = 0; i < 2000 && s.events.length < FRAMES; i++) {
      s.wait(1).wsText(conn, 'up', `42["chat",{"n":${i},"text":"hello from the browser"}]`, true);
      s.wait(1).wsText(conn, 'down', `42["chat",{"n":${i},"text":"echo of message ${i}"}]`, true);
      if (i % 25 === 0) s.wsText(conn, 'down', '2', true).wsText(conn, 'up', '3', true);
      if (i % 400 === 0) s.wsPing(conn, 'down').wsPong(conn, 'up');
    }
    s.wsClose(conn, 'up', 1000).wsClose(conn, 'down', 1000).connClose(conn, 'end', 'server');
  }
  return s.events.slice(0, FRAMES);
}

const FILTERS: [string, Partial<FrameFilter>][] = [
  ['no filter', {}],
  ['hide ping/pong', { hidePingPong: true }],
  ['hide control frames', { hideControl: true }],
  ['one connection', { conn: 'c3' }],
  ['one hop + direction', { hop: 'browser-edge', dir: 'down' }],
  ['kind: WebSocket', { kind: 'ws' }],
  ['text "message 77" (summary + payload)', { text: 'message 77' }],
  ['text "zzz" (no match: every payload read)', { text: 'zzz' }],
];

const ms = (n: number) => `${n.toFixed(2)} ms`;

function heapMb(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function run(events: readonly WireEvent[], cap: number) {
  const before = heapMb();
  const log = new EventLog();
  // Not subscribed: catchUp() below does the folding the log's listener would do, timed.
  const store = new FoldStore(log, frameIndexFold({ cap, label: rowLabel }));
  const bySeq = (seq: number) => log.at(log.indexOfSeq(seq));
  const textOf = (r: FrameRow) => {
    const e = bySeq(r.seq);
    return e ? payloadTextOf(e) : undefined;
  };
  const filtered = new FilteredFrames(
    store.getSnapshot().store,
    rowMatcher({ ...NO_FILTER, hidePingPong: true }, textOf),
  );
  const fold: number[] = [];
  const sync: number[] = [];
  for (let i = 0; i < events.length; i += BATCH) {
    const a = performance.now();
    log.append(events.slice(i, i + BATCH));
    store.catchUp();
    const b = performance.now();
    filtered.sync();
    const c = performance.now();
    fold.push(b - a);
    sync.push(c - b);
  }
  const state = store.getSnapshot();
  const view = viewOf(state);
  const kept = state.store.end - state.store.start;
  console.log(
    `\ncap ${cap.toLocaleString('en-US')}: ${state.count.toLocaleString('en-US')} frame rows, ${kept.toLocaleString('en-US')} kept`,
  );
  if (view.summarized > 0) console.log(`  ${summaryText(view.summary)}`);
  for (const [name, times] of [
    [`fold, per batch of ${BATCH}`, fold],
    ['filtered view (hide ping/pong) extended, per batch', sync],
  ] as const) {
    const sorted = [...times].sort((x, y) => x - y);
    const total = times.reduce((x, y) => x + y, 0);
    console.log(
      `  ${name}: p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? 0)}; ${((total / events.length) * 1000).toFixed(2)} µs/event`,
    );
  }
  console.log(
    `  filter change, rebuild over ${kept.toLocaleString('en-US')} rows (best of 3, then matches):`,
  );
  for (const [name, f] of FILTERS) {
    let best = Number.POSITIVE_INFINITY;
    let size = 0;
    for (let k = 0; k < 3; k++) {
      const a = performance.now();
      const v = new FilteredFrames(state.store, rowMatcher({ ...NO_FILTER, ...f }, textOf));
      best = Math.min(best, performance.now() - a);
      size = v.size;
    }
    console.log(`    ${name.padEnd(44)} ${ms(best).padStart(10)}  ${size.toLocaleString('en-US')}`);
  }
  const after = heapMb();
  if (before !== undefined && after !== undefined) {
    console.log(`  heap held by log + index: ${(after - before).toFixed(1)} MB`);
  }
  return { log, store, filtered };
}

function main() {
  const events = capture();
  const frames = events.filter((e) => e.kind === 'ws-frame').length;
  console.log(
    `${events.length.toLocaleString('en-US')} events (${frames.toLocaleString('en-US')} WebSocket frames), batches of ${BATCH}`,
  );
  run(events, DEFAULT_CAP);
  run(events, 200_000);
  // The index alone (the log is the page's anyway): what letting the index go frees.
  if (heapMb() !== undefined) {
    const log = new EventLog();
    log.append(events);
    for (const cap of [DEFAULT_CAP, 200_000]) indexHeap(log, cap);
  }
}

function indexHeap(log: EventLog, cap: number) {
  const before = heapMb() as number;
  const store = new FoldStore<FrameIndexState, WireEvent>(
    log,
    frameIndexFold({ cap, label: rowLabel }),
  );
  const held = heapMb() as number;
  const rows = store.getSnapshot().store;
  console.log(
    `index alone, cap ${cap.toLocaleString('en-US')}: ${(held - before).toFixed(1)} MB for ${(rows.end - rows.start).toLocaleString('en-US')} rows kept`,
  );
}

main();
