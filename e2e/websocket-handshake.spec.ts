import { expect, type Page, test } from '@playwright/test';

async function openLesson(page: Page) {
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
}

function statechart(page: Page) {
  return page.getByRole('region', { name: /WebSocket connection/ });
}

test('Run shows the real upgrade request, the 101, the open state and the Accept match', async ({
  page,
}) => {
  await openLesson(page);
  await page.getByRole('checkbox', { name: 'Close with 1000 after the echoes' }).uncheck();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const request = page.getByRole('table', { name: /Upgrade request/ });
  await expect(
    request.getByRole('cell', { name: /^GET \/lab\/[0-9a-f]{32}\/ws HTTP\/1\.1$/ }),
  ).toBeVisible();
  await expect(request.getByRole('row', { name: /^Upgrade websocket/ })).toBeVisible();
  await expect(request.getByRole('row', { name: /^Sec-WebSocket-Key / })).toBeVisible();

  const response = page.getByRole('table', { name: /Response/ });
  await expect(
    response.getByRole('cell', { name: 'HTTP/1.1 101 Switching Protocols' }),
  ).toBeVisible();
  await expect(response.getByRole('row', { name: /^Sec-WebSocket-Accept / })).toBeVisible();

  await expect(page.getByText('✓ match')).toBeVisible();
  await expect(statechart(page).getByText(/Current state:/)).toContainText('open');
  await expect(statechart(page).getByRole('img')).toHaveAttribute('aria-label', /Current: open\./);
  await expect(page.getByRole('status').filter({ hasText: 'Your WebSocket:' })).toHaveText(/OPEN/);

  // Select the browser's masked text frame: the inspector annotates every header field.
  await page.getByRole('button', { name: /text "hello", Browser to Edge/ }).click();
  const inspector = page.getByRole('region', { name: /Inspector/ });
  const field = (name: string) =>
    inspector.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(field('FIN')).toContainText('1');
  await expect(field('opcode')).toContainText('0x1 text');
  await expect(field('MASK')).toContainText('1');
  await expect(field('payload length')).toContainText('5 bytes (7-bit)');
  await expect(field('masking key')).toContainText(/([0-9a-f]{2} ){3}[0-9a-f]{2}/);
  await expect(field('payload text')).toContainText('"hello"');

  // Scrub back to the start: the state is the fold of the events up to the cursor.
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(statechart(page).getByText(/Current state:/)).toContainText('idle');
  const stepForward = page.getByRole('button', { name: /Step forward/ });
  for (let i = 0; i < 10; i++) {
    const text = await statechart(page)
      .getByText(/Current state:/)
      .textContent();
    if (text?.includes('handshake')) break;
    await stepForward.click();
  }
  await expect(statechart(page).getByText(/Current state:/)).toContainText('handshake');

  // Back to live, close with 1000: the chart follows the close handshake to the end.
  await page.getByRole('button', { name: /Go live/ }).click();
  await page.getByRole('button', { name: 'Close (1000)' }).click();
  await expect(statechart(page).getByText(/Current state:/)).toContainText('closed');
  await expect(statechart(page)).toContainText('close code 1000');

  // Run again: a second connection in the same session.
  await page.getByRole('checkbox', { name: 'Close with 1000 after the echoes' }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const connection = page.getByRole('combobox', { name: 'Connection' });
  await expect(connection.getByRole('option')).toHaveCount(2);
  await expect(statechart(page).getByText(/Current state:/)).toContainText('closed');
  await expect(page.getByText('✓ match')).toBeVisible();
});

test('arrows are keyboard operable', async ({ page }) => {
  await openLesson(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: /WebSocket connection/ })).toContainText('closed');
  // One arrow is the diagram's tab stop; arrow keys, Home and End move the selection and focus.
  const diagram = page.getByRole('group', { name: /^Sequence diagram/ });
  const tabStop = diagram.locator('[role="button"][tabindex="0"]');
  await tabStop.focus();
  await page.keyboard.press('Home');
  const selected = diagram.locator('[role="button"][aria-pressed="true"]');
  await expect(selected).toHaveAttribute('aria-label', /Marker "run 1"/);
  await expect(selected).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-label', /TCP open, Browser to Edge/);
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-label', /GET …\/ws Upgrade, Browser to Edge/);
  await expect(selected).toBeFocused();
  await expect(page.getByRole('region', { name: /Inspector/ })).toContainText('request line');
});

test('wrong Sec-WebSocket-Version: the node answers 426 with the version it speaks; JavaScript sees 1006', async ({
  page,
}) => {
  await openLesson(page);
  // The lesson's own faults sit with the others, in the one faults panel.
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  const toggles = page.getByRole('region', { name: 'Failure toggles' });
  await toggles.getByRole('combobox', { name: 'Sec-WebSocket-Version' }).selectOption('8');
  await expect(page).toHaveURL(/[?&]wsVersion=8(&|$)/);
  await expect(page.getByTestId('edge-status')).toContainText(
    'Edge applied: Sec-WebSocket-Version rewritten to 8.',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const outcome = page.getByRole('region', { name: 'On the wire and in JavaScript' });
  await expect(outcome.getByTestId('edge-changes')).toHaveText('Sec-WebSocket-Version: 13 → 8');
  await expect(outcome.getByTestId('node-status')).toHaveText('426 Upgrade Required');
  await expect(outcome.getByTestId('browser-status')).toHaveText('426 Upgrade Required');
  const nodeAnswer = outcome.getByRole('table', { name: /The node’s answer/ });
  const version = nodeAnswer.getByRole('row', { name: /^Sec-WebSocket-Version 13/ });
  await expect(version).toHaveAttribute('data-emphasis', 'yes');
  // The browser hop carries the same answer; the browser's API reports none of it.
  const response = page.getByRole('table', { name: /^Response/ });
  await expect(response.getByRole('cell', { name: 'HTTP/1.1 426 Upgrade Required' })).toBeVisible();
  await expect(response.getByRole('row', { name: /^Sec-WebSocket-Version 13/ })).toBeVisible();
  await expect(outcome.getByTestId('api-result')).toHaveText(
    'an error event, then close code 1006, wasClean false',
  );
  await expect(page.getByText(/no Sec-WebSocket-Accept: the answer was 426/)).toBeVisible();
});

test('a foreign Origin gets 403 and a stripped Upgrade gets 426 from the node; both are 1006 in JavaScript', async ({
  page,
}) => {
  await page.goto('/lessons/websocket-handshake?foreignOrigin=1');
  await expect(page.getByTestId('edge-status')).toContainText('Origin rewritten to a foreign site');
  await expect(page.getByRole('checkbox', { name: 'Foreign Origin' })).toBeChecked();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const outcome = page.getByRole('region', { name: 'On the wire and in JavaScript' });
  await expect(outcome.getByTestId('node-status')).toHaveText('403 Forbidden');
  await expect(outcome.getByTestId('edge-changes')).toContainText('→ http://foreign.example');
  await expect(outcome.getByTestId('api-result')).toContainText('close code 1006');

  await page.getByRole('checkbox', { name: 'Foreign Origin' }).uncheck();
  await page.getByRole('checkbox', { name: 'Strip Upgrade header' }).check();
  await expect(page.getByTestId('edge-status')).toContainText(
    'Edge applied: Strip Upgrade header.',
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Connection' }).getByRole('option')).toHaveCount(
    2,
  );
  await expect(outcome.getByTestId('edge-changes')).toContainText('Upgrade: websocket → removed');
  await expect(outcome.getByTestId('node-status')).toHaveText('426 Upgrade Required');
  await expect(outcome.getByTestId('api-result')).toContainText('close code 1006');
});
