import { expect, test } from '@playwright/test';

test('home lists the 16 lessons: 2 live links and 14 coming', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const list = page.getByRole('list', { name: 'Lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(16);
  const links = list.getByRole('link');
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute('href', '/lessons/websocket-handshake');
  await expect(links.nth(1)).toHaveAttribute('href', '/lessons/engineio-upgrade');
  await expect(list.getByText('coming', { exact: true })).toHaveCount(14);
  await expect(list.getByText('live', { exact: true })).toHaveCount(2);
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
