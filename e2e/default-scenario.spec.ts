/**
 * Every link opens a lesson in its teaching scenario: the home page's links carry it, a bare
 * /lessons/<slug> is redirected to it (so it shows in the URL), and a learner's own query wins.
 */
import { expect, test } from '@playwright/test';
import { LESSONS, lessonHref } from '../lib/content/lessons';

const withScenario = LESSONS.filter((l) => l.status === 'live' && l.scenario);

test('home links open each lesson in its teaching scenario', async ({ page }) => {
  await page.goto('/');
  for (const lesson of withScenario) {
    await expect(page.locator(`a[href="${lessonHref(lesson)}"]`)).toHaveCount(1);
  }
});

test('a bare lesson URL becomes the teaching scenario’s; a learner’s query is kept', async ({
  page,
}) => {
  await page.goto('/lessons/backpressure');
  await expect(page).toHaveURL(/\/lessons\/backpressure\?.*policy=drop-oldest/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.goto('/lessons/heartbeat');
  await expect(page).toHaveURL(/\/lessons\/heartbeat\?pingInterval=1000&pingTimeout=1000$/);
  await page.goto('/lessons/heartbeat?seed=7');
  await expect(page).toHaveURL(/\/lessons\/heartbeat\?seed=7$/);
});
