/**
 * The page under a flood (issue 11: 10,000 frames/s for 60 s, target ≥ 55 fps average, p99 frame
 * < 50 ms, page heap flat after the first 10 s). Starts the production server, opens a page in
 * Chromium (default /lessons/backpressure) and records every requestAnimationFrame interval while
 * the page's session carries BENCH_PAGE_RATE (default 10,000) WebSocket frames per second:
 *
 * - BENCH_PAGE_TRAFFIC=feed (default): this process opens the lab's backpressure feed
 *   (`/lab/<session>/bp?rate=…&size=64`) through the page's own edge, with the page's session id
 *   (from the mirror's hello) and key cookie, for the whole run. Every frame crosses both hops of
 *   that page's session, so its mirror carries them all and the page dissects them all; the page's
 *   scenario is the lesson's with `bandwidth=0` (the lesson's default 1 MB/s cap would hold them).
 * - BENCH_PAGE_TRAFFIC=lesson: the lesson's own client at bpRate, pressing Run run after run
 *   (6-second runs with a drain between them, so the average rate is lower).
 *
 * Prints fps, frame-time percentiles, per-10-s windows, the page's and its dissect worker's JS heap
 * (at 10 s and at the end), renderer RSS and the server's memory. BENCH_PAGE_SECONDS shortens it;
 * BENCH_PAGE_RATE, BENCH_PAGE_PATH and BENCH_PAGE_QUERY (appended to the URL) change the scenario.
 * Needs `npm run build` and Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Asserts nothing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { PAGE_EVENTS_KEPT } from '../components/mirror/mirror-client';
import { bpPath } from '../lib/lab/endpoints';
import { startBuiltServer } from './built-server';
import { fmt, percentile, sleep, table } from './echo';
import { collectGarbage, heapProbe, rendererRss } from './page-probe';

const SECONDS = Number(
  process.env.BENCH_PAGE_SECONDS ?? Number(process.env.BENCH_PAGE_MS ?? 60_000) / 1000,
);
const RATE = Number(process.env.BENCH_PAGE_RATE ?? 10_000);
const TRAFFIC = process.env.BENCH_PAGE_TRAFFIC === 'lesson' ? 'lesson' : 'feed';
const PAGE = process.env.BENCH_PAGE_PATH ?? '/lessons/backpressure';
const SAMPLE_MS = 2_000;
const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const mib = (n: number) => fmt(n / 1024 / 1024, 1);

/** The server's memory, from /metrics (this process is on loopback, so it may read them). */
async function serverMemory(base: string): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `))
        ?.split(' ')[1],
    );
  return {
    rss: value('process_resident_memory_bytes'),
    heap: value('nodejs_heap_size_used_bytes'),
  };
}

interface Sample {
  /** Seconds since the traffic started. */
  at: number;
  frames: number;
  events: number;
  received: number;
  pageHeap: number;
  workerHeap: number;
  rss: number;
}

/**
 * The feed through the page's session: one bp connection after another (the lab caps one at 60 s)
 * until stop(); counts the messages this process received.
 */
function feed(wsBase: string, cookie: string, seconds: number) {
  let received = 0;
  let runs = 0;
  let stopped = false;
  let current: WebSocket | null = null;
  const started = performance.now();
  const next = () => {
    const left = Math.ceil(seconds - (performance.now() - started) / 1000);
    if (stopped || left <= 0) return;
    const path = bpPath({
      rate: RATE,
      size: 64,
      watermark: 65_536,
      policy: 'buffer',
      batchMs: 0,
      coalesce: false,
      seconds: Math.min(60, left),
    });
    const ws = new WebSocket(`${wsBase}${path}`, { headers: { cookie }, perMessageDeflate: false });
    current = ws;
    runs += 1;
    ws.on('error', (error) => console.error(`feed: ${error.message}`));
    ws.on('message', () => {
      received += 1;
    });
    ws.on('close', () => setTimeout(next, 10));
  };
  next();
  return {
    get received() {
      return received;
    },
    get runs() {
      return runs;
    },
    stop() {
      stopped = true;
      current?.close();
    },
  };
}

/** Presses Run whenever no run is going (the lesson's own client makes the traffic). */
function lessonRuns(page: Page) {
  let stopped = false;
  let runs = 0;
  const loop = async () => {
    // LiveLayout's one primary button, named "Run" in every lesson.
    const button = page.getByRole('button', { name: 'Run', exact: true });
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    while (!stopped) {
      if (!(await stop.isEnabled())) {
        await button.click();
        runs += 1;
      }
      await sleep(500);
    }
  };
  const done = loop();
  return {
    received: 0,
    get runs() {
      return runs;
    },
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID') || !existsSync(browserPath)) {
    console.log('page bench skipped: needs `npm run build` and Chromium at', browserPath);
    return;
  }
  const server = await startBuiltServer();
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let session = '';
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/_wirelab/')) return;
      const onFrame = (frame: { payload: string | Buffer }) => {
        if (typeof frame.payload !== 'string' || !frame.payload.includes('"hello"')) return;
        session = (JSON.parse(frame.payload) as { session: string }).session;
        ws.off('framereceived', onFrame);
      };
      ws.on('framereceived', onFrame);
    });
    const query =
      TRAFFIC === 'feed' ? '?bandwidth=0' : `?bandwidth=0&bpRate=${RATE}&size=64&policy=buffer`;
    await page.goto(`${server.base}${PAGE}${query}${process.env.BENCH_PAGE_QUERY ?? ''}`);
    await page.getByText('Mirror: recording').waitFor();
    const cookie = (await context.cookies())
      .filter((c) => c.name === 'wl_key')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    if (session === '' || cookie === '')
      throw new Error('no session id or key cookie from the page');
    const probe = await heapProbe(browser, page);
    const memoryBefore = await serverMemory(server.base);
    // Strings, so tsx's name helpers are not shipped into the page. The event count's element is
    // found once (reading it later costs no layout).
    await page.evaluate(`(() => {
      window.frames_ = [];
      const tick = (now) => { window.frames_.push(now); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.events_ = [...document.querySelectorAll('span')].find((s) => /^[\\d,]+ events?/.test(s.textContent ?? ''));
    })()`);
    const readPage = async () =>
      (await page.evaluate(`[performance.now(), window.frames_.length,
        Number((window.events_?.textContent ?? '').match(/^[\\d,]+/)?.[0]?.replaceAll(',', '') ?? NaN)]`)) as [
        number,
        number,
        number,
      ];
    const [pageStart] = await readPage();
    const wsBase = `${server.base.replace(/^http/, 'ws')}/lab/${session}`;
    const traffic = TRAFFIC === 'feed' ? feed(wsBase, cookie, SECONDS) : lessonRuns(page);
    const started = performance.now();
    const samples: Sample[] = [];
    /** Heap retained at 10 s (after a forced GC there, once): what "flat" is measured against. */
    let retainedAt10: number | null = null;
    for (let k = 1; performance.now() - started < SECONDS * 1000; k++) {
      // On a 2 s grid from the start (sampling takes time; the grid does not drift).
      const due = Math.min(k * SAMPLE_MS, SECONDS * 1000);
      await sleep(due - (performance.now() - started));
      const [, frames, events] = await readPage();
      samples.push({
        at: (performance.now() - started) / 1000,
        frames,
        events,
        received: traffic.received,
        pageHeap: await probe.page(),
        workerHeap: await probe.workers(),
        rss: rendererRss(),
      });
      if (retainedAt10 === null && (samples.at(-1)?.at ?? 0) >= 10) {
        await collectGarbage(page);
        retainedAt10 = await probe.page();
      }
    }
    await traffic.stop();
    const times = (await page.evaluate('window.frames_')) as number[];
    await collectGarbage(page);
    const afterGc = { page: await probe.page(), workers: await probe.workers() };
    const memoryAfter = await serverMemory(server.base);
    await probe.close();
    report({
      times: times.filter((t) => t >= pageStart),
      pageStart,
      samples,
      afterGc,
      retainedAt10,
      server: { before: memoryBefore, after: memoryAfter },
      runs: traffic.runs,
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}

interface Report {
  /** rAF timestamps (page clock) from the traffic's start. */
  times: number[];
  pageStart: number;
  samples: Sample[];
  /** Page heap after a forced GC at 10 s (null for runs shorter than that). */
  retainedAt10: number | null;
  afterGc: { page: number; workers: number };
  server: { before: { rss: number; heap: number }; after: { rss: number; heap: number } };
  /** Feed connections opened, or lesson runs started. */
  runs: number;
}

function frameStats(times: number[]) {
  const intervals = times.slice(1).map((t, i) => t - (times[i] as number));
  const sorted = [...intervals].sort((a, b) => a - b);
  const seconds = intervals.reduce((a, b) => a + b, 0) / 1000;
  return {
    count: intervals.length,
    fps: intervals.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    over50: sorted.filter((f) => f > 50).length,
  };
}

function report(r: Report): void {
  const all = frameStats(r.times);
  const how =
    TRAFFIC === 'feed'
      ? `the lab's bp feed at ${RATE} msg/s through the page's session, driven by the bench (${r.runs} connection${r.runs === 1 ? '' : 's'})`
      : `the lesson's own runs at bpRate ${RATE} (${r.runs} runs)`;
  console.log(`\nPage ${PAGE} for ${SECONDS} s; traffic: ${how}`);
  console.log(
    `  frames: ${all.count} (${fmt(all.fps, 1)} fps average); frame time ms: p50 ${fmt(all.p50, 1)}  ` +
      `p95 ${fmt(all.p95, 1)}  p99 ${fmt(all.p99, 1)}  max ${fmt(all.max, 0)}; over 50 ms: ${all.over50}`,
  );
  const rows: (string | number)[][] = [];
  let prev: Sample = {
    at: 0,
    frames: 0,
    events: r.samples[0]?.events ?? 0,
    received: 0,
    pageHeap: 0,
    workerHeap: 0,
    rss: 0,
  };
  for (const s of r.samples.filter(
    (x, i) => i === r.samples.length - 1 || Math.round(x.at) % 10 === 0,
  )) {
    const from = r.pageStart + prev.at * 1000;
    const to = r.pageStart + s.at * 1000;
    const w = frameStats(r.times.filter((t) => t >= from && t <= to));
    const seconds = s.at - prev.at;
    rows.push([
      `${fmt(prev.at, 0)}-${fmt(s.at, 0)} s`,
      fmt(w.fps, 1),
      fmt(w.p99, 1),
      fmt(w.max, 0),
      TRAFFIC === 'feed' ? fmt((s.received - prev.received) / seconds, 0) : '-',
      fmt((s.events - prev.events) / seconds, 0),
      s.events,
      mib(s.pageHeap),
      mib(s.workerHeap),
      mib(s.rss),
    ]);
    prev = s;
  }
  console.log(
    table(
      [
        'window',
        'fps',
        'p99 ms',
        'max ms',
        'wire frames/s',
        'page events/s',
        'events in log',
        'page heap MiB',
        'worker heap MiB',
        'renderer RSS MiB',
      ],
      rows,
    ),
  );
  const at10 = r.samples.find((s) => s.at >= 10) ?? r.samples[0];
  const last = r.samples.at(-1);
  if (at10 !== undefined && last !== undefined) {
    const minutes = (last.at - at10.at) / 60;
    const growth = (last.pageHeap - at10.pageHeap) / minutes;
    console.log(
      `  page heap: ${mib(at10.pageHeap)} MiB at ${fmt(at10.at, 0)} s, ${mib(last.pageHeap)} MiB at ` +
        `${fmt(last.at, 0)} s (${growth >= 0 ? '+' : ''}${mib(growth)} MiB/min), ${mib(r.afterGc.page)} MiB ` +
        `after a forced GC at the end; worker heap ${mib(at10.workerHeap)} → ${mib(last.workerHeap)} MiB ` +
        `(${mib(r.afterGc.workers)} after GC)`,
    );
    // Retained heap (after a forced GC) at the end against at 10 s: the sawtooth of collectable
    // garbage in between is not growth.
    const base = r.retainedAt10 ?? at10.pageHeap;
    // The log keeps between PAGE_EVENTS_KEPT / 10 and PAGE_EVENTS_KEPT events (it releases the
    // oldest past its cap), so the retained heap moves within a band and must not trend upward:
    // bounded = at the end no more than at 10 s plus what a full log holds (~1 KiB per event).
    const band = PAGE_EVENTS_KEPT * 1024;
    const flat = r.afterGc.page <= base + band;
    console.log(
      `  retained page heap (after a forced GC): ${mib(base)} MiB at 10 s, ${mib(r.afterGc.page)} MiB at the end`,
    );
    console.log(
      `  targets: ≥ 55 fps average ${all.fps >= 55 ? 'met' : 'missed'}; p99 frame < 50 ms ` +
        `${all.p99 < 50 ? 'met' : 'missed'}; page heap bounded after 10 s (retained ≤ at 10 s + ${mib(band)} MiB, the log's cap of ${PAGE_EVENTS_KEPT} events) ${flat ? 'met' : 'missed'}`,
    );
  }
  console.log(
    `  server RSS ${mib(r.server.before.rss)} → ${mib(r.server.after.rss)} MiB; heap ` +
      `${mib(r.server.before.heap)} → ${mib(r.server.after.heap)} MiB`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
