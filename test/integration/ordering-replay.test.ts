/**
 * Lesson 11 through the real edge: the ordered feed under seeded drop / dup / reorder faults
 * (direction down), consumed by the lesson's own consumer (dedup cache, reorder window, replay
 * requests). Every event must be applied exactly once, in order, and the fold of the captured
 * frames must tell the same story as the client.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import {
  DEFAULT_GAP_MS,
  parseOrderedEvent,
  ReorderConsumer,
  replayRequest,
} from '../../lib/machines/reorder-consumer';
import { foldReorder } from '../../lib/machines/reorder-window';
import type { WireEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { faultsOf, httpUrl, labFetch, openMirror, openWs, startServer } from './mirror-client';

const COUNT = 60;
const WINDOW = 4;

function ordersOf(events: WireEvent[]): number {
  return events.filter(
    (e) => e.kind === 'ws-frame' && e.hop === 'browser-edge' && e.message?.type === 'text',
  ).length;
}

describe('ordered feed with replay', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('applies every event exactly once, in order, under seeded drop, dup and reorder', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ drop: 10, dup: 15, reorder: 25, seed: 11, dir: 'down' });
    const client = await openWs(
      server,
      `${mirror.labBase}${LAB_PATHS.ordered}?rate=100&count=${COUNT}`,
    );
    const start = Date.now();
    const consumer = new ReorderConsumer({ window: WINDOW, gapMs: DEFAULT_GAP_MS, total: COUNT });
    let seen = 0;
    const timer = setInterval(() => {
      const now = Date.now() - start;
      for (; seen < client.received.length; seen++) {
        const ev = parseOrderedEvent(client.received[seen] as string);
        if (ev !== null) consumer.receiveAt(ev, now);
      }
      const from = consumer.replayDue(now);
      if (from !== null) {
        consumer.noteReplay(from, now);
        client.ws.send(replayRequest(from));
      }
    }, 20);
    const done = new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (consumer.complete) resolve();
        else if (Date.now() - start > 15_000)
          reject(new Error(`stuck at ${consumer.next}: ${JSON.stringify(consumer.counts)}`));
        else return;
        clearInterval(check);
      }, 20);
    });
    try {
      await done;
    } finally {
      clearInterval(timer);
    }
    expect(consumer.applied.map((e) => e.seq)).toEqual(
      Array.from({ length: COUNT }, (_, i) => i + 1),
    );
    expect(new Set(consumer.applied.map((e) => e.eventId)).size).toBe(COUNT);
    // The faults really acted, and the consumer really repaired them.
    expect(faultsOf(mirror.events, 'drop').length).toBeGreaterThan(0);
    expect(consumer.counts.duplicate + consumer.counts.stale).toBeGreaterThan(0);
    expect(consumer.counts.replays).toBeGreaterThan(0);

    // The fold of the captured browser ↔ edge frames applies the same events in the same order.
    const frames = client.received.length + consumer.counts.replays;
    await mirror.waitFor((events) => ordersOf(events) >= frames, 'every frame captured');
    const conn = mirror.events.find((e) => e.kind === 'ws-frame' && e.hop === 'browser-edge')?.conn;
    const fold = foldReorder(mirror.events, conn ?? '', { window: WINDOW, total: COUNT });
    expect(fold.consumer.applied.map((e) => e.seq)).toEqual(consumer.applied.map((e) => e.seq));
    expect(fold.consumer.counts.replays).toBe(consumer.counts.replays);
    client.ws.close();
    await client.closed;
    await mirror.close();
  });

  it('without faults every event arrives in order and no replay is needed', async () => {
    const mirror = await openMirror(server);
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ordered}?rate=200&count=20`);
    await client.waitFor((r) => r.length === 20, 'twenty events');
    const seqs = client.received.map((m) => parseOrderedEvent(m)?.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // A replay request is answered from the server's log with the same eventIds.
    client.ws.send(replayRequest(19));
    await client.waitFor((r) => r.length === 22, 'the replayed events');
    expect(client.received.slice(20)).toEqual(client.received.slice(18, 20));
    client.ws.close();
    await client.closed;
    await mirror.close();
  });

  it('refuses a bad rate with 400 before the handshake', async () => {
    const mirror = await openMirror(server);
    await expect(openWs(server, `${mirror.labBase}${LAB_PATHS.ordered}?rate=0`)).rejects.toThrow(
      /400/,
    );
    const plain = await labFetch(httpUrl(server, `${mirror.labBase}${LAB_PATHS.ordered}`));
    expect(plain.status).not.toBe(200);
    await mirror.close();
  });
});
