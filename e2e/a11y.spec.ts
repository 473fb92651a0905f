import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { lessonHref, liveLessons } from '../lib/content/lessons';

/**
 * axe-core on every page, in light and dark: no serious or critical violation.
 * Lesson pages are checked once their mirror records (the panel is on screen).
 */
const PAGES: { name: string; path: string; lesson: boolean }[] = [
  { name: 'home', path: '/', lesson: false },
  { name: 'lessons', path: '/lessons', lesson: false },
  { name: 'lab', path: '/lab', lesson: true },
  ...liveLessons().map((l) => ({ name: l.slug, path: lessonHref(l), lesson: true })),
];

/**
 * Violations known today, owned outside this file (issue 10): `test.fail()` keeps the suite green
 * and flips to a failure ("expected to fail, but passed") once they are fixed, so the entry goes.
 * Key: `${page}/${scheme}` or `${page}/*`.
 */
const KNOWN: Record<string, string> = {};

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      count: v.nodes.length,
    }));
}

for (const scheme of ['light', 'dark'] as const) {
  for (const p of PAGES) {
    test(`${p.name} (${scheme}): no serious or critical axe violation`, async ({ page }) => {
      const known = KNOWN[`${p.name}/${scheme}`] ?? KNOWN[`${p.name}/*`];
      test.fail(known !== undefined, known);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(p.path);
      if (p.lesson) await expect(page.getByText('Mirror: recording')).toBeVisible();
      else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
