/**
 * First-load JS budgets, measured from the production build (issue 10, item 9): every live lesson
 * page ≤ 170 kB of gzipped JavaScript, the home page ≤ 140 kB.
 *
 * The issue asked 110 kB for home. What any app-router page of Next 16 + React 19 loads before its
 * own code is measured here at about 128 kB (react-dom 69.9, Next's client runtime 44.0, its
 * bootstrap 8.4, Turbopack's runtime 3.8, the page shell 1.9): 110 kB cannot be met without
 * leaving the framework, so home's budget is that floor plus a little room for its own code
 * (the "continue where you left off" line). Lower it when the framework gets lighter.
 *
 * "First load" is what a browser fetches before the page can run: the server is started on the
 * build (bench/built-server.ts), each page is fetched the way a browser opens it from a link (a bare
 * /lessons/<slug> redirects to its teaching scenario; the redirect is followed), every external
 * `<script src>` (except `nomodule` ones, which modern browsers skip) and `<link rel="preload"|"modulepreload" as="script">` of the HTML is fetched once,
 * gzipped with zlib level 9 and summed. Inline scripts (the RSC payload) are HTML, not counted here.
 * Sizes are deterministic for a given build, so this can gate CI. Exits 1 when a page is over.
 * Run: `npm run build && npx tsx scripts/check-budgets.ts` (scripts/test.sh runs it after the build).
 */
import { gzipSync } from 'node:zlib';
import { startBuiltServer } from '../bench/built-server';
import { liveLessons } from '../lib/content/lessons';

const KB = 1000;
const HOME_BUDGET = 140 * KB;
const LESSON_BUDGET = 170 * KB;

interface PageBudget {
  label: string;
  path: string;
  budget: number;
}

const PAGES: PageBudget[] = [
  { label: 'home', path: '/', budget: HOME_BUDGET },
  ...liveLessons().map((l) => ({
    label: l.slug,
    path: `/lessons/${l.slug}`,
    budget: LESSON_BUDGET,
  })),
];

/** The script URLs a browser loads on first load, in document order, without duplicates. */
function scriptUrls(html: string, pageUrl: string): string[] {
  const urls = new Set<string>();
  const attr = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((v) => v !== undefined);
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(m[0], 'src');
    // `nomodule` scripts (Next's legacy polyfills) are skipped by every module-capable browser.
    if (src && !/\snomodule\b/i.test(m[0]))
      urls.add(new URL(src.replaceAll('&amp;', '&'), pageUrl).href);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(m[0], 'rel')?.toLowerCase() ?? '';
    const as = attr(m[0], 'as')?.toLowerCase();
    const href = attr(m[0], 'href');
    if (!href) continue;
    if (rel === 'modulepreload' || (rel === 'preload' && as === 'script')) {
      urls.add(new URL(href.replaceAll('&amp;', '&'), pageUrl).href);
    }
  }
  return [...urls];
}

interface Measured {
  page: PageBudget;
  finalPath: string;
  scripts: number;
  raw: number;
  gzip: number;
}

async function measure(base: string, page: PageBudget, cache: Map<string, Buffer>) {
  const res = await fetch(`${base}${page.path}`, { redirect: 'follow' });
  if (!res.ok) throw new Error(`${page.path}: HTTP ${res.status}`);
  const html = await res.text();
  const urls = scriptUrls(html, res.url);
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    let body = cache.get(url);
    if (!body) {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      body = Buffer.from(await r.arrayBuffer());
      cache.set(url, body);
    }
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  const u = new URL(res.url);
  return { page, finalPath: u.pathname + u.search, scripts: urls.length, raw, gzip };
}

const kB = (n: number) => `${(n / KB).toFixed(1)} kB`;

function table(rows: Measured[]): string {
  const head = ['page', 'scripts', 'raw', 'gzip', 'budget', ''];
  const body = rows.map((r) => [
    r.page.label,
    String(r.scripts),
    kB(r.raw),
    kB(r.gzip),
    kB(r.page.budget),
    r.gzip <= r.page.budget ? 'ok' : `OVER by ${kB(r.gzip - r.page.budget)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const server = await startBuiltServer();
  const rows: Measured[] = [];
  try {
    const cache = new Map<string, Buffer>();
    for (const page of PAGES) rows.push(await measure(server.base, page, cache));
  } finally {
    await server.stop();
  }
  console.log('First-load JS (external scripts of the served HTML, gzip -9):\n');
  console.log(table(rows));
  const over = rows.filter((r) => r.gzip > r.page.budget);
  if (over.length > 0) {
    console.error(
      `\n${over.length} page(s) over budget: ${over.map((r) => r.page.label).join(', ')} (home ≤ ${kB(HOME_BUDGET)}, lessons ≤ ${kB(LESSON_BUDGET)})`,
    );
    process.exitCode = 1;
  } else {
    console.log(`\nAll ${rows.length} pages within budget.`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
