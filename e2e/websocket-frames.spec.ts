import { expect, type Page, test } from '@playwright/test';

async function openLesson(page: Page, query = '') {
  await page.goto(`/lessons/websocket-frames${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your WebSocket:' })).toHaveText(/OPEN/);
}

// An ARIA grid (components/frame-list): a virtualized, keyboard-operable table.
const frames = (page: Page) => page.getByRole('grid', { name: /WebSocket frames/ });
const row = (page: Page, text: RegExp) => frames(page).getByRole('row').filter({ hasText: text });

test('from the home page: Run sends a text frame each way and the first step is seen', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('a[href^="/lessons/websocket-frames"]').first().click();
  await expect(page).toHaveURL(
    /\/lessons\/websocket-frames\?transport=websocket&pingInterval=2000$/,
  );
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.locator('[data-step="text"]')).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step="text"]')).toHaveAttribute('data-done', 'true');
});

test('text: masked up with a 6-byte header, unmasked echo with a 2-byte header', async ({
  page,
}) => {
  // Run sends the Text field's message once the socket is open.
  await openLesson(page);
  const up = row(page, /↑ browser → server.*0x1 text.*"hello frames"/);
  const down = row(page, /↓ server → browser.*0x1 text.*"hello frames"/);
  await expect(up).toContainText('6 = 2 + 4 (mask key)');
  await expect(up).toContainText(/1, key [0-9a-f]{8}/);
  await expect(down).toContainText('2 = 2');
  await expect(down).toContainText('0, unmasked');

  // The inspector annotates the selected frame.
  await up.getByRole('button', { name: /^Inspect frame/ }).click();
  const inspector = page.getByRole('region', { name: /Inspector/ });
  await expect(inspector).toContainText('0x1 text');
});

test('300 bytes use the 16-bit length, 70,000 bytes the 64-bit length', async ({ page }) => {
  await openLesson(page);
  await page.getByRole('button', { name: 'Send 300-byte text' }).click();
  await expect(row(page, /↑.*16-bit.*300 B/)).toContainText('8 = 2 + 2 (16-bit length) + 4');
  await expect(row(page, /↓.*16-bit.*300 B/)).toContainText('4 = 2 + 2 (16-bit length)');
  await page.getByRole('button', { name: 'Send 70,000-byte binary' }).click();
  await expect(row(page, /↑.*64-bit.*70000 B/)).toContainText('14 = 2 + 8 (64-bit length) + 4');
  await expect(row(page, /↓.*64-bit.*70000 B/)).toContainText('10 = 2 + 8 (64-bit length)');
  await expect(page.locator('[data-step="lengths"]')).toHaveAttribute('data-done', 'true');
});

test('server pings come down as 0x9 and the browser answers 0xA by itself', async ({ page }) => {
  await openLesson(page, '?transport=websocket&pingInterval=1000');
  await page.getByRole('checkbox', { name: 'Server sends protocol pings' }).check();
  await expect(row(page, /↓ server → browser.*0x9 ping/).first()).toBeVisible();
  await expect(row(page, /↑ browser → server.*0xa pong/).first()).toContainText(/1, key/);
  // Pings and pongs never reach JavaScript: the API log has no message event.
  await expect(page.getByRole('listitem').filter({ hasText: 'open' }).first()).toBeVisible();
  // The only message event is the echo of the text Run sent.
  await expect(page.getByRole('listitem').filter({ hasText: 'message event:' })).toHaveCount(1);
  await expect(page.locator('[data-step="ping-pong"]')).toHaveAttribute('data-done', 'true');
});

test('close with 4000 and a reason: code and reason in the frame, echoed by the server', async ({
  page,
}) => {
  await openLesson(page);
  await page.getByLabel('Close code').selectOption('4000');
  await page.getByRole('textbox', { name: 'Reason' }).fill('lesson over');
  await page.getByRole('button', { name: 'Close with 4000' }).click();
  await expect(row(page, /↑.*0x8 close.*code 4000 reason "lesson over"/)).toBeVisible();
  await expect(row(page, /↓.*0x8 close.*code 4000/)).toBeVisible();
  await expect(page.getByRole('region', { name: /WebSocket connection/ })).toContainText(
    'close code 4000',
  );
  await expect(page.locator('[data-step="close"]')).toHaveAttribute('data-done', 'true');
});

test('a reason over 123 bytes is refused with a message', async ({ page }) => {
  await openLesson(page);
  await page.getByRole('textbox', { name: 'Reason' }).fill('x'.repeat(130));
  await expect(page.getByText(/too long, a close payload is at most 125 bytes/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close with 1000' })).toBeDisabled();
});

test('a fragmented reply: text with FIN 0, continuations, FIN 1 on the last', async ({ page }) => {
  await openLesson(page);
  await page.getByRole('button', { name: 'Ask for a fragmented reply' }).click();
  await expect(row(page, /↓ server → browser.*0x1 text.*0 \(more follows\)/)).toHaveCount(1);
  await expect(row(page, /↓ server → browser.*0x0 continuation/)).toHaveCount(2);
  await expect(row(page, /↓ server → browser.*0x0 continuation.*0 \(more follows\)/)).toHaveCount(
    1,
  );
  await expect(page.locator('[data-step="fragments"]')).toHaveAttribute('data-done', 'true');
});
