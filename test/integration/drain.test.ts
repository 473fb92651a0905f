/**
 * SIGTERM drain (server/drain.ts) and route keys (server/route-key.ts) on a real server: open pages
 * are told, new sessions and pages get 503 "server is draining" with Retry-After, the open
 * sessions' lab traffic is still served, and the server closes once they ended or the grace is over.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { MIRROR_PATH, SESSION_ID_PATTERN, type ServerMessage } from '../../lib/mirror/protocol';
import type { WireLabServer } from '../../server/app-server';
import { httpUrl, type MirrorClient, openMirror, startServer, wsUrl } from './mirror-client';

let server: WireLabServer | undefined;
const mirrors: MirrorClient[] = [];

afterEach(async () => {
  for (const mirror of mirrors.splice(0)) await mirror.close();
  await server?.close();
  server = undefined;
});

async function mirrorOf(s: WireLabServer): Promise<MirrorClient> {
  const mirror = await openMirror(s);
  mirrors.push(mirror);
  return mirror;
}

/** A mirror upgrade that the server refuses: its status, headers and body. */
function refusedMirror(
  s: WireLabServer,
): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  const ws = new WebSocket(wsUrl(s, MIRROR_PATH));
  ws.on('error', () => {});
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the mirror opened while draining'));
    });
    ws.once('unexpected-response', (req, res) => {
      req.on('error', () => {});
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          body,
        }),
      );
    });
  });
}

function closedCode(ws: WebSocket): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('drain (SIGTERM)', () => {
  it('tells open pages, refuses new sessions and pages with 503, serves open sessions, closes after the last ends', async () => {
    const s = await startServer();
    server = s;
    const first = await mirrorOf(s);
    const second = await mirrorOf(s);

    let drained = false;
    const draining = s.drain(60_000).then((result) => {
      drained = true;
      return result;
    });

    for (const mirror of [first, second]) {
      const told = (await mirror.waitForMessage(
        (m) => m.type === 'draining',
        'draining notice',
      )) as Extract<ServerMessage, { type: 'draining' }>;
      expect(told.graceMs).toBe(60_000);
      expect(told.message).toMatch(/shutting down.*ends within 60 s/);
    }

    const refused = await refusedMirror(s);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatch(/server is draining/);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(s.registry.size).toBe(2);

    const health = await fetch(httpUrl(s, '/healthz'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, draining: true, sessions: 2 });

    // An open session's lab traffic still works: only this instance can serve it.
    const lab = await fetch(httpUrl(s, `${first.labBase}${LAB_PATHS.config}`), {
      headers: first.headers,
    });
    expect(lab.status).toBe(200);
    // A page (or anything that is not an open session's lab path) is new work: refused.
    const page = await fetch(httpUrl(s, '/lessons'));
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).not.toBeNull();
    expect(await page.text()).toMatch(/server is draining/);

    await first.close();
    expect(drained).toBe(false); // one session is still open
    await second.close();
    expect(await draining).toEqual({ endedBy: 'sessions' });
    expect(s.registry.size).toBe(0);
    await expect(fetch(httpUrl(s, '/healthz'))).rejects.toThrow();
    expect(s.drain()).toBe(s.drain()); // idempotent
  });

  it('ends the sessions still open once the grace is over, then closes', async () => {
    const s = await startServer();
    server = s;
    const mirror = await mirrorOf(s);
    const code = closedCode(mirror.ws);
    expect(await s.drain(100)).toEqual({ endedBy: 'grace', left: 1 });
    expect(await code).toBe(1000);
    expect(s.registry.size).toBe(0);
    await expect(fetch(httpUrl(s, '/healthz'))).rejects.toThrow();
  });

  it('with no session open, closes at once', async () => {
    const s = await startServer();
    server = s;
    expect(await s.drain(3_600_000)).toEqual({ endedBy: 'sessions' });
    await expect(fetch(httpUrl(s, '/healthz'))).rejects.toThrow();
  });
});

describe('route key', () => {
  it('starts every session id with the route key and names it in /healthz', async () => {
    const s = await startServer({ routeKey: 'beef' });
    server = s;
    for (let i = 0; i < 5; i++) {
      const mirror = await mirrorOf(s);
      expect(mirror.session).toMatch(SESSION_ID_PATTERN);
      expect(mirror.session.startsWith('beef')).toBe(true);
      const lab = await fetch(httpUrl(s, `${mirror.labBase}${LAB_PATHS.config}`), {
        headers: mirror.headers,
      });
      expect(lab.status).toBe(200);
    }
    const health = await (await fetch(httpUrl(s, '/healthz'))).json();
    expect(health).toMatchObject({ ok: true, draining: false, routeKey: 'beef', sessions: 5 });
  });

  it('refuses a malformed route key at start-up with the rule', async () => {
    await expect(startServer({ routeKey: 'BEEF' })).rejects.toThrow(
      /ROUTE_KEY must be 4 lowercase hex digits/,
    );
  });
});
