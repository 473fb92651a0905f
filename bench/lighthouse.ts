/**
 * `npm run bench:lighthouse`: Lighthouse 12 (performance only) on the home page and every live
 * lesson, against the production build, in the system Chromium. Prints performance score, CLS, TBT,
 * LCP and FCP per page; asserts nothing (issue 10 targets: performance ≥ 95, CLS < 0.05).
 *
 * Lighthouse's default run: a mid-range phone on a slow 4G link, simulated throttling. LH_PRESET=desktop
 * uses its desktop preset instead. Each lesson is opened by its bare URL, as a home-page link does
 * (it redirects to the teaching scenario). CHROME_PATH picks the browser (default /usr/bin/chromium);
 * LH_ONLY=<slug,...> limits the pages. Needs `npm run build`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import type { Result } from 'lighthouse';
import { liveLessons } from '../lib/content/lessons';
import { hasBuild, startBuiltServer } from './built-server';

const chromePath = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const desktop = process.env.LH_PRESET === 'desktop';

interface Row {
  page: string;
  score: number;
  cls: number;
  tbt: number;
  lcp: number;
  fcp: number;
}

function pages(): { name: string; path: string }[] {
  const all = [
    { name: 'home', path: '/' },
    ...liveLessons().map((l) => ({ name: l.slug, path: `/lessons/${l.slug}` })),
  ];
  const only = process.env.LH_ONLY?.split(',').filter(Boolean);
  return only ? all.filter((p) => only.includes(p.name)) : all;
}

/**
 * One Lighthouse run through its CLI in a plain Node process (tsx's transform of Lighthouse's own
 * modules breaks the functions it evaluates in the page), on the already launched Chromium.
 */
async function audit(url: string, port: number): Promise<Result> {
  const args = [
    'node_modules/lighthouse/cli/index.js',
    url,
    `--port=${port}`,
    '--only-categories=performance',
    '--output=json',
    '--output-path=stdout',
    '--quiet',
    ...(desktop ? ['--preset=desktop'] : []),
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Result;
}

const pad = (s: string, n: number, left = false) => (left ? s.padEnd(n) : s.padStart(n));

async function main(): Promise<void> {
  if (!hasBuild()) {
    console.log('lighthouse bench skipped: needs `npm run build`');
    return;
  }
  const server = await startBuiltServer();
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const rows: Row[] = [];
  try {
    for (const p of pages()) {
      let lhr: Result | undefined;
      // A run that Chromium interrupts (an interstitial on a busy machine) is tried once more.
      for (let attempt = 1; attempt <= 2 && !lhr; attempt++) {
        try {
          lhr = await audit(`${server.base}${p.path}`, chrome.port);
        } catch (error) {
          const stderr = (error as { stderr?: string }).stderr?.trim();
          console.error(`  ${p.name}: attempt ${attempt} failed: ${stderr || String(error)}`);
        }
      }
      if (!lhr) continue;
      const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const row = {
        page: p.name,
        score: Math.round((lhr.categories.performance?.score ?? Number.NaN) * 100),
        cls: value('cumulative-layout-shift'),
        tbt: value('total-blocking-time'),
        lcp: value('largest-contentful-paint'),
        fcp: value('first-contentful-paint'),
      };
      rows.push(row);
      if (lhr.runtimeError) console.error(`${p.name}: ${lhr.runtimeError.message}`);
      console.error(`  ${p.name}: ${row.score}`);
    }
  } finally {
    chrome.kill();
    await server.stop();
  }
  const w = Math.max(4, ...rows.map((r) => r.page.length));
  console.log(
    `\nLighthouse ${desktop ? 'desktop' : 'mobile (default: slow 4G, 4x CPU, simulated)'} performance, production build`,
  );
  console.log(`${pad('page', w, true)}  score    CLS   TBT ms   LCP ms   FCP ms`);
  for (const r of rows) {
    console.log(
      `${pad(r.page, w, true)}  ${pad(String(r.score), 5)}  ${pad(r.cls.toFixed(3), 5)}  ${pad(r.tbt.toFixed(0), 7)}  ${pad(r.lcp.toFixed(0), 7)}  ${pad(r.fcp.toFixed(0), 7)}`,
    );
  }
  console.log('targets (issue 10): score ≥ 95, CLS < 0.05');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
