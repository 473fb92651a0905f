import { describe, expect, it } from 'vitest';
import { FoldStore } from '@/lib/live/fold-store';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { orderingProofs, orderingSteps, STREAM_MARK, streamMarkDetail } from './steps';

const PATH = '/lab/x/ordered?rate=20&count=100';

function proofsOf(events: readonly WireEvent[]) {
  let s = orderingSteps.init();
  for (const e of events) s = orderingSteps.step(s, e);
  return orderingProofs(s);
}
const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

class Stream extends LabScript {
  open(window = 4, conn = 'c1'): this {
    this.marker('-', STREAM_MARK, streamMarkDetail('/ordered?rate=20&count=100', window));
    return this.wsOpen(conn, PATH);
  }
  ev(seq: number, conn = 'c1'): number {
    this.wait(50).wsJson(conn, 'down', { eventId: `s1-${seq}`, seq, data: `event ${seq}` });
    return this.lastSeq;
  }
  replay(from: number, conn = 'c1'): number {
    this.wait(1).wsJson(conn, 'up', { type: 'replay', from });
    return this.lastSeq;
  }
}

describe('lesson 11 steps, proven by the ordered stream on the wire', () => {
  it('proves dedup only when an eventId the consumer kept arrives again', () => {
    const s = new Stream().open();
    const first = s.ev(1);
    s.ev(2);
    expect(done(s.events)).toEqual([]);
    const copy = s.ev(1);
    expect(done(s.events)).toEqual(['dedup']);
    expect(proofsOf(s.events).dedup?.focusSeqs).toEqual([first, copy]);
  });

  it('does not take a copy of a discarded (outside the window) event for a dedup', () => {
    const s = new Stream().open(2);
    s.ev(1);
    s.ev(5); // outside the window of 2: discarded, not kept
    s.ev(5);
    expect(done(s.events)).toEqual([]);
  });

  it('proves the reorder when a held event is released by the late one, with no replay', () => {
    const s = new Stream().open();
    s.ev(1);
    const held = s.ev(3);
    expect(done(s.events)).toEqual([]);
    const late = s.ev(2);
    expect(done(s.events)).toEqual(['reorder']);
    expect(proofsOf(s.events).reorder?.focusSeqs).toEqual([held, late]);
  });

  it('does not take a replayed fill for a reorder, and proves the replay with it', () => {
    const s = new Stream().open();
    s.ev(1);
    s.ev(3);
    const req = s.replay(2);
    expect(done(s.events)).toEqual([]);
    const replayed = s.ev(2);
    s.ev(3);
    expect(done(s.events)).toEqual(['dedup', 'replay']);
    expect(proofsOf(s.events).replay?.focusSeqs).toEqual([req, replayed]);
  });

  it('does not prove replay from a request that is not for the first missing seq', () => {
    const s = new Stream().open();
    s.ev(1);
    s.replay(1); // 1 is applied already: not the gap
    s.ev(2);
    expect(done(s.events)).toEqual([]);
  });

  it('uses the window the page announced: outside it nothing is held', () => {
    const s = new Stream().open(1);
    s.ev(1);
    s.ev(3); // window 1: outside, discarded
    s.ev(2);
    expect(done(s.events)).toEqual([]);
  });

  it('ignores other connections and the edge ↔ node hop', () => {
    const s = new Stream({ hop: 'edge-node' }).open();
    s.ev(1);
    s.ev(1);
    expect(done(s.events)).toEqual([]);
    const t = new Stream();
    t.wsOpen('c9', '/lab/x/feed');
    t.wsJson('c9', 'down', { eventId: 'a', seq: 1 }).wsJson('c9', 'down', { eventId: 'a', seq: 1 });
    expect(done(t.events)).toEqual([]);
  });

  it('folds the same through a FoldStore at any cursor', () => {
    const s = new Stream().open();
    s.ev(1);
    s.ev(1);
    const events = s.events;
    const src = { length: events.length, at: (i: number) => events[i], subscribe: () => () => {} };
    const store = new FoldStore(src, orderingSteps, { checkpointEvery: 2 });
    expect(orderingProofs(store.stateAt(events.length - 2)).dedup?.done).toBe(false);
    expect(orderingProofs(store.stateAt(events.length - 1)).dedup?.done).toBe(true);
  });
});

describe('lesson 11 text and registry', () => {
  it('has one <Step> per registry step, in order, and a proof for each', async () => {
    const { readFileSync } = await import('node:fs');
    const { lessonBySlug } = await import('@/lib/content/lessons');
    const text = readFileSync('content/lessons/ordering-replay.mdx', 'utf8');
    const inText = [...text.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);
    const ids = lessonBySlug('ordering-replay')?.steps?.map((s) => s.id);
    expect(inText).toEqual(ids);
    expect(Object.keys(orderingProofs(orderingSteps.init()))).toEqual(ids);
  });
});
