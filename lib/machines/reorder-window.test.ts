import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { foldEvents } from './fold';
import { type OrderedEvent, ReorderConsumer } from './reorder-consumer';
import { foldReorder, reorderWindowMachine } from './reorder-window';
import { LabScript } from './test-lab-script';

const ev = (seq: number): OrderedEvent => ({ eventId: `s1-${seq}`, seq, data: `event ${seq}` });

/** Feeds seqs at 10 ms apart starting at `t`; returns the time after the last. */
function feed(c: ReorderConsumer, seqs: number[], t = 0): number {
  let now = t;
  for (const s of seqs) {
    now += 10;
    c.receiveAt(ev(s), now);
  }
  return now;
}

describe('ReorderConsumer', () => {
  it('releases a reordered pair in order from the window', () => {
    const c = new ReorderConsumer({ window: 4, gapMs: 500 });
    feed(c, [1, 3, 2, 4]);
    expect(c.applied.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(c.steps.map((s) => `${s.seq}:${s.outcome}`)).toEqual([
      '1:applied',
      '3:buffered',
      '2:applied',
      '3:applied',
      '4:applied',
    ]);
    expect(c.steps[3]?.fromBuffer).toBe(true);
  });

  it('discards a duplicate eventId and a stale copy, applying each event once', () => {
    const c = new ReorderConsumer({ window: 4, gapMs: 500 });
    feed(c, [1, 1, 2, 3, 2]);
    expect(c.applied.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c.counts).toMatchObject({ duplicate: 2, applied: 3 });
  });

  it('asks for a replay from the first missing seq once the gap outlives the window', () => {
    const c = new ReorderConsumer({ window: 3, gapMs: 10_000 });
    let now = feed(c, [1, 2, 4, 5]); // 3 is missing: 4 and 5 wait in the window
    expect(c.bufferedSeqs()).toEqual([4, 5]);
    expect(c.replayDue(now)).toBeNull();
    now = feed(c, [6], now); // 6 ≥ next (3) + window (3): outside the window
    expect(c.steps.at(-1)?.outcome).toBe('outside-window');
    expect(c.replayDue(now)).toBe(3);
    c.noteReplay(3, now);
    expect(c.replayDue(now + 1)).toBeNull(); // not repeated at once
    // The server resends 3, 4, 5, 6: 3 fills the gap, 4 and 5 are already held, 6 is new.
    feed(c, [3, 4, 5, 6], now);
    expect(c.applied.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.lastContiguous).toBe(6);
  });

  it('asks for a replay when a gap stays open gapMs (simulated time)', () => {
    const c = new ReorderConsumer({ window: 8, gapMs: 500 });
    feed(c, [1, 3], 0); // buffered 3 at t = 20
    expect(c.replayDue(519)).toBeNull();
    expect(c.replayDue(520)).toBe(2);
    c.noteReplay(2, 520);
    expect(c.replayDue(1019)).toBeNull();
    expect(c.replayDue(1020)).toBe(2); // the replay was lost too: ask again
  });

  it('asks for the tail when the last events never come', () => {
    const c = new ReorderConsumer({ window: 8, gapMs: 500, total: 5 });
    feed(c, [1, 2, 3]); // last arrival at t = 30
    expect(c.replayDue(529)).toBeNull();
    expect(c.replayDue(530)).toBe(4);
    feed(c, [4, 5], 600);
    expect(c.complete).toBe(true);
    expect(c.replayDue(5000)).toBeNull();
  });
});

/** An ordered-feed connection on browser ↔ edge: frames as the mirror captures them. */
function wireScript(): LabScript {
  const s = new LabScript();
  s.wsOpen('c1', '/lab/x/ordered?rate=20&count=5');
  const down = (seq: number) => s.wait(50).wsJson('c1', 'down', ev(seq));
  down(1);
  down(3); // 2 was dropped by the edge
  down(4);
  s.wait(5).wsJson('c1', 'up', { type: 'replay', from: 2 });
  down(2);
  down(3);
  down(4);
  down(5);
  return s;
}

describe('reorderWindowMachine folded from the wire', () => {
  it('walks inOrder → gap → replaying → inOrder and applies 1-5 once each', () => {
    const { steps, consumer, events } = foldReorder(wireScript().events, 'c1', {
      window: 4,
      total: 5,
    });
    expect(consumer.applied.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(steps.map((s) => `${s.seq}:${s.outcome}`)).toEqual([
      '1:applied',
      '3:buffered',
      '4:buffered',
      '2:replay-request',
      '2:applied',
      '3:applied',
      '4:applied',
      '3:duplicate',
      '4:duplicate',
      '5:applied',
    ]);
    const { transitions, snapshot } = foldEvents(reorderWindowMachine, events);
    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
      'inOrder→gap',
      'gap→replaying',
      'replaying→inOrder',
    ]);
    expect(snapshot.value).toBe('inOrder');
  });

  it('folds only up to a timeline cursor', () => {
    const script = wireScript();
    const upTo = script.events.find(
      (e) => e.kind === 'ws-frame' && e.dir === 'up' && e.hop === 'browser-edge',
    );
    const { consumer } = foldReorder(script.events, 'c1', { window: 4, upToSeq: upTo?.seq ?? 0 });
    expect(consumer.bufferedSeqs()).toEqual([3, 4]);
  });

  it('draws every state of the machine', () => {
    const ids = chartOf(reorderWindowMachine).nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(['reorder.inOrder', 'reorder.gap', 'reorder.replaying']),
    );
  });
});
