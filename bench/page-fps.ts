/**
 * Page frame times under load (issue: the backpressure lesson at 5,000 messages/s keeps 60 fps).
 * Starts the production server, opens /lessons/backpressure in Chromium with the producer at
 * 5,000 msg/s, presses Start run after run for 60 s while the page records every
 * requestAnimationFrame interval, and prints frame-time percentiles and server memory before/after.
 * Prints only; asserts nothing. Needs a production build (`npm run build`) and Chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { chromium } from '@playwright/test';

const DURATION_MS = Number(process.env.BENCH_PAGE_MS ?? 60_000);
const RATE = 5_000;
const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The server's memory, from /metrics (this process is on loopback, so it may read them). */
async function health(base: string): Promise<{ rssBytes: number; heapUsedBytes: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `))
        ?.split(' ')[1],
    );
  return {
    rssBytes: value('process_resident_memory_bytes'),
    heapUsedBytes: value('nodejs_heap_size_used_bytes'),
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID') || !existsSync(browserPath)) {
    console.log('page bench skipped: needs `npm run build` and Chromium at', browserPath);
    return;
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn('./node_modules/.bin/tsx', ['server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/healthz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: browserPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(
      `${base}/lessons/backpressure?bpRate=${RATE}&size=64${process.env.BENCH_PAGE_QUERY ?? ''}`,
    );
    await page.getByText('Mirror: recording').waitFor();
    const before = await health(base);
    // A string, so tsx's name helpers are not shipped into the page.
    await page.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (now) => { window.frames_.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const start = Date.now();
    let runs = 0;
    const button = page.getByRole('button', { name: /^Start a \d+-second run$/ });
    // Start the next run only when the last one has drained (Stop is enabled while one runs).
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    while (Date.now() - start < DURATION_MS) {
      if (process.env.BENCH_PAGE_IDLE !== '1' && !(await stop.isEnabled())) {
        await button.click();
        runs++;
      }
      await page.waitForTimeout(500);
    }
    const frames = (await page.evaluate('window.frames_')) as number[];
    const events = await page
      .getByText(/\d+ events/)
      .first()
      .textContent();
    const after = await health(base);
    await browser.close();
    const sorted = [...frames].sort((a, b) => a - b);
    const seconds = frames.reduce((a, b) => a + b, 0) / 1000;
    console.log(
      `\nBackpressure lesson, producer ${RATE} msg/s, ${runs} runs over ${DURATION_MS / 1000} s`,
    );
    console.log(`  frames: ${frames.length} (${(frames.length / seconds).toFixed(1)} fps average)`);
    console.log(
      `  frame time ms: p50 ${pct(sorted, 50).toFixed(1)}  p95 ${pct(sorted, 95).toFixed(1)}  p99 ${pct(sorted, 99).toFixed(1)}  max ${(sorted.at(-1) ?? 0).toFixed(1)}`,
    );
    console.log(
      `  frames over 25 ms (a missed vsync): ${((100 * sorted.filter((f) => f > 25).length) / sorted.length).toFixed(1)} %`,
    );
    console.log(`  mirror log: ${events?.trim()}`);
    console.log(
      `  server RSS ${mib(before.rssBytes)} → ${mib(after.rssBytes)}; heap ${mib(before.heapUsedBytes)} → ${mib(after.heapUsedBytes)}`,
    );
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
