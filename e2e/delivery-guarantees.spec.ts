import { expect, type Page, test } from '@playwright/test';

async function start(page: Page) {
  await page.goto('/lessons/delivery-guarantees');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Start the stream' }).click();
  await expect(page.getByTestId('csr-window')).toContainText('maxDisconnectionDuration = 10000 ms');
}

const cell = (page: Page, row: string, col: string) =>
  page.getByTestId(`tally-${row}`).locator(`td[data-col="${col}"]`);

test('a 2 s blackhole then reset: at-most-once loses, recovery replays', async ({ page }) => {
  test.setTimeout(60_000);
  await start(page);
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Blackhole, then reset' }).click();
  await expect(page.getByTestId('recovered-count')).toHaveText('1', { timeout: 20_000 });
  await page.waitForTimeout(2500);
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
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Restart the server' }).click();
  await expect(page.getByText(/recovery: connected/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/recovered 0 of 1 reconnects/)).toBeVisible({ timeout: 20_000 });
});

test('ack + retry + dedup: every message delivered once', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/lessons/delivery-guarantees');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: /Send 20 with ack/ }).click();
  const row = page.getByTestId('tally-ack+retry+dedup');
  await expect(row.locator('td').nth(1)).toHaveText('20', { timeout: 30_000 });
  await expect(row.locator('td[data-col="lost"]')).toHaveText('0');
});

test('a recovery window of 0: the same outage is lost on both', async ({ page }) => {
  test.setTimeout(60_000);
  await start(page);
  await page.getByRole('spinbutton', { name: 'Recovery window (ms)' }).fill('0');
  await expect(page.getByTestId('csr-window')).toContainText('maxDisconnectionDuration = 0 ms');
  await page.waitForTimeout(1000);
  await page.getByRole('button', { name: 'Blackhole, then reset' }).click();
  await expect(page.getByText(/recovered 0 of 1 reconnects/)).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => Number(await cell(page, 'recovery', 'lost').textContent()), {
      timeout: 10_000,
    })
    .toBeGreaterThan(5);
});
