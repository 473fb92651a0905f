import { expect, type Page, test } from '@playwright/test';

async function openLesson(page: Page, query = '?pingInterval=1000&pingTimeout=1000') {
  await page.goto(`/lessons/heartbeat${query}`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
}

async function openFaults(page: Page) {
  const details = page.locator('details').filter({ has: page.getByText('Faults and transport:') });
  if ((await details.getAttribute('open')) === null) {
    await page.getByText('Faults and transport:').click();
  }
}

const step = (page: Page, id: string) => page.locator(`[data-step="${id}"]`);

const serverSummary = (page: Page) => page.getByRole('status', { name: /^Server's heartbeat/ });
const browserSummary = (page: Page) => page.getByRole('status', { name: /^Browser's heartbeat/ });
const appSummary = (page: Page) => page.getByRole('status', { name: /^Page's app-level/ });
const timeline = (page: Page, who: RegExp) =>
  page.getByRole('region', { name: new RegExp(`^Timeline: ${who.source}`) });
const apiLog = (page: Page) => page.getByRole('region', { name: /What the page’s JavaScript saw/ });

async function count(_page: Page, summary: ReturnType<typeof serverSummary>, what: RegExp) {
  const text = (await summary.textContent()) ?? '';
  return Number(what.exec(text)?.[1] ?? Number.NaN);
}

test('from the home page: Run shows pings and pongs and the first step is seen', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('a[href^="/lessons/heartbeat"]').first().click();
  await expect(page).toHaveURL(/\/lessons\/heartbeat\?pingInterval=1000&pingTimeout=1000$/);
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  await expect(step(page, 'pings')).toHaveAttribute('data-done', 'false');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step(page, 'pings')).toHaveAttribute('data-done', 'true');
});

test('Socket.IO through a blackhole: pong deadline expires, server closes, client reconnects', async ({
  page,
}) => {
  await openLesson(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(browserSummary(page)).toContainText(/[1-9]\d* pings on the current one/);
  await expect(serverSummary(page)).toContainText(/[1-9]\d* pongs/);

  await openFaults(page);
  await page.getByRole('checkbox', { name: 'Blackhole' }).check();
  await expect(timeline(page, /Server's/)).toContainText('pongOverdue');
  await expect(serverSummary(page)).toContainText(/[1-9]\d* closes after a missed deadline/);
  await expect(timeline(page, /Server's/)).toContainText('→ closed');
  // The client gives up when no ping came for pingInterval + pingTimeout: the browser's chart
  // closes (its ping deadline and the client's close can fall in the same millisecond) and the
  // next handshake is the reconnect.
  await expect(timeline(page, /Browser's/)).toContainText(/→ closed/);
  await expect(timeline(page, /Browser's/)).toContainText('reconnecting');
  await expect(apiLog(page)).toContainText('disconnect: "ping timeout"');
  await expect(apiLog(page)).toContainText('reconnect attempt');
  await expect(step(page, 'deadline')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'reconnect')).toHaveAttribute('data-done', 'false');

  await page.getByRole('checkbox', { name: 'Blackhole' }).uncheck();
  await expect(page.getByRole('status', { name: 'Client state' })).toContainText('connected');
  await expect(step(page, 'reconnect')).toHaveAttribute('data-done', 'true');
  await expect(browserSummary(page)).toContainText(/[1-9]\d* pings on the current one/);
});

test('idle timeout 3 s: a 5 s ping interval gets closed by the proxy, a 1 s interval survives', async ({
  page,
}) => {
  await openLesson(page, '?pingInterval=5000&pingTimeout=5000&idle=3&transport=socketio-websocket');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Idle close count' })).toContainText(
    /closed by the proxy's idle timeout/,
  );
  await expect(page.getByRole('region', { name: 'Idle closes' })).toContainText(
    /websocket\): closed by the \w+ after 3\.\d\d s without a byte/,
  );
  await expect(step(page, 'idle')).toHaveAttribute('data-done', 'true');

  await openFaults(page);
  const knob = page.getByLabel('Ping interval (ms)');
  await knob.fill('1000');
  await knob.press('Enter');
  // Once a connection made with the new value has pinged twice, it must reach 6 pings without a
  // new connection: 5 s of traffic on a proxy that kills 3 s of silence.
  await expect(browserSummary(page)).toContainText(/([2-9]|\d\d+) pings on the current one/, {
    timeout: 30_000,
  });
  const connections = await count(page, browserSummary(page), /(\d+) connections/);
  await expect(browserSummary(page)).toContainText(/([6-9]|\d\d+) pings on the current one/);
  expect(await count(page, browserSummary(page), /(\d+) connections/)).toBe(connections);
});

test('raw WebSocket through a blackhole: server closes on the missed pong, the app heartbeat reconnects', async ({
  page,
}) => {
  await openLesson(page, '?pingInterval=1000&pingTimeout=1000&transport=websocket');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(serverSummary(page)).toContainText(/[1-9]\d* pongs/);
  await expect(appSummary(page)).toContainText(/[1-9]\d* acked/);
  await expect(step(page, 'app')).toHaveAttribute('data-done', 'true');

  await openFaults(page);
  await page.getByRole('checkbox', { name: 'Blackhole' }).check();
  // No deadline is announced on a raw WebSocket: the server's close frame is what moves the chart.
  await expect(timeline(page, /Server's/)).toContainText(/pongOverdue \(PONG_TIMEOUT\)/);
  await expect(serverSummary(page)).toContainText(/[1-9]\d* closes after a missed deadline/);
  await expect(timeline(page, /Page's/)).toContainText('reconnecting');
  await expect(apiLog(page)).toContainText('the page gives up on this connection and reconnects');
  await expect(step(page, 'deadline')).toHaveAttribute('data-done', 'true');
  await expect(step(page, 'gives-up')).toHaveAttribute('data-done', 'true');
});

test('a ping interval out of range is refused with the allowed range', async ({ page }) => {
  await openLesson(page);
  await openFaults(page);
  const knob = page.getByLabel('Ping interval (ms)');
  await knob.fill('100');
  await knob.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'refused' })).toContainText(
    'refused; an integer from 500 to 120000',
  );
  await expect(page).toHaveURL(/pingInterval=1000/);
});
