import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { foldEvents } from '@/lib/machines/fold';
import type { OrderedEvent } from '@/lib/machines/reorder-consumer';
import { foldReorder, reorderWindowMachine } from '@/lib/machines/reorder-window';
import { FEED_PATH, LabScript } from '@/lib/machines/test-lab-script';
import { connectionsOf } from '@/lib/mirror/event-log';
import { feedFramesOf, latestOrderedConn, orderedFeedFold } from './feed-fold';

const ev = (run: number, seq: number): OrderedEvent => ({
  eventId: `r${run}-${seq}`,
  seq,
  data: `event ${seq}`,
});

/**
 * Two ordered streams through drop / dup / reorder faults, their replays, and other traffic (a
 * feed WebSocket, a plain request) around them; every frame on both hops.
 */
function session(): LabScript {
  const s = new LabScript({ bothHops: true });
  s.wsOpen('f1', FEED_PATH);
  s.wait(10).wsJson('f1', 'down', { id: 1, data: 'tick' });
  for (const [run, conn] of [
    [1, 'o1'],
    [2, 'o2'],
  ] as const) {
    s.wait(100).marker('-', 'ordered stream', `run ${run}`);
    s.wsOpen(conn, `/lab/x/ordered?rate=20&count=12`);
    const down = (seq: number) => s.wait(50).wsJson(conn, 'down', ev(run, seq));
    for (const seq of [1, 3, 4, 2, 2, 5, 9, 10, 11, 12, 7]) down(seq); // drops 6 and 8
    s.wait(5).wsJson(conn, 'up', { type: 'replay', from: 6 });
    for (const seq of [6, 7, 8, 9, 10, 11, 12]) down(seq);
    s.wait(5).wsText(conn, 'up', 'not json');
    s.wsJson('f1', 'down', { id: 2, data: 'tick' });
    s.wait(100).wsClose(conn, 'up', 1000).connClose(conn, 'end', 'client');
  }
  s.browserRequest('h1', 'GET', '/lab/x/config', []);
  return s;
}

const events = session().events;
const OPTIONS = { window: 4, total: 12, gapMs: 600 };

function view(fold: ReturnType<typeof foldReorder>) {
  const c = fold.consumer;
  return {
    steps: fold.steps,
    events: fold.events,
    counts: c.counts,
    window: c.bufferedSeqs(),
    lastContiguous: c.lastContiguous,
  };
}

describe('orderedFeedFold', () => {
  it('finds the last ordered WebSocket as connectionsOf does, at every cursor', () => {
    const store = storeOver(events, orderedFeedFold);
    expect(latestOrderedConn(store.getSnapshot())).toBe('o2');
    for (let i = -1; i < events.length; i++) {
      const list = connectionsOf(events.slice(0, i + 1)).filter(
        (c) => c.kind === 'websocket' && (c.path ?? '').endsWith('/ordered'),
      );
      expect(latestOrderedConn(store.snapshotAt(i))).toBe(list.at(-1)?.conn ?? null);
    }
  });

  it('foldReorder over one stream equals foldReorder over the log, at the end and every cursor', () => {
    const store = storeOver(events, orderedFeedFold);
    for (const conn of ['o1', 'o2']) {
      const end = foldReorder(feedFramesOf(store.getSnapshot(), conn), conn, OPTIONS);
      expect(view(end)).toEqual(view(foldReorder(events, conn, OPTIONS)));
      expect(end.consumer.counts).toMatchObject({ duplicate: 3, replays: 1, applied: 12 });
      expect(foldEvents(reorderWindowMachine, end.events).snapshot.value).toBe('inOrder');
      for (let i = -1; i < events.length; i++) {
        const upToSeq = events[i]?.seq ?? 0;
        const frames = feedFramesOf(store.snapshotAt(i), conn);
        expect(view(foldReorder(frames, conn, OPTIONS))).toEqual(
          view(foldReorder(events, conn, { ...OPTIONS, upToSeq })),
        );
      }
    }
    // Frames of other connections are not kept.
    expect(feedFramesOf(store.getSnapshot(), 'f1')).toEqual([]);
  });
});
