import { type Browser, expect, type Page, test } from '@playwright/test';

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByTestId('edge-status')).toContainText('Edge applied:');
}

/** Sends 20 numbered messages on the open connection; returns the numbers that never came back. */
async function burstMissing(page: Page): Promise<string> {
  await expect(page.getByTestId('transport-status')).toHaveText('Raw WebSocket: open');
  await page.getByRole('button', { name: 'Send numbered' }).click();
  await expect(page.getByTestId('burst')).toContainText('all 20 accounted for');
  return (await page.getByTestId('burst-missing').textContent()) ?? '';
}

async function inFreshContext<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

test('a copied link reproduces the controls and the same seeded drops in a fresh browser', async ({
  page,
  browser,
}) => {
  await open(page, '/lab?transport=websocket');
  await expect(page.getByTestId('transport-status')).toHaveText('Raw WebSocket: open');
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await page.getByRole('spinbutton', { name: 'Seed', exact: true }).fill('7');
  await page.getByRole('combobox', { name: 'Fault direction' }).selectOption('down');
  await page.getByRole('slider', { name: 'Message drop', exact: true }).fill('50');
  await page.getByRole('spinbutton', { name: 'Latency', exact: true }).fill('20');
  await expect(page.getByTestId('edge-status')).toContainText(
    'Message drop 50 %, Latency 20 ms (server → browser only, seed 7)',
  );
  const missing = await burstMissing(page);
  expect(missing).not.toBe('none');
  expect(missing.split(', ').length).toBeLessThan(20);

  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Scenario link' }).inputValue();
  const url = new URL(link);
  expect(url.pathname).toBe('/lab');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    transport: 'websocket',
    seed: '7',
    dir: 'down',
    drop: '50',
    latency: '20',
  });

  const colleague = await inFreshContext(browser, async (other) => {
    await open(other, `${url.pathname}${url.search}`);
    await expect(other.getByRole('combobox', { name: 'Transport', exact: true })).toHaveValue(
      'websocket',
    );
    await expect(other.getByRole('spinbutton', { name: 'Seed', exact: true })).toHaveValue('7');
    await expect(other.getByRole('combobox', { name: 'Fault direction' })).toHaveValue('down');
    await expect(other.getByRole('slider', { name: 'Message drop', exact: true })).toHaveValue(
      '50',
    );
    await expect(other.getByRole('spinbutton', { name: 'Latency', exact: true })).toHaveValue('20');
    await expect(other.getByTestId('edge-status')).toContainText(
      'Message drop 50 %, Latency 20 ms (server → browser only, seed 7)',
    );
    return burstMissing(other);
  });
  expect(colleague).toBe(missing);

  // Another seed, another pattern (same link otherwise).
  url.searchParams.set('seed', '8');
  const reseeded = await inFreshContext(browser, async (other) => {
    await open(other, `${url.pathname}${url.search}`);
    return burstMissing(other);
  });
  expect(reseeded).not.toBe(missing);
});

test('a bad parameter is named with its allowed values and the rest of the link applies', async ({
  page,
}) => {
  await open(page, '/lessons/engineio-upgrade?loss=80&latency=50');
  const alert = page.getByRole('alert').filter({ hasText: 'not applied' });
  await expect(alert).toContainText('"loss=80" is not allowed: loss must be a number from 0 to 50');
  await expect(page.getByRole('spinbutton', { name: 'Latency', exact: true })).toHaveValue('50');
  await expect(page.getByRole('slider', { name: 'Packet loss', exact: true })).toHaveValue('0');
  await expect(page.getByTestId('edge-status')).toContainText('Edge applied: Latency 50 ms.');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
});
