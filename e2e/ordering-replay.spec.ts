import { expect, type Page, test } from '@playwright/test';
import { LESSONS, lessonHref } from '../lib/content/lessons';

const FAULTS = '?transport=websocket&drop=10&dup=15&reorder=25&dir=down&seed=3';

async function run(page: Page, query: string) {
  await page.goto(`/lessons/ordering-replay${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The strip is folded from the captured frames: 100 of 100 applied, in order.
  await expect(page.getByRole('heading', { name: /The stream: 100 of 100 applied/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('status', { name: 'Your consumer' })).toContainText(
    'complete, 100 of 100 applied',
  );
}

const steps = (page: Page) => page.getByRole('table', { name: /Consumer steps/ });
const rows = (page: Page, text: RegExp) => steps(page).getByRole('row').filter({ hasText: text });

test('with seeded drop, dup and reorder every event is applied once, in order, via replays', async ({
  page,
}) => {
  await run(page, `${FAULTS}&orderRate=50&reorderWindow=4`);
  const counts = page.getByRole('status', { name: 'Consumer counts' });
  await expect(counts).toContainText('applied 100,');
  await expect(counts).not.toContainText('replay requests 0');
  await expect(rows(page, /buffered \(waiting for the gap\)/).first()).toBeVisible();
  await expect(rows(page, /discarded: duplicate eventId/).first()).toBeVisible();
  const replay = rows(page, /↑ browser → server.*replay requested/).first();
  await expect(replay).toBeVisible();
  // The replay request is a real frame the page sent: inspect it.
  await replay.getByRole('button', { name: /^Inspect frame/ }).click();
  await expect(page.getByRole('region', { name: /Inspector/ })).toContainText('"replay"');
});

test('a window of 1 holds nothing: events behind a gap are discarded and replayed', async ({
  page,
}) => {
  await run(page, `${FAULTS}&orderRate=50&reorderWindow=1`);
  await expect(rows(page, /discarded: outside the window/).first()).toBeVisible();
  await expect(rows(page, /buffered \(waiting/)).toHaveCount(0);
});

test('without message faults every event is applied on arrival and no replay goes up', async ({
  page,
}) => {
  await run(page, '?transport=websocket&orderRate=100');
  await expect(rows(page, /replay requested|discarded|buffered/)).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Consumer counts' })).toContainText(
    'replay requests 0',
  );
  // Every frame arrived in order: the window never left inOrder, and says so.
  const chart = page.getByRole('region', { name: /^Reorder window/ });
  await expect(chart.getByText(/^Current state:/)).toHaveText('Current state: inOrder · 0 held');
  await expect(page.getByRole('img', { name: /Statechart Reorder window/ })).toHaveAttribute(
    'aria-label',
    /Current: inOrder\.$/,
  );
  await expect(chart.locator('[data-state="gap"][data-current="true"]')).toHaveCount(0);
});

test('from the home page: Run proves the first step (a duplicate dropped by the dedup cache)', async ({
  page,
}) => {
  const lesson = LESSONS.find((l) => l.slug === 'ordering-replay');
  if (!lesson) throw new Error('ordering-replay is not in the registry');
  await page.goto('/');
  await page.locator(`a[href="${lessonHref(lesson)}"]`).click();
  await expect(page).toHaveURL(/\/lessons\/ordering-replay\?.*dup=15/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const step = page.locator('[data-step="dedup"]');
  await expect(step).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(rows(page, /discarded: duplicate eventId/).first()).toBeVisible();
});
