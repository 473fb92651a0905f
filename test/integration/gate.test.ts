/**
 * The gate in front of the sessions, tried as a cross-site page and as a churning client would:
 * the mirror and the lab answer only their own origin and the session's key cookie; per-client
 * caps answer 429 naming the cap; pages in their grace period never lock new learners out.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { ADMISSION_PATH, type Admission, MIRROR_PATH } from '../../lib/mirror/protocol';
import type { WireLabServer, WireLabServerOptions } from '../../server/app-server';
import type { Refusal } from '../../server/gate/refusal';
import { SIM_BUDGET } from '../../server/lab/sim-clients';
import { httpUrl, labFetch, openMirror, openWs, startServer, wsUrl } from './mirror-client';

const servers: WireLabServer[] = [];
const EVIL = 'http://evil.example';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: WireLabServerOptions = {}) {
  const refusals: Refusal[] = [];
  const server = await startServer({ onRefused: (r) => refusals.push(r), ...options });
  servers.push(server);
  return { server, refusals };
}

/** Opens a raw `ws` to the mirror; resolves with the handshake's status and body. */
function mirrorAttempt(
  server: WireLabServer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; retryAfter?: string; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(server, MIRROR_PATH), { headers });
    ws.on('error', () => {});
    ws.once('open', () => resolve({ status: 101, body: '', ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers['retry-after'] === undefined
            ? {}
            : { retryAfter: String(res.headers['retry-after']) }),
        }),
      );
    });
    ws.once('close', () => reject(new Error('closed without an answer')));
  });
}

describe('origins', () => {
  it('refuses a mirror opened by another site, names the origin, and admits its own origin', async () => {
    const { server, refusals } = await serve();
    const evil = await mirrorAttempt(server, { Origin: EVIL });
    expect(evil.status).toBe(403);
    expect(evil.body).toContain(`Origin "${EVIL}"`);
    expect(refusals.map((r) => r.reason)).toEqual(['origin']);
    const own = await mirrorAttempt(server, { Origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBe(101);
    own.ws?.close();
  });

  it('admits an allow-listed origin', async () => {
    const { server } = await serve({ gate: { allowedOrigins: ['https://lab.example'] } });
    const allowed = await mirrorAttempt(server, { Origin: 'https://lab.example' });
    expect(allowed.status).toBe(101);
    allowed.ws?.close();
    expect((await mirrorAttempt(server, { Origin: EVIL })).status).toBe(403);
  });

  it('refuses cross-origin lab requests even with the right key: WebSocket, polling, form posts', async () => {
    const { server, refusals } = await serve();
    const mirror = await openMirror(server);
    const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
    const polling = await labFetch(url(`${LAB_PATHS.socketio}?EIO=4&transport=polling`), {
      headers: { Origin: EVIL },
    });
    expect(polling.status).toBe(403);
    expect(polling.headers.get('access-control-allow-origin')).toBeNull();
    const form = await labFetch(url(`${LAB_PATHS.clients}?n=1`), {
      method: 'POST',
      headers: { Origin: EVIL, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'n=50',
    });
    expect(form.status).toBe(403);
    const crossSiteGet = await labFetch(url(LAB_PATHS.streamStart), {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSiteGet.status).toBe(403);
    await expect(
      openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`, { origin: EVIL }),
    ).rejects.toThrow(/403/);
    expect(refusals.map((r) => r.reason)).toEqual(['origin', 'origin', 'cross-site', 'origin']);
    // Same-origin polling works and reflects no origin.
    const ok = await labFetch(url(`${LAB_PATHS.socketio}?EIO=4&transport=polling`), {
      headers: { Origin: `http://127.0.0.1:${server.port}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    await mirror.close();
  });
});

describe('the session key', () => {
  it('gives a page without one a key cookie in the 101 (HttpOnly, SameSite=Strict)', async () => {
    const { server } = await serve();
    const setCookie = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl(server, MIRROR_PATH));
      ws.on('error', () => {});
      ws.once('upgrade', (res) => {
        resolve(String(res.headers['set-cookie']));
        ws.close();
      });
    });
    expect(setCookie).toMatch(/^wl_key=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('refuses lab requests that carry no key or another session’s key', async () => {
    const { server, refusals } = await serve();
    const mine = await openMirror(server);
    const other = await openMirror(server);
    const url = httpUrl(server, `${mine.labBase}${LAB_PATHS.stream}`);
    const bare = await fetch(url);
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain('wl_key');
    expect((await fetch(url, { headers: other.headers })).status).toBe(403);
    expect((await fetch(url, { headers: mine.headers })).status).toBe(200);
    const ws = new WebSocket(wsUrl(server, `${mine.labBase}${LAB_PATHS.ws}`), {
      headers: other.headers,
    });
    const status = await new Promise<number>((resolve) => {
      ws.on('error', () => {});
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
    expect(refusals.filter((r) => r.reason === 'session-key')).toHaveLength(3);
    await Promise.all([mine.close(), other.close()]);
  });

  it('binds a session to the key its page already holds', async () => {
    const { server } = await serve();
    const key = `wl_key=${'ab'.repeat(16)}`;
    const page = await openMirrorWith(server, { cookie: key });
    const res = await fetch(httpUrl(server, `${page.labBase}${LAB_PATHS.stream}`), {
      headers: { cookie: key },
    });
    expect(res.status).toBe(200);
  });
});

/** A mirror opened with explicit headers; resolves with its hello. */
function openMirrorWith(server: WireLabServer, headers: Record<string, string>) {
  return new Promise<{ labBase: string; ws: WebSocket }>((resolve, reject) => {
    const ws = new WebSocket(wsUrl(server, MIRROR_PATH), { headers });
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as { type: string; labBase?: string };
      if (message.type === 'hello') resolve({ labBase: message.labBase ?? '', ws });
    });
  });
}

describe('per-client caps', () => {
  it('answers 429 naming the open-session cap, and a closed page frees its place at once', async () => {
    const { server, refusals } = await serve({
      graceMs: 60_000,
      gate: { clientCaps: { maxOpenPerClient: 3, perMinute: 600, burst: 100 } },
    });
    const pages = [await openMirror(server), await openMirror(server), await openMirror(server)];
    const over = await mirrorAttempt(server);
    expect(over.status).toBe(429);
    expect(over.body).toContain('the cap is 3 per client');
    expect(over.retryAfter).toBeDefined();
    expect(refusals.at(-1)?.reason).toBe('client-cap');
    // A browser never sees that body: the page asks why, and asking uses up nothing.
    const why = (await (await fetch(httpUrl(server, ADMISSION_PATH))).json()) as Admission;
    expect(why).toMatchObject({ ok: false, status: 429, reason: 'client-cap' });
    expect(why.ok === false && why.message).toContain('the cap is 3 per client');
    // The closed page is in its grace period: it no longer counts.
    await pages[0]?.close();
    await until(() => server.registry.inGrace === 1);
    const again = await mirrorAttempt(server);
    expect(again.status).toBe(101);
    again.ws?.close();
  });

  it('answers 429 with Retry-After when a client makes sessions too fast', async () => {
    const { server, refusals } = await serve({
      gate: { clientCaps: { maxOpenPerClient: 100, perMinute: 1, burst: 2 } },
    });
    for (let i = 0; i < 2; i += 1) (await mirrorAttempt(server)).ws?.close();
    const third = await mirrorAttempt(server);
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/the cap is 1 per minute \(bursts of 2\); retry in \d+ s/);
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    expect(refusals.at(-1)?.reason).toBe('rate');
  });

  it('counts clients by the last X-Forwarded-For entry only behind a trusted proxy', async () => {
    const { server } = await serve({
      gate: { trustProxy: true, clientCaps: { maxOpenPerClient: 1, perMinute: 600, burst: 100 } },
    });
    const a = await mirrorAttempt(server, { 'X-Forwarded-For': '9.9.9.9, 203.0.113.1' });
    const b = await mirrorAttempt(server, { 'X-Forwarded-For': '203.0.113.2' });
    const a2 = await mirrorAttempt(server, { 'X-Forwarded-For': '1.1.1.1, 203.0.113.1' });
    expect([a.status, b.status, a2.status]).toEqual([101, 101, 429]);
    a.ws?.close();
    b.ws?.close();
  });
});

describe('session churn', () => {
  it('never answers 503 to a new page because closed pages are waiting out their grace', async () => {
    const { server, refusals } = await serve({
      graceMs: 60_000,
      maxSessions: 5,
      gate: { clientCaps: { maxOpenPerClient: 100, perMinute: 6000, burst: 1000 } },
    });
    for (let i = 0; i < 40; i += 1) {
      const page = await openMirror(server);
      await page.close();
    }
    const last = await mirrorAttempt(server);
    expect(last.status).toBe(101);
    expect(refusals).toEqual([]);
    // Closed pages waiting out their grace are bounded too: the oldest ended early.
    expect(server.registry.inGrace).toBeLessThanOrEqual(5);
    expect(server.registry.size).toBeLessThanOrEqual(6 + 1);
    last.ws?.close();
  });

  it('answers 503 when the open pages fill the server, naming the cap', async () => {
    const { server } = await serve({
      maxSessions: 2,
      gate: { clientCaps: { maxOpenPerClient: 100, perMinute: 6000, burst: 1000 } },
    });
    const pages = [await openMirror(server), await openMirror(server)];
    const full = await mirrorAttempt(server);
    expect(full.status).toBe(503);
    expect(full.body).toContain('the cap is 2');
    await Promise.all(pages.map((p) => p.close()));
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('simulated clients', () => {
  it('caps the simulated clients of all sessions together, naming the budget', async () => {
    const { server } = await serve();
    const saved = SIM_BUDGET.max;
    SIM_BUDGET.max = SIM_BUDGET.running + 4;
    try {
      const a = await openMirror(server);
      const b = await openMirror(server);
      const start = (page: typeof a, n: number) =>
        labFetch(httpUrl(server, `${page.labBase}${LAB_PATHS.clients}?n=${n}&reconnect=0`), {
          method: 'POST',
        });
      expect((await start(a, 3)).status).toBe(201);
      const over = await start(b, 3);
      expect(over.status).toBe(503);
      expect(await over.text()).toContain('for all learners together');
      expect((await start(b, 1)).status).toBe(201);
      await labFetch(httpUrl(server, `${a.labBase}${LAB_PATHS.clients}`), { method: 'DELETE' });
      expect((await start(b, 3)).status).toBe(201);
      await Promise.all([a.close(), b.close()]);
    } finally {
      SIM_BUDGET.max = saved;
    }
  });
});
