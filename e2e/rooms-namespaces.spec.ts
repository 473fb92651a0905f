import { expect, type Page, test } from '@playwright/test';

/** Run: your socket connects and `sims` simulated clients start in room a. */
async function run(page: Page, sims: string) {
  await page.goto('/lessons/rooms-namespaces');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('spinbutton', { name: 'Simulated clients' }).fill(sims);
  await page.getByRole('textbox', { name: 'in rooms' }).fill('a');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText(/Your socket: connected/)).toBeVisible();
}

const stepDone = (page: Page, id: string) =>
  expect(page.locator(`[data-step="${id}"]`)).toHaveAttribute('data-done', 'true');

test('from the home page: Run connects the sockets and the first step is seen on the wire', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('li[data-slug="rooms-namespaces"] a').click();
  await expect(page).toHaveURL(/\/lessons\/rooms-namespaces/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByText('Your socket: not started')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await stepDone(page, 'connect');
  await page.getByRole('button', { name: 'Stop simulated clients' }).click();
  await expect(page.getByText(/stopped \d+/)).toBeVisible();
});

test('a room broadcast reaches the members only, read from the wire', async ({ page }) => {
  await run(page, '3');
  await expect(page.getByText(/started 3; 3 running \(cap 50\)/)).toBeVisible();
  // Wait for the three simulated sockets to appear on the wire (each joins right after connecting).
  await expect(
    page.getByRole('combobox', { name: 'Namespace shown' }).locator('option'),
  ).toHaveCount(4);
  await page.getByRole('textbox', { name: 'Room', exact: true }).fill('a');
  await page.getByRole('button', { name: 'Join room' }).click();
  await page.getByRole('button', { name: 'Broadcast to room' }).click();
  await expect(page.getByTestId('broadcast-ack')).toContainText('"delivered":4');
  const fanout = page.getByRole('region', { name: 'Fan-out of the last room broadcast' });
  const rows = fanout.getByTestId('fanout-row');
  await expect(rows).toHaveCount(4);
  await expect(fanout.getByTestId('fanout-summary')).toContainText('reached 4 of 4');
  await stepDone(page, 'join');
  await stepDone(page, 'fanout');
  for (const row of await rows.all()) {
    await expect(row).toContainText(/✔ reached #\d+.*✔ reached #\d+/);
  }

  await page.getByRole('button', { name: 'Leave room' }).click();
  await page.getByRole('button', { name: 'Broadcast to room' }).click();
  await expect(page.getByTestId('broadcast-ack')).toContainText('"delivered":3');
  await expect(fanout.getByTestId('fanout-summary')).toContainText('reached 3 of 4');
  const mine = rows.filter({ hasText: '(you)' });
  await expect(mine).toHaveAttribute('data-member', 'no');
  await expect(mine).toContainText('not reached');
  await stepDone(page, 'members');

  // The cap: 3 running, 50 more asked.
  await page.getByRole('spinbutton', { name: 'Simulated clients' }).fill('50');
  await page.getByRole('button', { name: 'Start simulated clients' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cap is 50' })).toContainText(
    '3 running, 50 more asked',
  );
  await page.getByRole('button', { name: 'Stop simulated clients' }).click();
  await expect(page.getByText('stopped 3')).toBeVisible();
});

test('/admin refuses a client without a token: CONNECT_ERROR on the namespace statechart', async ({
  page,
}) => {
  await run(page, '0');
  await page.getByRole('button', { name: 'Join /admin without a token' }).click();
  await expect(page.getByText('Namespace /admin: refused')).toBeVisible();
  const select = page.getByRole('combobox', { name: 'Namespace shown' });
  const value = await select.locator('option', { hasText: '/admin' }).getAttribute('value');
  await select.selectOption(value ?? '');
  const chart = page.getByRole('region', { name: /Socket\.IO namespace \/admin/ });
  await expect(chart.getByText(/Current state:/)).toContainText('refused');
  await expect(chart).toContainText('refused: "not authorized"');
  await stepDone(page, 'refused');
});
