/**
 * The mirror budget, end to end: one session floods past its budget and its capture is thinned
 * (whole frames counted, not carried, the rest still byte-exact); another session on the same
 * server keeps a complete capture of the same kind of traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { liveCounts } from '../../server/live-resources';
import { type MirrorClient, openMirror, openWs, startServer, summarize } from './mirror-client';

const FLOOD = 400;

function texts(events: WireEvent[], hop: string, dir: string): string[] {
  return events.flatMap((e) =>
    e.kind === 'ws-frame' && e.hop === hop && e.dir === dir && e.message?.text !== undefined
      ? [e.message.text]
      : [],
  );
}

async function echoBurst(server: WireLabServer, mirror: MirrorClient, label: string) {
  const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
  for (let i = 0; i < FLOOD; i++) client.ws.send(`${label} ${i}`);
  await client.waitFor((r) => r.length >= FLOOD, `${FLOOD} echoes`);
  client.ws.close(1000);
  await client.closed;
  await mirror.waitFor(
    (events) => events.some((e) => e.kind === 'conn-close' && e.hop === 'edge-node'),
    'the echo connection closed on the node hop',
  );
  return client;
}

describe('the mirror budget', () => {
  let server: WireLabServer;
  let flooder: MirrorClient;
  let calm: MirrorClient;

  beforeAll(async () => {
    // A budget of 100 frames: the clock refills it at 100 frames/s, far slower than the flood.
    server = await startServer({ limits: { mirrorFramesPerSecond: 100 } });
    flooder = await openMirror(server);
    calm = await openMirror(server);
  });

  afterAll(async () => {
    await flooder.close();
    await calm.close();
    await server.close();
  });

  it('thins a flood to whole frames, counted, and keeps the rest decodable on all four legs', async () => {
    await echoBurst(server, flooder, 'flood');
    const events = flooder.events;
    const elided = flooder.records.filter((r) => r.kind === 'elided');
    expect(elided.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
    const thinnedUp = elided
      .filter((r) => r.kind === 'elided' && r.hop === 'browser-edge' && r.dir === 'up')
      .reduce((n, r) => n + (r.kind === 'elided' ? r.frames : 0), 0);
    const carriedUp = texts(events, 'browser-edge', 'up');
    // Every frame the client sent is either in the capture or counted as left out.
    expect(carriedUp.length + thinnedUp).toBe(FLOOD);
    expect(thinnedUp).toBeGreaterThan(0);
    // The same frames are left out on both hops: nothing looks lost at the edge.
    expect(texts(events, 'edge-node', 'up')).toEqual(carriedUp);
    expect(texts(events, 'browser-edge', 'down')).toEqual(texts(events, 'edge-node', 'down'));
    const markers = events.filter((e) => e.kind === 'marker' && e.label === 'capture thinned');
    expect(markers.length).toBeGreaterThan(0);
    // The close handshake is always carried.
    expect(
      events.some((e) => e.kind === 'ws-frame' && e.frame.opcodeName === 'close' && e.dir === 'up'),
      summarize(events.slice(-20)),
    ).toBe(true);
  });

  it('leaves another session’s capture complete', async () => {
    // The calm session's own budget is untouched by the flood: a burst it can afford arrives whole.
    const client = await openWs(server, `${calm.labBase}${LAB_PATHS.ws}`);
    for (let i = 0; i < 40; i++) client.ws.send(`calm ${i}`);
    await client.waitFor((r) => r.length >= 40, '40 echoes');
    await calm.waitFor(
      (events) => texts(events, 'browser-edge', 'down').length >= 40,
      'the calm echoes in the mirror',
    );
    expect(calm.records.filter((r) => r.kind === 'elided')).toEqual([]);
    expect(texts(calm.events, 'browser-edge', 'up')).toEqual(
      Array.from({ length: 40 }, (_, i) => `calm ${i}`),
    );
    client.ws.close(1000);
    await client.closed;
  });
});

describe('the flood guard', () => {
  it('reads a session flooding the edge with tiny frames only so fast, tells its page, and loses nothing', async () => {
    // Frames budget 25/s: the edge follows 1,000 frames/s of this session before its sockets wait.
    const server = await startServer({ limits: { mirrorFramesPerSecond: 25 } });
    try {
      const mirror = await openMirror(server);
      const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
      const n = 1_000;
      for (let i = 0; i < n; i++) client.ws.send('x');
      await client.waitFor((r) => r.length >= n, `${n} echoes`, 20_000);
      const limit = await mirror.waitForMessage(
        (m) => m.type === 'limit' && m.what === 'rate',
        'the rate limit message',
      );
      expect(limit.type === 'limit' && limit.message).toMatch(
        /more than 1,000 WebSocket frames\/s/,
      );
      client.ws.close(1000);
      await client.closed;
    } finally {
      await server.close();
    }
  });
});

describe('a flooding session that ends', () => {
  it('clears the waits that held its sockets: nothing is left registered', async () => {
    const server = await startServer({ limits: { mirrorFramesPerSecond: 25 } });
    try {
      const mirror = await openMirror(server);
      const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
      for (let i = 0; i < 3_000; i++) client.ws.send('x');
      await mirror.waitForMessage((m) => m.type === 'limit' && m.what === 'rate', 'the rate limit');
      // The flood is being held now: end the session (graceMs 0) in the middle of it.
      expect(liveCounts().mirrorWaits).toBeGreaterThan(0);
      await mirror.close();
      await client.closed;
      await waitUntilEnded();
      expect(liveCounts().mirrorWaits).toBe(0);
      expect(liveCounts().sessions).toBe(0);
    } finally {
      await server.close();
    }
  });
});

/**
 * Session end is asynchronous (its lab node closes): poll until the session is gone, then the
 * waits must be gone at once (not merely expire later).
 */
async function waitUntilEnded(): Promise<void> {
  for (let i = 0; i < 200 && liveCounts().sessions > 0; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
