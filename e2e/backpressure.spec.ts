import { expect, type Page, test } from '@playwright/test';
import { LESSONS, lessonHref } from '../lib/content/lessons';

const BASE =
  '?transport=websocket&bandwidth=1000000&dir=down&bpRate=250&size=16000&watermark=262144';

async function runOnce(page: Page, query: string) {
  await page.goto(`/lessons/backpressure${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const row = page
    .getByRole('table', { name: /Backpressure runs/ })
    .getByRole('row')
    .nth(1);
  await expect(row).toBeVisible();
  return row;
}

const facts = (page: Page) => page.getByRole('status', { name: 'Server facts' });

test('drop oldest: the server drops, the queue stays at the watermark, p99 is measured', async ({
  page,
}) => {
  const row = await runOnce(page, `${BASE}&policy=drop-oldest`);
  await expect(facts(page)).toContainText(/dropped [1-9]\d*/, { timeout: 20_000 });
  await expect(page.getByRole('img', { name: /Statechart Send queue/ })).toBeVisible();
  await expect(row).toContainText('drop-oldest');
  await expect(row.getByRole('cell').nth(9)).toHaveText(/^\d+ ms$/, { timeout: 30_000 });
});

test('coalescing in 50 ms batches: most messages are merged, none dropped at the server', async ({
  page,
}) => {
  await runOnce(page, `${BASE}&policy=drop-newest&batchMs=50&coalesce=1`);
  await expect(facts(page)).toContainText(/coalesced [1-9]\d*/, { timeout: 20_000 });
});

test('pause: the producer skips messages while the queue is over the watermark', async ({
  page,
}) => {
  await runOnce(page, `${BASE}&policy=pause`);
  await expect(facts(page)).toContainText(/not produced while paused [1-9]\d*/, {
    timeout: 20_000,
  });
});

test('split: critical messages on their own channel arrive far sooner than the rest', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const row = await runOnce(page, `${BASE}&policy=split`);
  await expect(row).toContainText('done', { timeout: 60_000 });
  const cells = row.getByRole('cell');
  const ms = async (i: number) =>
    Number(((await cells.nth(i).textContent()) ?? '').replace(' ms', ''));
  const p99 = await ms(9);
  const p99Critical = await ms(10);
  expect(p99Critical).toBeLessThan(p99);
});

test('from the home page: Run proves the first step (drops with the queue at the watermark)', async ({
  page,
}) => {
  const lesson = LESSONS.find((l) => l.slug === 'backpressure');
  if (!lesson) throw new Error('backpressure is not in the registry');
  await page.goto('/');
  await page.locator(`a[href="${lessonHref(lesson)}"]`).click();
  await expect(page).toHaveURL(/\/lessons\/backpressure\?.*policy=drop-oldest/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const step = page.locator('[data-step="drop"]');
  await expect(step).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(facts(page)).toContainText(/dropped [1-9]\d*/);
});
