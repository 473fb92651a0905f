import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';

/**
 * A session past its mirror budget: the page says how many WebSocket frames were left out of its
 * capture and why, with the numbers from the hello's limits, and the timeline marks where.
 */
test('a flood past the mirror budget is thinned, counted and explained on the page', async ({
  page,
  context,
}) => {
  let session: string | null = null;
  page.on('websocket', (ws) => {
    const m = /\/lab\/([0-9a-f]{32})\//.exec(ws.url());
    if (m) session = m[1] ?? null;
  });
  await page.goto('/lab?transport=websocket');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByTestId('transport-status')).toContainText('open', { timeout: 20_000 });
  expect(session).not.toBeNull();
  // 10,000 frames/s for 2 s into this page's own session (its key cookie opens the lab path).
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const origin = new URL(page.url()).origin.replace(/^http/, 'ws');
  const feed = new WebSocket(`${origin}/lab/${session}/bp?rate=10000&seconds=2`, {
    headers: { cookie },
  });
  feed.on('error', () => {});
  const notice = page.getByRole('status').filter({ hasText: 'Capture thinned' });
  await expect(notice).toContainText(/[\d,]+ WebSocket frames? \([\d.]+ (B|KiB|MiB)\)/);
  await expect(notice).toContainText('4.0 MiB/s or 5,000 frames/s');
  feed.close();
  // The rest of the capture still decodes: the lab's own WebSocket is still open and counted.
  await expect(page.getByTestId('transport-status')).toContainText('open');
});
