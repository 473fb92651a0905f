import { expect, type Page, test } from '@playwright/test';

/** Opens the page and waits until the edge has confirmed the link's scenario. */
async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(page.getByTestId('edge-status')).toContainText('Edge applied:');
}

async function expandFaults(page: Page) {
  const summary = page.locator('summary', { hasText: 'Faults and transport' });
  const details = summary.locator('xpath=..');
  if ((await details.getAttribute('open')) === null) {
    await summary.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Network and transport' })).toBeVisible();
}

test('every fault and transport control is a labelled, keyboard-operable form control', async ({
  page,
}) => {
  let mirrors = 0;
  page.on('websocket', (ws) => {
    if (ws.url().includes('/_wirelab/mirror')) mirrors += 1;
  });
  await open(page, '/lab');
  const session = await page.getByText(/^session [0-9a-f]{8}…$/).textContent();
  await expandFaults(page);

  const controls = [
    page.getByRole('combobox', { name: 'Transport', exact: true }),
    page.getByRole('spinbutton', { name: 'Seed', exact: true }),
    page.getByRole('slider', { name: 'Packet loss', exact: true }),
    page.getByRole('spinbutton', { name: 'Latency', exact: true }),
    page.getByRole('spinbutton', { name: 'Jitter', exact: true }),
    page.getByRole('spinbutton', { name: 'Bandwidth', exact: true }),
    page.getByRole('checkbox', { name: 'Blackhole', exact: true }),
    page.getByRole('button', { name: 'Send TCP reset (RST) to open connections', exact: true }),
    page.getByRole('button', { name: 'Clear faults', exact: true }),
    page.getByRole('spinbutton', { name: 'Idle timeout', exact: true }),
    page.getByRole('checkbox', { name: 'Strip Upgrade header', exact: true }),
    page.getByRole('slider', { name: 'Message drop', exact: true }),
    page.getByRole('slider', { name: 'Duplicate', exact: true }),
    page.getByRole('slider', { name: 'Reorder', exact: true }),
    page.getByRole('combobox', { name: 'Fault direction', exact: true }),
  ];
  for (const c of controls) await expect(c).toBeVisible();

  // Packet loss says how it is modelled.
  await expect(page.getByRole('slider', { name: 'Packet loss' })).toHaveAccessibleDescription(
    /retransmission stalls/,
  );

  // Keyboard: arrows change numbers and sliders, Space toggles; the URL follows; values announced.
  const latency = page.getByRole('spinbutton', { name: 'Latency', exact: true });
  await latency.focus();
  await page.keyboard.press('ArrowUp');
  await expect(latency).toHaveValue('1');
  await expect(page).toHaveURL(/[?&]latency=1(&|$)/);

  const loss = page.getByRole('slider', { name: 'Packet loss', exact: true });
  await loss.focus();
  await page.keyboard.press('ArrowRight');
  await expect(loss).toHaveAttribute('aria-valuetext', '0.5 %');
  await expect(page).toHaveURL(/[?&]loss=0\.5(&|$)/);

  const blackhole = page.getByRole('checkbox', { name: 'Blackhole', exact: true });
  await blackhole.focus();
  await page.keyboard.press('Space');
  await expect(blackhole).toBeChecked();
  await expect(page).toHaveURL(/[?&]blackhole=1(&|$)/);
  await page.keyboard.press('Space');
  await expect(blackhole).not.toBeChecked();
  await expect(page).not.toHaveURL(/blackhole=/);

  const seed = page.getByRole('spinbutton', { name: 'Seed', exact: true });
  await seed.fill('99999999999');
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Seed must be an integer from 0 to 4294967295/)).toBeVisible();
  await seed.fill('42');
  await expect(page).toHaveURL(/[?&]seed=42(&|$)/);

  // The edge confirms what the controls set.
  await expect(page.getByTestId('edge-status')).toContainText('Latency 1 ms');
  await expect(page.getByTestId('edge-status')).toContainText('Packet loss 0.5 %');

  // Transport by keyboard: the connection switches in the same session.
  const transport = page.getByRole('combobox', { name: 'Transport', exact: true });
  await expect(transport).toHaveValue('socketio');
  await expect(page.getByTestId('transport-status')).toContainText('open');
  await transport.focus();
  await page.keyboard.press('ArrowUp');
  await expect(transport).toHaveValue('websocket');
  await expect(page).toHaveURL(/[?&]transport=websocket(&|$)/);
  await expect(page.getByTestId('transport-status')).toHaveText('Raw WebSocket: open');
  await expect(
    page.getByRole('button', { name: /Marker "transport → Raw WebSocket"/ }),
  ).toBeVisible();

  // None of this reloaded the page or reopened the mirror: same session, one mirror socket.
  await expect(page.getByText(/^session [0-9a-f]{8}…$/)).toHaveText(session ?? '');
  expect(mirrors).toBe(1);
});

test('message drop 100 % downstream: each echo leaves the node and is drawn dropped at the edge', async ({
  page,
}) => {
  await open(page, '/lab?transport=websocket');
  await expect(page.getByTestId('transport-status')).toHaveText('Raw WebSocket: open');
  await expandFaults(page);
  await page.getByRole('combobox', { name: 'Fault direction' }).selectOption('down');
  const drop = page.getByRole('slider', { name: 'Message drop', exact: true });
  await drop.focus();
  await page.keyboard.press('End');
  await expect(drop).toHaveAttribute('aria-valuetext', '100 %');
  await expect(page.getByTestId('edge-status')).toContainText(
    'Message drop 100 % (server → browser only',
  );

  await page.getByRole('spinbutton', { name: 'Numbered messages' }).fill('5');
  await page.getByRole('button', { name: 'Send numbered' }).click();
  const burst = page.getByTestId('burst');
  await expect(burst).toContainText('all 5 accounted for');
  await expect(burst).toContainText('arrived 0');
  await expect(page.getByTestId('burst-missing')).toHaveText('#1, #2, #3, #4, #5');

  const faults = page.getByRole('region', { name: 'Faults in force' });
  await expect(faults).toContainText('Message drop 100 % · acted 5×');

  // The newest rows are in view: the last echo crossed edge ← node, and was dropped before the browser.
  const diagram = page.getByRole('group', { name: /^Sequence diagram/ });
  const lastDrop = diagram.getByRole('button', {
    name: /Fault drop text "#5": .*Edge to Browser/,
  });
  await expect(lastDrop).toBeVisible();
  await expect(diagram.getByRole('button', { name: /text "#5", Node to Edge/ })).toBeVisible();
  await lastDrop.click();
  const inspector = page.getByRole('region', { name: /Inspector/ });
  await expect(inspector).toContainText('Fault at the edge: drop');
  await expect(inspector).toContainText('left one hop and never crossed the other');
});
