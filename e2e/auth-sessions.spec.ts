import { expect, type Page, test } from '@playwright/test';
import { LESSONS, lessonHref } from '../lib/content/lessons';

async function open(page: Page, query = '') {
  await page.goto(`/lessons/auth-sessions${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
}

const wire = (page: Page) => page.getByRole('region', { name: '/secure on the wire' });

test('a token expires while the socket is open; reconnecting re-validates it', async ({ page }) => {
  await open(page, '?tokenTtl=3000');
  await expect(page.getByRole('spinbutton', { name: 'Token TTL (ms)' })).toHaveValue('3000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(wire(page)).toContainText('CONNECT with token');
  await expect(wire(page)).toContainText('CONNECT answered: sid');
  await expect(wire(page)).toContainText('server emits "auth-expired"');
  await expect(wire(page)).toContainText('DISCONNECT (41) from the server');
  await expect(page.getByText('Your /secure socket: disconnected')).toBeVisible();
  const chart = page.getByRole('region', { name: /Socket\.IO namespace \/secure/ });
  await expect(chart.getByText(/Current state:/)).toContainText('disconnected');
  await expect(chart).toContainText('from the server after "auth-expired"');

  await page.getByRole('button', { name: 'Reconnect with the current token' }).click();
  await expect(wire(page)).toContainText('CONNECT_ERROR "token expired"');
  await expect(page.getByText('Your /secure socket: refused')).toBeVisible();

  await page.getByRole('spinbutton', { name: 'Token TTL (ms)' }).fill('600000');
  await page.getByRole('button', { name: 'Refresh token' }).click();
  await page.getByRole('button', { name: 'Reconnect with the current token' }).click();
  await expect(page.getByText('Your /secure socket: connected')).toBeVisible();
});

test('revoked without the fix, room membership lingers; with the fix it does not', async ({
  page,
}) => {
  await open(page);
  await page.getByRole('spinbutton', { name: 'Token TTL (ms)' }).fill('600000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Your /secure socket: connected')).toBeVisible();
  await page.getByRole('button', { name: 'You join ops' }).click();
  await expect(page.getByText(/you: \/secure: ack for "join".*"ok":true/)).toBeVisible();
  await page.getByRole('button', { name: 'Connect a colleague' }).click();
  await expect(page.getByText('Colleague: connected')).toBeVisible();
  await page.getByRole('button', { name: 'Colleague joins ops' }).click();
  await expect(page.getByText(/colleague: \/secure: ack for "join".*"ok":true/)).toBeVisible();

  await page.getByRole('button', { name: 'Revoke (bug: rooms kept)' }).click();
  await expect(page.getByTestId('revoke-result')).toContainText('"roomsKept":["ops"]');
  await expect(wire(page)).toContainText('server emits "revoked"');
  await page.getByRole('button', { name: 'Colleague broadcasts to ops' }).click();
  await expect(
    page.getByText(/colleague: \/secure: ack for "room-chat".*"delivered":2/),
  ).toBeVisible();
  await expect(wire(page).getByText(/the membership lingered/)).toHaveCount(1);

  // The fix, on a fresh token and a fresh connection.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Your /secure socket: connected')).toBeVisible();
  await page.getByRole('button', { name: 'You join ops' }).click();
  await expect(page.getByText(/you: \/secure: ack for "join".*"ok":true/)).toHaveCount(2);
  await page.getByRole('button', { name: 'Revoke (fix: leave rooms)' }).click();
  await expect(page.getByTestId('revoke-result')).toContainText('"roomsLeft":["ops"]');
  await page.getByRole('button', { name: 'Colleague broadcasts to ops' }).click();
  await expect(
    page.getByText(/colleague: \/secure: ack for "room-chat".*"delivered":1/),
  ).toBeVisible();
  await expect(wire(page).getByText(/the membership lingered/)).toHaveCount(1);

  // The server can also end the socket at revocation: a DISCONNECT it sends.
  await page.getByRole('button', { name: 'Revoke and disconnect' }).click();
  await expect(page.getByText('Your /secure socket: disconnected')).toBeVisible();
  await expect(wire(page).getByText('DISCONNECT (41) from the server')).toHaveCount(1);
});

test('a token TTL out of range is refused with a message', async ({ page }) => {
  await open(page);
  await page.getByRole('spinbutton', { name: 'Token TTL (ms)' }).fill('100');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Token TTL' })).toContainText(
    'from 500 to 3600000',
  );
  await expect(page.getByText('Your /secure socket: not started')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Reconnect with the current token' }),
  ).toBeDisabled();
});

test('from the home page: Run proves the first step (the token in CONNECT), then the expiry', async ({
  page,
}) => {
  const lesson = LESSONS.find((l) => l.slug === 'auth-sessions');
  if (!lesson) throw new Error('auth-sessions is not in the registry');
  await page.goto('/');
  await page.locator(`a[href="${lessonHref(lesson)}"]`).click();
  await expect(page).toHaveURL(/\/lessons\/auth-sessions\?tokenTtl=3000/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const step = page.locator('[data-step="token"]');
  await expect(step).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-step="expiry"]')).toHaveAttribute('data-done', 'true');
  await page.getByRole('button', { name: 'Reconnect with the current token' }).click();
  await expect(page.locator('[data-step="revalidate"]')).toHaveAttribute('data-done', 'true');
});
