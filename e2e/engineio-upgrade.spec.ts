import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

/** The lesson's toggles live with the faults, in the collapsible settings. */
async function openFaults(page: Page) {
  const details = page.locator('details').filter({ has: page.getByText('Faults and transport:') });
  if ((await details.getAttribute('open')) === null) {
    await page.getByText('Faults and transport:').click();
  }
}

test('from the home page: Run shows the polling handshake and the first step is seen', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('a[href^="/lessons/engineio-upgrade"]').first().click();
  await expect(page).toHaveURL(/\/lessons\/engineio-upgrade$/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(step(page, 'handshake')).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 'handshake')).toHaveAttribute('data-done', 'true');
  for (const id of ['connect', 'probe', 'upgrade'])
    await expect(step(page, id)).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'websocket-only')).toHaveAttribute('data-done', 'false');
});

test('Run shows the polling handshake, the probe and the upgrade, and counts round trips', async ({
  page,
}) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const handshake = page.getByRole('region', { name: 'Polling handshake', exact: true });
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
  // Parallel exchanges share a round trip: the count is the deepest round listed, not the rows.
  const rounds = (await roundTrips.getByRole('listitem').allTextContents()).flatMap((t) => {
    const m = /^round trip (\d+):/.exec(t);
    return m ? [Number(m[1])] : [];
  });
  expect(rounds.length).toBeGreaterThan(0);
  await expect(roundTrips.getByTestId('round-trips')).toHaveText(String(Math.max(...rounds)));

  const messages = page.getByRole('region', { name: 'Application messages and their transport' });
  await expect(messages.getByText(/"chat"/).first()).toBeVisible();

  // Download capture: a JSON file of the session's raw records (bytes as base64), dissected by the
  // page's worker from the mirror's binary batches.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download capture' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^wirelab-[0-9a-f]{32}\.json$/);
  const path = await download.path();
  const capture = JSON.parse(await readFile(path, 'utf8')) as {
    format: string;
    version: number;
    session: string;
    exportedAt: string;
    records: { kind: string; hop?: string; data?: string; event?: { kind: string } }[];
  };
  expect(download.suggestedFilename()).toBe(`wirelab-${capture.session}.json`);
  expect(capture).toMatchObject({ format: 'wirelab-capture', version: 2 });
  const bytes = capture.records.filter((r) => r.kind === 'bytes');
  const heads = bytes.map((r) => Buffer.from(r.data ?? '', 'base64').toString('latin1'));
  expect(heads.some((h) => /^GET \/lab\/[0-9a-f]{32}\/socket\.io\/\?EIO=4/.test(h))).toBe(true);
  expect(capture.records.some((r) => r.kind === 'event' && r.event?.kind === 'conn-open')).toBe(
    true,
  );

  // The same capture as pcapng: a Section Header Block first (Wireshark's own file format).
  await page.getByRole('combobox', { name: 'Capture format' }).selectOption('pcapng');
  const pcapPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download capture' }).click();
  const pcap = await pcapPromise;
  expect(pcap.suggestedFilename()).toBe(`wirelab-${capture.session}.pcapng`);
  const pcapBytes = await readFile(await pcap.path());
  expect(pcapBytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
});

test('Run a second time opens a fresh Socket.IO session in the same page', async ({ page }) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  const firstTitle = (await chart.getByRole('heading').textContent()) ?? '';
  await page.getByRole('button', { name: 'Run', exact: true }).click();
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
  const handshake = page.getByRole('region', { name: 'Polling handshake', exact: true });
  await expect(handshake.getByRole('row', { name: /^transport websocket/ })).toBeVisible();
  await expect(handshake.getByRole('row', { name: /^sid "[^"]+"/ })).toBeVisible();
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  await expect(step(page, 'websocket-only')).toHaveAttribute('data-done', 'true');
  const milestones = page.getByRole('region', { name: 'The upgrade, packet by packet' });
  const probe = milestones
    .getByRole('listitem')
    .filter({ has: page.getByText('2probe', { exact: true }) });
  await expect(probe).toHaveAttribute('data-seen', 'no');
  await expect(
    page.getByRole('region', { name: 'Round trips before the first message' }),
  ).toContainText('before the first message arrived');
});

test('Strip Upgrade header: Socket.IO stays on polling and messages still arrive; packet loss stalls; the link carries both', async ({
  page,
  browser,
}) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByTestId('edge-status')).toContainText('Edge applied:');
  await openFaults(page);
  const toggles = page.getByRole('region', { name: 'Failure toggles' });
  await expect(toggles).toContainText(
    'This lesson applies to: Socket.IO (polling, then upgrade); Socket.IO, WebSocket only; Socket.IO, polling only.',
  );
  const strip = toggles.getByRole('checkbox', { name: 'Strip Upgrade header' });
  await strip.focus();
  await page.keyboard.press('Space');
  await expect(strip).toBeChecked();
  await expect(page.getByTestId('edge-status')).toContainText(
    'Edge applied: Strip Upgrade header.',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const delivered = page.getByTestId('delivered');
  await expect(delivered).toContainText('upgrade probe failed 1×');
  await expect(delivered).toContainText(
    /run 1: [1-9]\d* messages? delivered over polling, 0 over WebSocket/,
  );
  await expect(step(page, 'blocked')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'polling-messages')).toHaveAttribute('data-done', 'true');
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('polling');
  await expect(chart.getByText(/Current state:/)).not.toContainText('websocket');
  const probe = page
    .getByRole('region', { name: 'The upgrade, packet by packet' })
    .getByRole('listitem')
    .filter({ has: page.getByText('2probe', { exact: true }) });
  await expect(probe).toHaveAttribute('data-seen', 'no');
  const runs = page.getByRole('table', { name: 'Runs side by side' });
  await expect(runs.getByRole('row', { name: /^run 1 / })).toContainText('yes (Upgrade stripped)');
  await expect(page.getByRole('region', { name: 'Faults in force' })).toContainText(
    /Strip Upgrade header · acted [1-9]\d*×/,
  );
  // Messages keep flowing over polling after the failed probe.
  await page.getByRole('button', { name: 'Emit chat' }).click();
  await expect(
    page
      .getByRole('region', { name: 'Application messages and their transport' })
      .getByText(/"hello again"/)
      .first(),
  ).toBeVisible();

  // Packet loss: lost segments are retransmitted, so the traffic stalls instead of losing data.
  await page.getByRole('slider', { name: 'Packet loss', exact: true }).fill('50');
  await expect(page.getByTestId('edge-status')).toContainText(
    'Edge applied: Packet loss 50 %, Strip Upgrade header (seed 1).',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runs.getByRole('row', { name: /^run 2 / })).toContainText('yes (Upgrade stripped)');
  await expect(page.getByRole('region', { name: 'Faults in force' })).toContainText(
    /Packet loss 50 % · acted [1-9]\d*×/,
  );
  await expect(page.getByTestId('delivered')).toContainText(
    /[1-9]\d* messages? delivered over polling/,
  );

  // A colleague opening the copied link gets the same scenario.
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = new URL(await page.getByRole('textbox', { name: 'Scenario link' }).inputValue());
  expect(Object.fromEntries(link.searchParams)).toEqual({ loss: '50', strip: '1' });
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(`${link.pathname}${link.search}`);
  await expect(other.getByTestId('edge-status')).toContainText(
    'Edge applied: Packet loss 50 %, Strip Upgrade header (seed 1).',
  );
  await openFaults(other);
  await expect(
    other.getByRole('region', { name: 'Failure toggles' }).getByRole('checkbox', {
      name: 'Strip Upgrade header',
    }),
  ).toBeChecked();
  await expect(other.getByRole('slider', { name: 'Packet loss', exact: true })).toHaveValue('50');
  await context.close();
});

test('switching the transport while connected starts a new run, and the runs sit side by side', async ({
  page,
}) => {
  await page.goto('/lessons/engineio-upgrade');
  await expect(page.getByTestId('edge-status')).toContainText('Edge applied:');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const chart = page.getByRole('region', { name: /Engine\.IO transport/ });
  await expect(chart.getByText(/Current state:/)).toContainText('websocket');
  await openFaults(page);
  await page
    .getByRole('region', { name: 'Failure toggles' })
    .getByRole('combobox', { name: 'Transport' })
    .selectOption('socketio-websocket');
  await expect(page).toHaveURL(/[?&]transport=socketio-websocket(&|$)/);
  const runs = page.getByRole('table', { name: 'Runs side by side' });
  const first = runs.getByRole('row', { name: /^run 1 / });
  const second = runs.getByRole('row', { name: /^run 2 / });
  await expect(first).toContainText('Socket.IO (polling, then upgrade)');
  await expect(second).toContainText('Socket.IO, WebSocket only');
  await expect(first.getByRole('cell').nth(2)).toHaveText(/^\d+$/);
  await expect(second.getByRole('cell').nth(2)).toHaveText(/^\d+$/);
  await expect(second).toContainText('0 / ');
});
