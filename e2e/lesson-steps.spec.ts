import { expect, type Page, test } from '@playwright/test';

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

/** Presses Tab until the element `name`d by role is focused (a keyboard-only learner's way there). */
async function tabTo(page: Page, role: 'button' | 'combobox' | 'group', name: string | RegExp) {
  const target = page.getByRole(role, { name, exact: typeof name === 'string' }).first();
  for (let i = 0; i < 120; i++) {
    if (
      await target.evaluate(
        (el) => el === document.activeElement || el.contains(document.activeElement),
      )
    )
      return target;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${role} ${String(name)}`);
}

test('from the home page, lesson 1 opens, Run proves its first steps from the wire, progress stays', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-slug="websocket-handshake"]').getByRole('link').click();
  await expect(page).toHaveURL(/\/lessons\/websocket-handshake/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(step(page, 'upgrade')).toHaveAttribute('data-done', 'false');
  await expect(step(page, 'upgrade')).toHaveAttribute('aria-current', 'step');
  // Nothing starts before the learner asks.
  await expect(page.getByRole('status').filter({ hasText: 'Your WebSocket:' })).not.toContainText(
    'run 1',
  );

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 'upgrade')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'accept')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'close')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'refused')).toHaveAttribute('data-done', 'false');
  await expect(page.getByText(/4 of 5 steps seen on the wire/).first()).toBeAttached();

  // Kept in this browser: a reload shows the same progress before any new traffic.
  await page.reload();
  await expect(step(page, 'upgrade')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'refused')).toHaveAttribute('aria-current', 'step');
  await page.getByRole('button', { name: 'Start over' }).first().click();
  await expect(step(page, 'upgrade')).toHaveAttribute('data-done', 'false');
});

test('keyboard only: every step of lesson 1, faults included', async ({ page }) => {
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();

  await (await tabTo(page, 'button', 'Run')).press('Enter');
  await expect(step(page, 'close')).toHaveAttribute('data-done', 'true');

  // Open the faults (a <details>), pick version 8 with the arrow keys, Run again.
  const summary = page.locator('summary', { hasText: 'Faults and transport' });
  for (let i = 0; i < 200 && !(await summary.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const version = await tabTo(page, 'combobox', 'Sec-WebSocket-Version');
  await version.press('ArrowDown');
  await expect(version).toHaveValue('8');
  await expect(page).toHaveURL(/wsVersion=8/);
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Shift+Tab');
    if (
      await page
        .getByRole('button', { name: 'Run', exact: true })
        .evaluate((el) => el === document.activeElement)
    )
      break;
  }
  await page.keyboard.press('Enter');
  await expect(step(page, 'refused')).toHaveAttribute('data-done', 'true');
  await expect(page.getByText(/5 of 5 steps seen on the wire · all done/).first()).toBeAttached();

  // Clear faults puts the version back; the button is named for what it does.
  await (await tabTo(page, 'button', 'Clear faults')).press('Enter');
  await expect(version).toHaveValue('13');
});
