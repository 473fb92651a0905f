import { expect, type Page, test } from '@playwright/test';

/** Reads a number shown in a test-id cell, once it is one. */
async function numberOf(page: Page, testId: string): Promise<number> {
  const cell = page.getByTestId(testId);
  await expect(cell).toHaveText(/^\d+(\.\d+)?$/);
  return Number(await cell.textContent());
}

const cycles = (page: Page) => page.getByRole('table', { name: 'Receive cycles' });

/** Nothing starts before the learner presses Run. */
async function run(page: Page): Promise<void> {
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

test('from the home page: Run holds a GET until data, and the first step is seen on the wire', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('li[data-slug="long-polling"] a').click();
  await expect(page).toHaveURL(/\/lessons\/long-polling\?transport=long-polling&rate=2&size=100/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByText(/Server producer: not started/)).toBeVisible();
  await expect(cycles(page)).toHaveCount(0);
  await run(page);
  await expect(page.locator('[data-step="held"]')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-step="next"]')).toHaveAttribute('data-done', 'true');
});

test('Rate 0 and Hold 2000 ms: GETs are held, then answered 204; the statechart times out', async ({
  page,
}) => {
  await page.goto('/lessons/long-polling?transport=long-polling&rate=0&hold=2000');
  await run(page);
  await expect(page.getByText(/Server producer: stopped/)).toBeVisible();
  await expect(cycles(page).getByRole('row').filter({ hasText: '204' }).first()).toBeVisible();
  const held = Number(
    await cycles(page)
      .getByRole('row')
      .filter({ hasText: '204' })
      .first()
      .getByRole('cell')
      .nth(1)
      .textContent(),
  );
  // The hold is the server's: far longer than a request that is answered at once.
  expect(held).toBeGreaterThanOrEqual(1500);
  const chart = page.getByRole('region', { name: /Long-poll cycle/ });
  await expect(chart.getByText(/Current state:/)).toContainText(/timedOut|waiting/);
  await expect(page.getByRole('figure', { name: 'How long each GET was held' })).toBeVisible();
  await expect(page.locator('[data-step="timeout"]')).toHaveAttribute('data-done', 'true');
});

test('Send (POST) with the producer off: a POST, and the held GET delivers the message', async ({
  page,
}) => {
  await page.goto('/lessons/long-polling?transport=long-polling&rate=0');
  await run(page);
  await expect(cycles(page).getByRole('row').filter({ hasText: 'no answer yet' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Text' }).fill('ping from e2e');
  await page.getByRole('button', { name: 'Send (POST)' }).click();
  await expect(page.getByTestId('lp-posts')).toHaveText('1');
  await expect(page.getByTestId('lp-delivered')).toHaveText('1');
  await expect(cycles(page).getByRole('row').filter({ hasText: 'delivered' })).toBeVisible();
  await expect(page.getByTestId('reader-status')).toContainText('received 1 message');
  await expect(page.locator('[data-step="post"]')).toHaveAttribute('data-done', 'true');
});

test('Idle timeout 3 s with the producer off: the proxy cuts the held GET with 504', async ({
  page,
}) => {
  await page.goto('/lessons/long-polling?transport=long-polling&rate=0&idle=3');
  await run(page);
  const cut = cycles(page)
    .getByRole('row')
    .filter({ hasText: /504|connection closed/ });
  await expect(cut.first()).toBeVisible({ timeout: 20_000 });
  const chart = page.getByRole('region', { name: /Long-poll cycle/ });
  await expect(chart.getByText(/Current state:/)).toContainText(/failed|aborted|waiting/);
  await expect(page.locator('[data-step="cut"]')).toHaveAttribute('data-done', 'true');
});

test('Rate 50 with Latency 200 ms: answers carry many messages, head bytes per message fall', async ({
  page,
}) => {
  await page.goto('/lessons/long-polling?transport=long-polling&rate=1');
  await run(page);
  await expect
    .poll(async () => numberOf(page, 'lp-delivered'), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(3);
  const slow = await numberOf(page, 'lp-head-per-message');

  await page.goto('/lessons/long-polling?transport=long-polling&rate=50&latency=200');
  await run(page);
  await expect
    .poll(async () => numberOf(page, 'lp-delivered'), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(100);
  expect(await numberOf(page, 'lp-per-response')).toBeGreaterThan(2);
  expect(await numberOf(page, 'lp-head-per-message')).toBeLessThan(slow);
  await expect(page.locator('[data-step="bytes"]')).toHaveAttribute('data-done', 'true');
});

test('Socket.IO polling only is the second transport; out-of-range knobs are refused', async ({
  page,
}) => {
  await page.goto('/lessons/long-polling?transport=socketio-polling&rate=2');
  await run(page);
  await expect(page.getByTestId('reader-status')).toContainText(/open/);
  await expect
    .poll(async () => numberOf(page, 'lp-delivered'), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await page.goto('/lessons/long-polling?rate=999');
  await expect(page.getByRole('alert').filter({ hasText: 'rate=999' })).toContainText(
    'from 0 to 200',
  );
});
