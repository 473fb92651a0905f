import { expect, type Page, test } from '@playwright/test';

async function connect(page: Page, query = '') {
  await page.goto(`/lessons/socketio-stack${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Namespace /: connected')).toBeVisible();
}

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

test('from the home page: Run emits once and the first step is seen', async ({ page }) => {
  await page.goto('/');
  await page.locator('a[href^="/lessons/socketio-stack"]').first().click();
  await expect(page).toHaveURL(/\/lessons\/socketio-stack$/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(step(page, 'emit')).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 'emit')).toHaveAttribute('data-done', 'true');
  const layers = page.getByRole('region', { name: 'One emit, layer by layer', exact: true });
  await expect(layers.getByTestId('eio-packet')).toHaveText('42["chat",{"msg":"hello"}]');
  await expect(step(page, 'ack')).toHaveAttribute('data-done', 'false');
});

const seen = (page: Page, region: string, name: string) =>
  page.getByRole('region', { name: region }).getByRole('listitem', { name: `${name} seen` });

test('an emit with an ack is traced down the layers and acked with the same id', async ({
  page,
}) => {
  await connect(page);
  await page.getByRole('button', { name: 'Emit chat (with ack)' }).click();
  const layers = page.getByRole('region', { name: 'One emit, layer by layer', exact: true });
  // socket.io-client 4.8 numbers acks from 0: the first emit with an ack carries id 0.
  await expect(layers.getByTestId('sio-packet')).toHaveText('20["chat",{"msg":"hello"}]');
  await expect(layers.getByTestId('eio-packet')).toHaveText('420["chat",{"msg":"hello"}]');
  await expect(layers).toContainText('the tap sees socket reads, not TCP segments');
  await expect(layers.getByTestId('byte-split')).toContainText('your data15 B');
  await expect(seen(page, 'Socket.IO packet types seen', 'ACK')).toContainText(/— 30\[\{"ok":true/);
  await expect(seen(page, 'Socket.IO packet types seen', 'EVENT')).toBeVisible();
  await expect(step(page, 'ack')).toHaveAttribute('data-done', 'true');
  await expect(seen(page, 'Engine.IO packet types seen', 'open')).toContainText('0{"sid"');
  await expect(seen(page, 'Engine.IO packet types seen', 'message')).toBeVisible();
  // Default transports: the upgrade happens on this page.
  await expect(seen(page, 'Engine.IO packet types seen', 'upgrade')).toBeVisible();
  const envelope = page.getByRole('region', { name: 'Envelope bytes per message, measured' });
  await expect(envelope.getByTestId('envelope-range')).toContainText('per packet');
  const chart = page.getByRole('region', { name: /Socket\.IO namespace \// });
  await expect(chart.getByText(/Current state:/)).toContainText('connected');
});

test('/admin without a token is refused with CONNECT_ERROR, with the token it connects', async ({
  page,
}) => {
  await connect(page);
  await page.getByRole('button', { name: 'Join /admin without a token' }).click();
  await expect(page.getByText('Namespace /admin: refused')).toBeVisible();
  await expect(step(page, 'namespace')).toHaveAttribute('data-done', 'true');
  await expect(seen(page, 'Socket.IO packet types seen', 'CONNECT_ERROR')).toContainText(
    '4/admin,{"message":"not authorized"}',
  );
  await page.getByRole('button', { name: 'Join /admin with the token' }).click();
  await expect(page.getByText('Namespace /admin: connected')).toBeVisible();
  await page.getByRole('button', { name: 'Emit chat on /admin' }).click();
  const layers = page.getByRole('region', { name: 'One emit, layer by layer', exact: true });
  await expect(layers.getByTestId('eio-packet')).toHaveText(/^42\/admin,\d+\["chat",/);
});

test('binary: BINARY_EVENT with a placeholder, an attachment and a BINARY_ACK; disconnect', async ({
  page,
}) => {
  await connect(page, '?transport=socketio-websocket');
  await page.getByRole('button', { name: 'Emit binary' }).click();
  await expect(seen(page, 'Socket.IO packet types seen', 'BINARY_EVENT')).toContainText(
    '"_placeholder":true,"num":0',
  );
  await expect(seen(page, 'Socket.IO packet types seen', 'binary attachment')).toBeVisible();
  await expect(seen(page, 'Socket.IO packet types seen', 'BINARY_ACK')).toBeVisible();
  await expect(step(page, 'binary')).toHaveAttribute('data-done', 'true');
  await page.getByRole('button', { name: 'Disconnect /' }).click();
  await expect(seen(page, 'Socket.IO packet types seen', 'DISCONNECT')).toContainText('1');
});

test('polling only (switched live): the transport is an HTTP POST far larger than the envelope', async ({
  page,
}) => {
  await connect(page);
  await expect(page.getByText(/Namespace \/: connected · transport websocket/)).toBeVisible();
  await page.locator('summary', { hasText: 'Faults and transport' }).click();
  await page
    .getByRole('combobox', { name: 'Transport', exact: true })
    .selectOption('socketio-polling');
  await expect(page.getByText(/Namespace \/: connected · transport polling/)).toBeVisible();
  await page.getByRole('button', { name: 'Emit chat (with ack)' }).click();
  const layers = page.getByRole('region', { name: 'One emit, layer by layer', exact: true });
  await expect(layers.getByTestId('transport-note')).toContainText('POST');
  const split = (await layers.getByTestId('byte-split').textContent()) ?? '';
  const sio = Number(/Socket\.IO envelope(\d+) B/.exec(split)?.[1]);
  const transport = Number(/transport(\d+) B/.exec(split)?.[1]);
  expect(transport).toBeGreaterThan(5 * sio);
  await page.getByRole('button', { name: 'Disconnect /' }).click();
  await expect(seen(page, 'Engine.IO packet types seen', 'close')).toBeVisible();
});

test('a short ping interval shows ping and pong', async ({ page }) => {
  await connect(page, '?pingInterval=1000&transport=socketio-websocket');
  await expect(seen(page, 'Engine.IO packet types seen', 'ping')).toContainText('2');
  await expect(seen(page, 'Engine.IO packet types seen', 'pong')).toContainText('3');
});

test('a plain WebSocket gets the open packet, its hello is not Engine.IO, and no EIO fails', async ({
  page,
}) => {
  await page.goto('/lessons/socketio-stack');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await page.getByRole('button', { name: 'Plain WebSocket with EIO=4' }).click();
  const withEio = page.getByRole('region', { name: 'Plain WebSocket with EIO=4' });
  await expect(withEio.getByText(/← server text frame "0\{\\"sid\\"/)).toBeVisible();
  await expect(withEio.getByText(/browser → text frame "hello"/)).toBeVisible();
  await expect(
    withEio.getByText(/closed by the server|← server close frame/).first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Plain WebSocket without EIO' }).click();
  const without = page.getByRole('region', { name: 'Plain WebSocket without the EIO query' });
  await expect(without.getByText(/← server HTTP 400/)).toBeVisible();
  await expect(step(page, 'plain-ws')).toHaveAttribute('data-done', 'true');
});
