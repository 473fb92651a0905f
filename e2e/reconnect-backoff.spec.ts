import { expect, type Page, test } from '@playwright/test';

async function open(page: Page) {
  await page.goto('/lessons/reconnect-backoff');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
}

const stepDone = (page: Page, id: string, timeout?: number) =>
  expect(page.locator(`[data-step="${id}"]`)).toHaveAttribute(
    'data-done',
    'true',
    timeout ? { timeout } : {},
  );

test('from the home page: Run connects, restarts the server, and the reconnect is seen on the wire', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('li[data-slug="reconnect-backoff"] a').click();
  await expect(page).toHaveURL(/\/lessons\/reconnect-backoff/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByTestId('reconnect-state')).toContainText('not started');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await stepDone(page, 'reconnect');
  await expect(page.getByTestId('reconnect-state')).toContainText('Reconnect machine: connected');
});

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
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const state = page.getByTestId('reconnect-state');
  await expect(state).toContainText(/waiting|attempting/);
  await expect(state).toContainText('Reconnect machine: connected', { timeout: 10_000 });
  const first = page.getByTestId('schedule-table').locator('tbody tr').first();
  await expect(first.locator('td').nth(3)).toHaveText(/^\d+$/);
  await stepDone(page, 'reconnect');
});

test('backoff capped: refused attempts, then waits as long as the cap', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  await page.getByRole('spinbutton', { name: 'Base delay (ms)' }).fill('500');
  await page.getByRole('spinbutton', { name: 'Cap (ms)' }).fill('1000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const state = page.getByTestId('reconnect-state');
  await expect(state).toContainText('Reconnect machine: connected', { timeout: 10_000 });
  await stepDone(page, 'reconnect');
  const strip = page.getByRole('checkbox', { name: 'Strip Upgrade header', exact: true });
  if (!(await strip.isVisible()))
    await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await strip.check();
  await page.getByRole('button', { name: 'Restart the server' }).click();
  await stepDone(page, 'capped', 30_000);
  await strip.uncheck();
  await expect(state).toContainText('Reconnect machine: connected', { timeout: 15_000 });
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
  await stepDone(page, 'spike');
  await stepDone(page, 'spread');
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
  await stepDone(page, 'rejoin');
});
