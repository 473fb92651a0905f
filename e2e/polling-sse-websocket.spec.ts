import { expect, type Page, test } from '@playwright/test';

async function numberOf(page: Page, testId: string): Promise<number> {
  const cell = page.getByTestId(testId);
  await expect(cell).toHaveText(/^\d+(\.\d+)?$/, { timeout: 30_000 });
  return Number(await cell.textContent());
}

async function waitMessages(page: Page, transport: string, n: number) {
  await expect
    .poll(async () => numberOf(page, `${transport}-messages`), { timeout: 40_000 })
    .toBeGreaterThanOrEqual(n);
}

const ALL = ['short-poll', 'long-poll', 'sse', 'ws'];

/** Nothing starts before the learner presses Run. */
async function run(page: Page): Promise<void> {
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

test('from the home page: Run opens four readers and one message reaches all four', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('li[data-slug="polling-sse-websocket"] a').click();
  await expect(page).toHaveURL(
    /\/lessons\/polling-sse-websocket\?rate=2&size=100&pollInterval=1000/,
  );
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByText(/Server producer: not started/)).toBeVisible();
  await run(page);
  await expect(page.locator('[data-step="four"]')).toHaveAttribute('data-done', 'true', {
    timeout: 30_000,
  });
});

test('all four transports deliver the same stream, with charts and a table', async ({ page }) => {
  await page.goto('/lessons/polling-sse-websocket?rate=5');
  await run(page);
  for (const t of ALL) await waitMessages(page, t, 5);
  for (const t of ALL) expect(await numberOf(page, `${t}-bytes`)).toBeGreaterThan(0);
  // The SSE response is chunked: its chunk framing is counted from the bytes, not left out.
  const framing = page.getByTestId('sse-framing');
  await expect(framing).toContainText(/B of event fields/);
  const chunk = /and ([\d.]+) B of chunked transfer-encoding/.exec(
    (await framing.textContent()) ?? '',
  );
  expect(Number(chunk?.[1])).toBeGreaterThan(0);
  await expect(page.getByTestId('clock-offset-warning')).toHaveCount(0);
  await expect(
    page.getByRole('figure', { name: 'Bytes per message, headers included' }),
  ).toBeVisible();
  await expect(page.getByRole('figure', { name: /Latency/ })).toBeVisible();
  for (const t of ALL) await waitMessages(page, t, 10);
  await expect(page.locator('[data-step="compare"]')).toHaveAttribute('data-done', 'true');
});

test('raising the rate: short polling bytes/message fall, latency stays below the interval', async ({
  page,
}) => {
  await page.goto('/lessons/polling-sse-websocket?rate=1&pollInterval=1000');
  await run(page);
  await waitMessages(page, 'short-poll', 4);
  const slowBytes = await numberOf(page, 'short-poll-bytes');

  await page.goto('/lessons/polling-sse-websocket?rate=20&pollInterval=1000');
  await run(page);
  await waitMessages(page, 'short-poll', 60);
  expect(await numberOf(page, 'short-poll-bytes')).toBeLessThan(slowBytes);
  expect(await numberOf(page, 'short-poll-p50')).toBeLessThan(1000);
});

test('short polling makes more requests than long polling over the same window', async ({
  page,
}) => {
  await page.goto('/lessons/polling-sse-websocket?rate=1&pollInterval=200');
  await run(page);
  await expect
    .poll(async () => numberOf(page, 'short-poll-requests'), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(15);
  const short = await numberOf(page, 'short-poll-requests');
  const long = await numberOf(page, 'long-poll-requests');
  expect(short).toBeGreaterThan(long);
});

test('latency 300 ms: every transport is at least that slow, short polling the slowest', async ({
  page,
}) => {
  await page.goto('/lessons/polling-sse-websocket?rate=2&latency=300');
  await run(page);
  for (const t of ALL) await waitMessages(page, t, 6);
  const p50 = Object.fromEntries(
    await Promise.all(ALL.map(async (t) => [t, await numberOf(page, `${t}-p50`)] as const)),
  );
  // `at` is whole milliseconds of Date.now(): allow the clock's resolution, not a timing margin.
  for (const t of ALL) expect(p50[t]).toBeGreaterThanOrEqual(298);
  expect(p50['short-poll']).toBeGreaterThan(p50.sse as number);
  expect(p50['short-poll']).toBeGreaterThan(p50.ws as number);
});

test('dropping the connections: SSE resumes with Last-Event-ID and misses nothing', async ({
  page,
}) => {
  await page.goto('/lessons/polling-sse-websocket?rate=5');
  await run(page);
  await waitMessages(page, 'sse', 5);
  await page.getByRole('button', { name: 'Drop the connections (edge reset)' }).click();
  await expect(page.getByTestId('sse-reconnects')).toHaveText(/^[1-9]/, { timeout: 30_000 });
  await expect(page.getByTestId('sse-resumed-from')).toHaveText(/^\d+$/);
  const before = await numberOf(page, 'sse-messages');
  await expect
    .poll(async () => numberOf(page, 'sse-messages'), { timeout: 20_000 })
    .toBeGreaterThan(before);
  await expect(page.getByTestId('sse-missed')).toHaveText('0');
  await expect(page.locator('[data-step="resume"]')).toHaveAttribute('data-done', 'true');
});
