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

const KIB = 1024;
const WATERMARK = 262_144;
const SIZE = 16_000;

/** "12.5 KiB" → bytes. */
function bytes(text: string): number {
  const m = /([\d.]+) (B|KiB|MiB)/.exec(text);
  if (!m) return Number.NaN;
  const unit = m[2] === 'MiB' ? KIB * KIB : m[2] === 'KiB' ? KIB : 1;
  return Number(m[1]) * unit;
}

/** Queue depth and watermark of the latest server report, as the facts line states them. */
async function depthAndWatermark(page: Page): Promise<{ depth: number; watermark: number }> {
  const text = (await facts(page).textContent()) ?? '';
  const m = /depth ([\d.]+ (?:B|KiB|MiB)) of watermark ([\d.]+ (?:B|KiB|MiB))/.exec(text);
  return { depth: bytes(m?.[1] ?? ''), watermark: bytes(m?.[2] ?? '') };
}

test('drop oldest: the server drops, the queue stays at the watermark, p99 is measured', async ({
  page,
}) => {
  const row = await runOnce(page, `${BASE}&policy=drop-oldest`);
  await expect(facts(page)).toContainText(/dropped [1-9]\d*/, { timeout: 20_000 });
  // While it drops, each report shows the queue held at the watermark: the app queue is trimmed
  // to it, and ws.bufferedAmount only grows past it by the one message the socket took last.
  for (let report = 0; report < 5; report++) {
    const before = await facts(page).textContent();
    await expect(facts(page)).not.toHaveText(before ?? '');
    const { depth, watermark } = await depthAndWatermark(page);
    expect(watermark).toBe(WATERMARK);
    expect(depth).toBeLessThanOrEqual(WATERMARK + SIZE);
  }
  await expect(page.getByRole('img', { name: /Statechart Send queue/ })).toBeVisible();
  await expect(row).toContainText('drop-oldest');
  await expect(row.getByRole('cell').nth(9)).toHaveText(/^\d+ ms$/, { timeout: 30_000 });
});

test('coalescing in 50 ms batches: more messages merged than dropped at the server', async ({
  page,
}) => {
  const row = await runOnce(page, `${BASE}&policy=drop-newest&batchMs=50&coalesce=1`);
  await expect(facts(page)).toContainText(/coalesced [1-9]\d*/, { timeout: 20_000 });
  await expect(row).toContainText('done', { timeout: 60_000 });
  // Merged rather than dropped: by the server's own count, coalescing removes more messages than
  // the drop policy does (how many still meet a full queue depends on the machine's load).
  const text = (await facts(page).textContent()) ?? '';
  const dropped = Number(/dropped (\d+)/.exec(text)?.[1]);
  const coalesced = Number(/coalesced (\d+)/.exec(text)?.[1]);
  expect(coalesced).toBeGreaterThan(dropped);
  expect(coalesced).toBeGreaterThan(0);
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
