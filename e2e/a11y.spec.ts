import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { lessonHref, liveLessons } from '../lib/content/lessons';
import { runFirstAction } from './first-action';

/**
 * axe-core on every page, in light and dark: no serious or critical violation. Lesson pages are
 * checked as opened (once their mirror records) and again once their first action has put traffic
 * in the diagrams, so the arrows, tables and checklists that only exist after a run are checked too.
 */
const PAGES: { name: string; path: string; lesson: boolean }[] = [
  { name: 'home', path: '/', lesson: false },
  { name: 'lessons', path: '/lessons', lesson: false },
  { name: 'lab', path: '/lab', lesson: true },
  ...liveLessons().map((l) => ({ name: l.slug, path: lessonHref(l), lesson: true })),
];

/** axe's own rules, plus one it ships as experimental that the issue names. */
const EXTRA_RULES = ['label-content-name-mismatch'];

// Violations known today, owned outside this file (issue 10). `test.fail()` keeps the suite green
// and turns into a failure ("expected to fail, but passed") once fixed: then delete the entry.
const ARROW_NAME =
  'label-content-name-mismatch (serious): every sequence-diagram arrow `g[data-seq]` (components/sequence) has an aria-label that does not contain its visible text';
const NOT_SEEN_CONTRAST =
  'color-contrast (serious): "not seen yet" checklist items, `li[data-seen="no"] > .muted` (components/lessons/socketio-stack/stack.module.css `.check li[data-seen="no"] { opacity: 0.75 }` over panel.module.css `.muted`)';
const STRIP_CONTRAST =
  'color-contrast (serious, light only): not-applied cells `li[title="seq N: not applied"]` of the sequence strip (components/lessons/shared/cards-and-strips.module.css `.missing { opacity: 0.55 }`)';
const STATECHART_SCROLL =
  'scrollable-region-focusable (serious): the statechart scroll box `.panel > .scroll` (components/statechart/statechart.module.css) cannot take keyboard focus';
const API_LOG_SCROLL =
  'scrollable-region-focusable (serious): the API log `ol.apiLog` (components/lessons/shared/api-log.tsx, panel.module.css `.apiLog`) scrolls but cannot take keyboard focus';

const both = (causes: string[]) => causes.join('; ');
/** Key: `${page}/${scheme}` or `${page}/*`; the value names the causes. */
const KNOWN: Record<string, string> = {
  'lab/*': ARROW_NAME,
  'websocket-handshake/*': ARROW_NAME,
  'websocket-frames/*': ARROW_NAME,
  'heartbeat/*': both([STATECHART_SCROLL, ARROW_NAME]),
  'socketio-stack/*': both([NOT_SEEN_CONTRAST, ARROW_NAME]),
  'engineio-upgrade/*': both([NOT_SEEN_CONTRAST, API_LOG_SCROLL, ARROW_NAME]),
  'long-polling/*': ARROW_NAME,
  'polling-sse-websocket/*': ARROW_NAME,
  'rooms-namespaces/*': ARROW_NAME,
  'reconnect-backoff/*': ARROW_NAME,
  'backpressure/*': ARROW_NAME,
  'ordering-replay/light': both([STRIP_CONTRAST, ARROW_NAME]),
  'ordering-replay/dark': ARROW_NAME,
  'delivery-guarantees/*': ARROW_NAME,
  'auth-sessions/*': ARROW_NAME,
};

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(EXTRA_RULES.map((r) => [r, { enabled: true }])) })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
}

for (const scheme of ['light', 'dark'] as const) {
  for (const p of PAGES) {
    test(`${p.name} (${scheme}): no serious or critical axe violation`, async ({ page }) => {
      const known = KNOWN[`${p.name}/${scheme}`] ?? KNOWN[`${p.name}/*`];
      test.fail(known !== undefined, known);
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(p.path);
      if (p.lesson) await expect(page.getByText('Mirror: recording')).toBeVisible();
      else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect.soft(await seriousViolations(page), 'as opened').toEqual([]);
      if (p.lesson && (await runFirstAction(page, p.name))) {
        expect(await seriousViolations(page), 'after Run').toEqual([]);
      }
    });
  }
}
