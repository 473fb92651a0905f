/**
 * SIGTERM on one instance behind the balancer: its open page is told, new sessions and pages go to
 * the other instance (nginx retries the draining one's 503), the open session's lab traffic is still
 * served by its owner, and the instance exits (code 0) once that session has ended.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { ServerMessage } from '../lib/mirror/protocol';
import { clusterInfo } from './cluster';
import { type LbMirror, openMirror } from './lb-client';

const cluster = clusterInfo();
const base = cluster.url;
const mirrors: LbMirror[] = [];

test.afterAll(async () => {
  for (const mirror of mirrors.splice(0)) await mirror.close();
});

test('SIGTERM drains one instance: page told, new work goes to the other, exit after its session ends', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const [draining, staying] = cluster.instances;
  if (draining === undefined || staying === undefined) throw new Error('two instances expected');

  // A session on the instance that will drain (round robin: at most two tries).
  let owned: LbMirror | undefined;
  for (let i = 0; i < 4 && owned === undefined; i++) {
    const mirror = await openMirror(base);
    mirrors.push(mirror);
    if (mirror.session.startsWith(draining.routeKey)) owned = mirror;
  }
  if (owned === undefined) throw new Error(`no session landed on ${draining.routeKey}`);
  for (const other of mirrors.filter((m) => m !== owned)) await other.close();
  // And a real page whose session is on it (opened on the instance itself, to choose which).
  await page.goto(`${draining.url}/lessons/websocket-handshake`);
  await expect(page.getByText('Mirror: recording')).toBeVisible();

  process.kill(draining.pid, 'SIGTERM');

  const told = (await owned.waitFor('draining')) as Extract<ServerMessage, { type: 'draining' }>;
  expect(told.message).toMatch(/shutting down/);
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /^Server restarting: this server is shutting down/ }),
  ).toBeVisible();

  // New sessions, and pages, all go to the other instance now.
  for (let i = 0; i < 4; i++) {
    const mirror = await openMirror(base);
    mirrors.push(mirror);
    expect(mirror.session.startsWith(staying.routeKey)).toBe(true);
    await mirror.close();
    const lessons = await fetch(`${base}/lessons`);
    expect(lessons.status).toBe(200);
  }
  // The draining instance itself refuses them, saying why.
  const direct = await fetch(`${draining.url}/lessons`);
  expect(direct.status).toBe(503);
  expect(direct.headers.get('retry-after')).not.toBeNull();
  expect(await direct.text()).toMatch(/server is draining/);

  // The open session is still served by its owner, through the balancer.
  const lab = await fetch(`${base}${owned.labBase}/config`, {
    headers: { ...owned.headers, origin: base },
  });
  expect(lab.status).toBe(200);

  // The pages leave: their sessions end (after the session grace), and the instance exits cleanly.
  await page.goto('about:blank');
  await owned.close();
  await expect.poll(() => existsSync(draining.exitFile), { timeout: 60_000 }).toBe(true);
  expect(readFileSync(draining.exitFile, 'utf8')).toBe('0');
  expect(readFileSync(draining.log, 'utf8')).toContain('drained: every session ended');

  // The balancer keeps serving from the other one.
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
});
