import { expect, type Page, test } from '@playwright/test';

async function open(page: Page) {
  await page.goto('/lessons/reconnect-backoff');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
}

test('the schedule follows the knobs before anything runs', async ({ page }) => {
  await open(page);
  await page.getByRole('spinbutton', { name: 'Retry limit' }).fill('3');
  await page.getByRole('spinbutton', { name: 'Factor' }).fill('3');
  await page.getByRole('spinbutton', { name: 'Jitter (0-1)' }).fill('0');
  const table = page.getByTestId('schedule-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').nth(0)).toContainText('1000');
  await expect(table.locator('tbody tr').nth(1)).toContainText('3000');
  await expect(table.locator('tbody tr').nth(2)).toContainText('9000');
  await expect(page).toHaveURL(/retries=3/);
  await page.getByRole('spinbutton', { name: 'Factor' }).fill('9');
  await expect(page.getByText('Factor "9" refused')).toBeVisible();
});

test('a restart: the machine waits, attempts, reconnects; the attempt is seen on the wire', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('spinbutton', { name: 'Base delay (ms)' }).fill('500');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const state = page.getByTestId('reconnect-state');
  await expect(state).toContainText('connected');
  await page.getByRole('button', { name: 'Restart the server' }).click();
  await expect(state).toContainText(/waiting|attempting/);
  await expect(state).toContainText('Reconnect machine: connected', { timeout: 10_000 });
  const first = page.getByTestId('schedule-table').locator('tbody tr').first();
  await expect(first.locator('td').nth(3)).toHaveText(/^\d+$/);
});

test('herd: jitter off is one spike, jitter on spreads', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  await page.getByRole('spinbutton', { name: 'Simulated clients' }).fill('20');
  await page.getByRole('button', { name: 'Restart with jitter off' }).click();
  const off = page.getByTestId('herd-summary-1');
  await expect(off).toContainText('20 simulated reconnects', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Restart with jitter 0.5' }).click();
  const on = page.getByTestId('herd-summary-2');
  await expect(on).toContainText('20 simulated reconnects', { timeout: 20_000 });
  const num = async (l: typeof on, attr: string) => Number(await l.getAttribute(attr));
  // Load-proof: a timer never fires early, so with jitter off nobody is back before the 1000 ms
  // base; with jitter 0.5 about half wait 500-1000 ms. (How wide the spike is depends on how busy
  // the machine is: the server takes the handshakes one after another.)
  expect(await num(off, 'data-first')).toBeGreaterThanOrEqual(990);
  expect(await num(on, 'data-first')).toBeLessThan(1000);
});

test('auth-aware: expired token → CONNECT_ERROR → refreshed → reconnected → rooms rejoined', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page);
  await page.getByRole('spinbutton', { name: 'Base delay (ms)' }).fill('500');
  await page.getByRole('button', { name: 'Connect to /secure with a 4 s token' }).click();
  const steps = page.getByTestId('auth-steps');
  await expect(steps).toContainText('joined room a');
  await expect(steps).toContainText('server: auth-expired', { timeout: 15_000 });
  await expect(steps).toContainText('CONNECT_ERROR "token expired"', { timeout: 15_000 });
  await expect(steps).toContainText('token refreshed');
  await expect(steps).toContainText(/joined room a[\s\S]*CONNECT_ERROR[\s\S]*joined room a/, {
    timeout: 15_000,
  });
  await expect(steps.locator('li').last()).toContainText(/resumed from #\d+: \d+ missed/, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('auth-reconnect-state')).toContainText('connected');
});
