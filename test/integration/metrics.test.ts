/**
 * /metrics and /healthz on a real server: the counters move with real sessions and real lab
 * traffic, /metrics is closed to forwarded requests without the token, /healthz stays small.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import { httpUrl, type MirrorClient, openMirror, startServer, wsUrl } from './mirror-client';

const servers: WireLabServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<WireLabServer> {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

async function scrape(server: WireLabServer, headers: Record<string, string> = {}) {
  const res = await fetch(httpUrl(server, '/metrics'), { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no series ${series} in\n${text}`);
  return Number(line.slice(series.length + 1));
}

/** Scrapes until `check` holds (the server ends sessions asynchronously); no fixed sleeps. */
async function scrapeUntil(server: WireLabServer, check: (text: string) => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    const { text } = await scrape(server);
    if (check(text)) return text;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`metrics never showed ${what}`);
}

async function echoOnce(server: WireLabServer, mirror: MirrorClient): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
    headers: mirror.headers,
    perMessageDeflate: false,
  });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const echoed = new Promise((resolve) => ws.once('message', resolve));
  ws.send('hello, metrics');
  await echoed;
  return ws;
}

describe('/metrics', () => {
  it('counts a session, its lab connection and its tapped bytes, and the session ending', async () => {
    const server = await serve();
    const before = await scrape(server);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.text, 'wirelab_sessions_open')).toBe(0);
    expect(sample(before.text, 'wirelab_sessions_created_total')).toBe(0);

    const mirror = await openMirror(server);
    const ws = await echoOnce(server, mirror);
    await mirror.waitFor(
      (events) =>
        events.some((e) => e.kind === 'ws-frame' && e.hop === 'browser-edge' && e.dir === 'down'),
      'the echo on the browser hop',
    );
    const during = (await scrape(server)).text;
    expect(sample(during, 'wirelab_sessions_open')).toBe(1);
    expect(sample(during, 'wirelab_sessions_created_total')).toBe(1);
    expect(sample(during, 'wirelab_lab_connections_open')).toBe(1);
    for (const hop of ['browser-edge', 'edge-node']) {
      for (const dir of ['up', 'down']) {
        // At least the handshake and the echoed frame went each way on each hop.
        expect(
          sample(during, `wirelab_tapped_bytes_total{hop="${hop}",dir="${dir}"}`),
        ).toBeGreaterThan(20);
      }
    }
    expect(during).toContain('nodejs_eventloop_lag_seconds');

    ws.close();
    await mirror.close();
    const after = await scrapeUntil(
      server,
      (t) => t.includes('wirelab_sessions_ended_total{reason="mirror-closed"} 1'),
      'the session ending',
    );
    expect(sample(after, 'wirelab_sessions_open')).toBe(0);
    expect(sample(after, 'wirelab_lab_connections_open')).toBe(0);
  });

  it('counts the mirror events a session dropped', async () => {
    // A tiny queue and slow batches: the echo's events overflow the queue.
    const server = await serve({ limits: { maxEvents: 2 }, flushIntervalMs: 300 });
    const mirror = await openMirror(server);
    const ws = await echoOnce(server, mirror);
    ws.close();
    await mirror.waitFor((events) => events.some((e) => e.kind === 'conn-close'), 'a close');
    const text = await scrapeUntil(
      server,
      (t) =>
        sample(t, 'wirelab_mirror_events_dropped_total') >= mirror.dropped && mirror.dropped > 0,
      'dropped events',
    );
    expect(sample(text, 'wirelab_mirror_events_dropped_total')).toBeGreaterThan(0);
    await mirror.close();
  });

  it('counts refusals by reason through server.refuse', async () => {
    const server = await serve();
    server.refuse('origin', { origin: 'https://evil.example' });
    server.refuse('origin');
    server.refuse('body-too-large');
    const { text } = await scrape(server);
    expect(sample(text, 'wirelab_refusals_total{reason="origin"}')).toBe(2);
    expect(sample(text, 'wirelab_refusals_total{reason="body-too-large"}')).toBe(1);
    expect(sample(text, 'wirelab_refusals_total{reason="rate"}')).toBe(0);
  });

  it('refuses a forwarded request with 403 unless it carries the bearer token', async () => {
    const server = await serve({ metricsToken: 'sesame-0123' });
    const forwarded = { 'X-Forwarded-For': '203.0.113.9' };
    const refused = await scrape(server, forwarded);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/Authorization: Bearer <METRICS_TOKEN>/);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    const wrong = await scrape(server, { ...forwarded, Authorization: 'Bearer sesame-0124' });
    expect(wrong.status).toBe(403);
    const allowed = await scrape(server, { ...forwarded, Authorization: 'Bearer sesame-0123' });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('wirelab_sessions_open 0');
  });

  it('without a token, a forwarded request is refused and told how to configure one', async () => {
    const server = await serve({ metricsToken: '' });
    const refused = await scrape(server, { Forwarded: 'for=203.0.113.9' });
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/set METRICS_TOKEN/);
  });
});

describe('/healthz', () => {
  it('stays small and public: ok, sessions, uptime (memory is in /metrics)', async () => {
    const server = await serve();
    const res = await fetch(httpUrl(server, '/healthz'), {
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['draining', 'ok', 'sessions', 'uptimeMs']);
  });

  it('the edge’s own refusals carry nosniff; relayed lab responses are left as the node wrote them', async () => {
    const server = await serve();
    const mirror = await openMirror(server);
    for (const path of [`/lab/${'0'.repeat(32)}/x`, '/lab/nope/x', `${mirror.labBase}/x`]) {
      const res = await fetch(httpUrl(server, path)); // the last one: no key → the gate's 403
      await res.arrayBuffer();
      expect({ path, nosniff: res.headers.get('x-content-type-options') }).toEqual({
        path,
        nosniff: 'nosniff',
      });
    }
    // The edge is transparent: what the lab node sent is what the browser gets, header for header.
    const relayed = await fetch(httpUrl(server, `${mirror.labBase}/`), { headers: mirror.headers });
    await relayed.arrayBuffer();
    expect(relayed.status).toBe(404);
    expect(relayed.headers.get('x-content-type-options')).toBeNull();
    await mirror.close();
  });
});
