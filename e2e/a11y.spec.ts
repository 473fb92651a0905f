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

// Violations known and owned elsewhere would be listed here with `test.fail(…)`; none are left.
const KNOWN: Record<string, string> = {};

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
