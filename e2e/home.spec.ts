import { expect, test } from '@playwright/test';
import { LESSONS, lessonHref, liveLessons } from '../lib/content/lessons';

const live = liveLessons();

test('home lists the 16 lessons in order: live ones linked, the rest coming and not linked', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const list = page.getByRole('list', { name: 'Lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(16);
  const links = list.getByRole('link');
  await expect(links).toHaveCount(live.length);
  for (const [i, lesson] of live.entries()) {
    await expect(links.nth(i)).toHaveAttribute('href', lessonHref(lesson));
  }
  await expect(list.getByText('coming', { exact: true })).toHaveCount(LESSONS.length - live.length);
  await expect(list.getByText('live', { exact: true })).toHaveCount(live.length);
});

test('the skip link and main navigation are keyboard reachable', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }),
  ).toBeVisible();
});

test('an unknown lesson is a 404', async ({ page }) => {
  const response = await page.goto('/lessons/no-such-lesson');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('continue where you left off: the last lesson opened and its steps seen, from this browser', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('continue')).toContainText('Start with:');
  // Open lesson 1 and run it: the wire proves some of its steps; the home page then offers it.
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step="upgrade"]')).toHaveAttribute('data-done', 'true');
  await page.goto('/');
  const cont = page.getByTestId('continue');
  await expect(cont).toContainText('Continue:');
  await expect(cont).toContainText(/[1-5] of 5 steps/);
  await expect(cont.getByRole('link', { name: 'The WebSocket handshake' })).toHaveAttribute(
    'href',
    /\/lessons\/websocket-handshake/,
  );
  await expect(
    page.locator('[data-slug="websocket-handshake"]').getByTestId('card-progress'),
  ).toContainText(/of 5 steps/);
});
