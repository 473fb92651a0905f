/**
 * Every request of a session reaches the instance that owns it: sessions made through the balancer
 * land on both instances (round robin), and each one's lab traffic (HTTP, WebSocket, SSE, a held
 * long poll answered by a publish) is served through the balancer by its own instance, as nginx's
 * access log and the instances' /healthz confirm.
 */
import { expect, test } from '@playwright/test';
import { clusterInfo } from './cluster';
import { echoOnce, type LbMirror, openMirror, upstreamsFor, wsUrl } from './lb-client';

const cluster = clusterInfo();
const base = cluster.url;
const mirrors: LbMirror[] = [];

test.afterAll(async () => {
  for (const mirror of mirrors.splice(0)) await mirror.close();
});

test('sessions made through the balancer carry their instance route key, and all their lab traffic reaches that instance', async () => {
  for (let i = 0; i < 6; i++) mirrors.push(await openMirror(base));
  const keys = cluster.instances.map((i) => i.routeKey);
  const owner = (session: string) => {
    const instance = cluster.instances.find((i) => session.startsWith(i.routeKey));
    if (instance === undefined)
      throw new Error(`session ${session} carries no route key of ${keys}`);
    return instance;
  };
  // Round robin: both instances made sessions.
  expect(new Set(mirrors.map((m) => owner(m.session).routeKey))).toEqual(new Set(keys));

  for (const mirror of mirrors) {
    const lab = `${base}${mirror.labBase}`;
    const headers = { ...mirror.headers, origin: base };

    const config = await fetch(`${lab}/config`, { headers });
    expect(config.status, await config.clone().text()).toBe(200);

    expect(await echoOnce(wsUrl(base, `${mirror.labBase}/ws`), headers, 'through nginx')).toBe(
      'through nginx',
    );

    // SSE through the balancer: the first bytes arrive while the stream stays open (unbuffered).
    const abort = new AbortController();
    const sse = await fetch(`${lab}/sse`, { headers, signal: abort.signal });
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = sse.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('retry:');
    abort.abort();

    // A held long poll and the publish that answers it: both reached the same lab node.
    const poll = fetch(`${lab}/poll?cursor=0&wait=20000`, { headers });
    const published = await fetch(`${lab}/poll`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ data: `hello ${mirror.session}` }),
    });
    expect(published.status).toBe(201);
    const answered = await poll;
    expect(answered.status).toBe(200);
    expect(JSON.stringify(await answered.json())).toContain(`hello ${mirror.session}`);
  }

  // nginx's own record: every request of a session's lab path went to its owner.
  for (const mirror of mirrors) {
    const { address } = owner(mirror.session);
    await expect
      .poll(() => upstreamsFor(cluster.accessLog, `/lab/${mirror.session}/`).length)
      .toBeGreaterThanOrEqual(5);
    expect(new Set(upstreamsFor(cluster.accessLog, `/lab/${mirror.session}/`))).toEqual(
      new Set([address]),
    );
  }
  // And each instance holds exactly the sessions that carry its key (asked directly).
  for (const instance of cluster.instances) {
    const health = (await (await fetch(`${instance.url}/healthz`)).json()) as {
      routeKey: string;
      sessions: number;
    };
    expect(health.routeKey).toBe(instance.routeKey);
    const mine = mirrors.filter((m) => m.session.startsWith(instance.routeKey)).length;
    expect(health.sessions).toBeGreaterThanOrEqual(mine);
  }
});

test('a lab path whose route key names no instance gets 404 from the balancer', async () => {
  const res = await fetch(`${base}/lab/ffff${'0'.repeat(28)}/config`);
  expect(res.status).toBe(404);
  expect(await res.text()).toMatch(/unknown session: its route key names no instance/);
});

test('a session id of a known instance that it does not hold gets that instance answer', async () => {
  const key = cluster.instances[0]?.routeKey ?? '';
  const res = await fetch(`${base}/lab/${key}${'0'.repeat(28)}/config`);
  expect(res.status).toBe(404);
  expect(await res.text()).toMatch(/unknown session/);
});
