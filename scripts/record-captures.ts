/**
 * Records the home page's lesson sketches from real runs (issue 10, item 10).
 *
 * Starts the production server on the build (bench/built-server.ts), opens each live lesson in
 * Chromium in its teaching scenario, presses the lesson's own buttons, waits until the page's event
 * log holds the lesson's key events (components/home/capture-keys.ts), saves the log with the
 * mirror bar's "Download capture" button and keeps a short excerpt of it (the key events and a few
 * around them, verbatim) as content/captures/<slug>.json. The home page draws its cards' sketches
 * from those files; components/home/captures.test.ts checks them.
 *
 * Run: `npm run build && npx tsx scripts/record-captures.ts [slug ...]` (no slug: every live lesson).
 * CAPTURE_FULL_DIR=<dir> also writes each whole capture there. Needs Chromium (CHROMIUM_PATH).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startBuiltServer } from '../bench/built-server';
import { excerpt } from '../components/home/capture-excerpt';
import { CAPTURE_KEYS, missingKeys } from '../components/home/capture-keys';
import { importCapture } from '../lib/capture/import';
import { lessonHref, liveLessons } from '../lib/content/lessons';
import { dissectRecords } from '../lib/mirror/record-decoder';
import type { WireEvent } from '../lib/mirror/types';

const browserPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT_DIR = 'content/captures';
const WAIT_MS = 30_000;

/**
 * What to press on each lesson, in order: accessible button names (the first name that matches a
 * visible button is pressed). Lessons that start by themselves have none.
 */
const ACTIONS: Record<string, (string | RegExp)[]> = {
  'websocket-handshake': [/^Run$/],
  'websocket-frames': [/^(Run|Connect)$/, /^Send text$/],
  heartbeat: [/^(Run|Start)$/],
  'socketio-stack': [/^(Run|Connect)$/, /^Emit chat \(with ack\)$/],
  'engineio-upgrade': [/^Run$/],
  'long-polling': [/^Send \(POST\)$/],
  'polling-sse-websocket': [],
  'rooms-namespaces': [/^(Run|Connect)$/, /^Join room$/, /^Broadcast to room$/],
  'reconnect-backoff': [/^(Run|Connect)$/, /^Restart the server$/],
  backpressure: [/^(Run|Start a \d+-second run)/],
  'ordering-replay': [/^(Run|Start the stream)/],
  'delivery-guarantees': [/^(Run|Start the stream)$/, /^Send 20 with ack/],
  'auth-sessions': [/^Get token$/, /^Connect \/secure$/],
};

async function press(page: Page, name: string | RegExp): Promise<void> {
  const button = page.getByRole('button', { name }).first();
  await button.waitFor({ state: 'visible', timeout: WAIT_MS });
  await button.click({ timeout: WAIT_MS });
}

/**
 * The page's whole event log: its raw capture through the mirror bar's "Download capture" button
 * (JSON records), dissected here with the page's own code.
 */
async function downloadLog(page: Page): Promise<WireEvent[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download capture' }).click(),
  ]);
  const file = await download.path();
  const capture = importCapture(readFileSync(file), file);
  return dissectRecords(capture.records, capture.maxPayload);
}

async function record(page: Page, base: string, slug: string): Promise<WireEvent[]> {
  const lesson = liveLessons().find((l) => l.slug === slug);
  if (!lesson) throw new Error(`no live lesson ${slug}`);
  await page.goto(`${base}${lessonHref(lesson)}`);
  await page.getByText('Mirror: recording').waitFor({ timeout: WAIT_MS });
  for (const name of ACTIONS[slug] ?? []) await press(page, name);
  const keys = CAPTURE_KEYS[slug] ?? [];
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const events = await downloadLog(page);
    const missing = missingKeys(slug, events);
    if (missing.length === 0) return events;
    if (Date.now() > deadline) {
      const fullDir = process.env.CAPTURE_FULL_DIR;
      if (fullDir) writeFileSync(path.join(fullDir, `${slug}.json`), JSON.stringify(events));
      throw new Error(
        `${slug}: after ${WAIT_MS / 1000} s the log (${events.length} events) still lacks: ${missing.join(', ')} (of ${keys.length} keys)`,
      );
    }
    // Read the page's log again once the mirror has had time to deliver more batches.
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const slugs = wanted.length > 0 ? wanted : liveLessons().map((l) => l.slug);
  const fullDir = process.env.CAPTURE_FULL_DIR;
  mkdirSync(OUT_DIR, { recursive: true });
  if (fullDir) mkdirSync(fullDir, { recursive: true });
  const server = await startBuiltServer();
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  let failed = 0;
  try {
    for (const slug of slugs) {
      // A fresh context per lesson: its own cookie, so its own mirror session.
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      try {
        const events = await record(page, server.base, slug);
        if (fullDir) writeFileSync(path.join(fullDir, `${slug}.json`), JSON.stringify(events));
        const kept = excerpt(slug, events);
        writeFileSync(path.join(OUT_DIR, `${slug}.json`), `${JSON.stringify(kept, null, 1)}\n`);
        console.log(`${slug}: ${events.length} events captured, ${kept.length} kept`);
      } catch (error) {
        failed++;
        console.error(`${slug}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  // The fixtures are checked in: keep them in the repository's format (biome).
  spawnSync('./node_modules/.bin/biome', ['format', '--write', OUT_DIR], { stdio: 'inherit' });
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
