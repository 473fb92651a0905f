import { expect, type Page, test } from '@playwright/test';
import { LESSONS, lessonHref } from '../lib/content/lessons';

async function start(page: Page) {
  await page.goto('/lessons/delivery-guarantees');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('csr-window')).toContainText('maxDisconnectionDuration = 10000 ms');
}

const cell = (page: Page, row: string, col: string) =>
  page.getByTestId(`tally-${row}`).locator(`td[data-col="${col}"]`);
const delivered = (page: Page, row: string) =>
  page.getByTestId(`tally-${row}`).locator('td').nth(1);

/** Waits until both stream sockets have delivered some messages (instead of sleeping). */
async function streaming(page: Page, atLeast = 5) {
  for (const row of ['at-most-once', 'recovery']) {
    await expect
      .poll(async () => Number(await delivered(page, row).textContent()), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(atLeast);
  }
}

test('a 2 s blackhole then reset: at-most-once loses, recovery replays', async ({ page }) => {
  test.setTimeout(60_000);
  await start(page);
  await streaming(page);
  await page.getByRole('button', { name: 'Blackhole, then reset' }).click();
  await expect(page.getByTestId('recovered-count')).toHaveText('1', { timeout: 20_000 });
  await expect
    .poll(async () => Number(await cell(page, 'at-most-once', 'lost').textContent()), {
      timeout: 10_000,
    })
    .toBeGreaterThan(5);
  await expect(cell(page, 'recovery', 'lost')).toHaveText('0');
});

test('after a server restart the recovery socket is not recovered', async ({ page }) => {
  test.setTimeout(60_000);
  await start(page);
  await streaming(page);
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await page.getByRole('button', { name: 'Restart the lab server' }).click();
  await expect(page.getByText(/recovery: connected/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/recovered 0 of 1 reconnects/)).toBeVisible({ timeout: 20_000 });
});

test('ack + retry + dedup through a dropping proxy: every message delivered once', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // The edge drops 20 % of the frames both ways (seeded): messages and acks are lost on the wire.
  await page.goto('/lessons/delivery-guarantees?drop=20&dir=both&seed=7');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: /Send 20 with ack/ }).click();
  const row = page.getByTestId('tally-ack+retry+dedup');
  await expect(row.locator('td').nth(0)).toHaveText('20', { timeout: 60_000 });
  await expect(row.locator('td').nth(1)).toHaveText('20', { timeout: 60_000 });
  await expect(row.locator('td[data-col="lost"]')).toHaveText('0');
  // The drops happened and were repaired: more attempts than messages, and the server's count of
  // what it received matches the distinct ids plus the duplicates it discarded.
  const status = page.getByText(/^attempts \d+ for 20 messages/);
  const text = (await status.textContent()) ?? '';
  expect(Number(/attempts (\d+)/.exec(text)?.[1])).toBeGreaterThan(20);
  const received = Number(/the server received (\d+)/.exec(text)?.[1]);
  const duplicated = Number(await row.locator('td[data-col="dup"]').textContent());
  expect(received).toBe(20 + duplicated);
});

test('a recovery window of 0: the same outage is lost on both', async ({ page }) => {
  test.setTimeout(60_000);
  await start(page);
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await page.getByRole('spinbutton', { name: 'Recovery window (ms)' }).fill('0');
  await expect(page.getByTestId('csr-window')).toContainText('maxDisconnectionDuration = 0 ms');
  await streaming(page);
  await page.getByRole('button', { name: 'Blackhole, then reset' }).click();
  await expect(page.getByText(/recovered 0 of 1 reconnects/)).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => Number(await cell(page, 'recovery', 'lost').textContent()), {
      timeout: 10_000,
    })
    .toBeGreaterThan(5);
});

test('from the home page: Run and a short outage prove the first step (lost at most once)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const lesson = LESSONS.find((l) => l.slug === 'delivery-guarantees');
  if (!lesson) throw new Error('delivery-guarantees is not in the registry');
  await page.goto('/');
  await page.locator(`a[href="${lessonHref(lesson)}"]`).click();
  await expect(page).toHaveURL(/\/lessons\/delivery-guarantees/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const step = page.locator('[data-step="lost"]');
  await expect(step).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const delivered = page.getByTestId('tally-at-most-once').locator('td').nth(1);
  await expect.poll(async () => Number(await delivered.textContent())).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Blackhole, then reset' }).click();
  await expect(step).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-step="recovered"]')).toHaveAttribute('data-done', 'true');
});

test('ack + retry + dedup against 30 % dropped frames: the wire shows a repeat caught', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto('/lessons/delivery-guarantees');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const send = page.getByRole('button', { name: /Send 20 with ack/ });
  const card = page.getByRole('region', { name: 'Ack + retry + dedup' });
  // Connected first: a dropped handshake frame would leave the socket unconnected.
  await send.click();
  await expect(card).toContainText('the server received 20');
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await page.getByRole('combobox', { name: 'Fault direction' }).selectOption('both');
  await page.getByRole('slider', { name: 'Message drop' }).fill('30');
  await expect(page.locator('[data-step="once"]')).toHaveAttribute('data-done', 'false');
  await send.click();
  await expect(page.locator('[data-step="once"]')).toHaveAttribute('data-done', 'true', {
    timeout: 45_000,
  });
});
