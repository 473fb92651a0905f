/**
 * Another site's page, in the same browser as a learner's open lesson, tries to open a session of
 * its own (cross-site WebSocket hijacking), to drive the learner's session through its lab paths
 * (WebSocket, polling, a form post that would start 50 simulated clients), and fails at each.
 * The "other site" is http://localhost:<port> (the app runs at http://127.0.0.1:<port>): a
 * different site to the browser, and on loopback so no private-network rule gets in the way.
 */
import { expect, type Page, test } from '@playwright/test';

async function learnerSession(page: Page): Promise<string> {
  await page.goto('/lessons/websocket-handshake');
  await expect(page.getByText('Mirror: recording')).toBeVisible();
  const opened = page.waitForEvent('websocket', (ws) => /\/lab\/[0-9a-f]{32}\/ws$/.test(ws.url()));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const url = (await opened).url();
  return /\/lab\/([0-9a-f]{32})\//.exec(url)?.[1] ?? '';
}

test('a cross-site page can neither open a session nor use the learner’s', async ({
  page,
  context,
  baseURL,
}) => {
  const session = await learnerSession(page);
  expect(session).toMatch(/^[0-9a-f]{32}$/);
  const app = new URL(baseURL ?? '');
  const evilOrigin = `http://localhost:${app.port}`;
  const evil = await context.newPage();
  await evil.route(`${evilOrigin}/evil`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }),
  );
  await evil.goto(`${evilOrigin}/evil`);

  const results = await evil.evaluate(
    async ({ target, session }) => {
      const ws = (url: string) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => {
            socket.close();
            resolve('open');
          };
          socket.onclose = (event) => resolve(`closed ${event.code}`);
        });
      const wsTarget = target.replace(/^http/, 'ws');
      const mirror = await ws(`${wsTarget}/_wirelab/mirror`);
      const lab = await ws(`${wsTarget}/lab/${session}/ws`);
      // A form post cannot be read cross-site, but it would act: the learner's page checks below.
      await fetch(`${target}/lab/${session}/clients?n=50`, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        body: 'n=50',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }).catch(() => null);
      const polling = await fetch(`${target}/lab/${session}/socket.io/?EIO=4&transport=polling`, {
        credentials: 'include',
      }).then(
        (res) => `status ${res.status}`,
        () => 'blocked',
      );
      return { mirror, lab, polling };
    },
    { target: app.origin, session },
  );
  expect(results.mirror).toBe('closed 1006');
  expect(results.lab).toBe('closed 1006');
  // No CORS headers: the browser never hands the body to the other site.
  expect(results.polling).toBe('blocked');

  // The learner's own page still works and no simulated client was started by the form post.
  const clients = await page.evaluate(async (id) => {
    const res = await fetch(`/lab/${id}/clients`);
    return { status: res.status, body: (await res.json()) as { clients: unknown[] } };
  }, session);
  expect(clients.status).toBe(200);
  expect(clients.body.clients).toEqual([]);

  // The refused page learns why: the admission check names the origin rule.
  const why = await evil.evaluate(async (target) => {
    const res = await fetch(`${target}/_wirelab/admission`).catch(() => null);
    return res === null ? 'blocked' : `status ${res.status}`;
  }, app.origin);
  expect(why).toBe('blocked'); // cross-origin read: no CORS, so even the reason stays private
});

test('a lab request without the learner’s key is refused with 403 naming the cookie', async ({
  page,
  request,
}) => {
  const session = await learnerSession(page);
  const res = await request.get(`/lab/${session}/stream`);
  expect(res.status()).toBe(403);
  expect(await res.text()).toContain('wl_key');
});
