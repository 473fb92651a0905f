import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';

test('Run shows the polling handshake, the probe and the upgrade, and counts round trips', async ({
  page,
}) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const handshake = page.getByRole('region', { name: 'Polling handshake' });
  await expect(handshake.getByText('GET', { exact: true })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^EIO 4/ })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^transport polling/ })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^sid "[^"]+"/ })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^upgrades \["websocket"\]/ })).toBeVisible();

  const milestones = page.getByRole('region', { name: 'The upgrade, packet by packet' });
  for (const wire of ['40', '2probe', '3probe', '5']) {
    const item = milestones
      .getByRole('listitem')
      .filter({ has: page.getByText(wire, { exact: true }) });
    await expect(item).toHaveAttribute('data-seen', 'yes');
  }

  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');

  const roundTrips = page.getByRole('region', { name: 'Round trips before the first message' });
  await expect(roundTrips.getByTestId('round-trips')).toHaveText(/^\d+$/);
  await expect(roundTrips).toContainText('before the first message arrived');

  const messages = page.getByRole('region', { name: 'Application messages and their transport' });
  await expect(messages.getByText(/"chat"/).first()).toBeVisible();

  // Download capture: a JSON file of the session's events with raw bytes.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download capture' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^wirelab-[0-9a-f]{32}\.json$/);
  const path = await download.path();
  const capture = JSON.parse(await readFile(path, 'utf8')) as {
    session: string;
    exportedAt: string;
    events: { kind: string; seq: number; raw?: string }[];
  };
  expect(download.suggestedFilename()).toBe(`wirelab-${capture.session}.json`);
  expect(capture.events.length).toBeGreaterThan(10);
  expect(capture.events.some((e) => e.kind === 'http-request' && typeof e.raw === 'string')).toBe(
    true,
  );
});

test('Run again opens a fresh Socket.IO session in the same page', async ({ page }) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  const firstTitle = (await chart.getByRole('heading').textContent()) ?? '';
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByRole('combobox', { name: 'Run shown' })).toHaveValue('run 2');
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  await expect(chart.getByRole('heading')).not.toHaveText(firstTitle);
});

test('a link with transport=socketio-websocket skips polling: the handshake is the WebSocket itself', async ({
  page,
}) => {
  await page.goto('/lessons/engineio-upgrade?transport=socketio-websocket');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const handshake = page.getByRole('region', { name: 'Polling handshake' });
  await expect(handshake.getByRole('row', { name: /^transport websocket/ })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^sid "[^"]+"/ })).toBeVisible();
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  const milestones = page.getByRole('region', { name: 'The upgrade, packet by packet' });
  const probe = milestones
    .getByRole('listitem')
    .filter({ has: page.getByText('2probe', { exact: true }) });
  await expect(probe).toHaveAttribute('data-seen', 'no');
  await expect(
    page.getByRole('region', { name: 'Round trips before the first message' }),
  ).toContainText('before the first message arrived');
});
