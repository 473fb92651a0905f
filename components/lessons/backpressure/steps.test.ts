import { describe, expect, it } from 'vitest';
import { FoldStore } from '@/lib/live/fold-store';
import type { QueueStat } from '@/lib/machines/queue-watermark';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { bpConnOf, bpProofs, bpSteps } from './steps';

const STATS = '/lab/x/bp?channel=stats';
const data = (policy: string, batchMs = 0, coalesce = 0) =>
  `/lab/x/bp?rate=250&size=16000&watermark=1000&policy=${policy}&batchMs=${batchMs}&coalesce=${coalesce}&seconds=6`;

const base: QueueStat = {
  type: 'stat',
  at: 0,
  policy: 'buffer',
  watermark: 1000,
  bufferedAmount: 0,
  writableLength: 0,
  queued: 0,
  paused: false,
  rss: 1,
  heapUsed: 1,
  produced: 0,
  sent: 0,
  dropped: 0,
  coalesced: 0,
  skipped: 0,
  critical: 0,
};

function proofsOf(events: readonly WireEvent[]) {
  let s = bpSteps.init();
  for (const e of events) s = bpSteps.step(s, e);
  return bpProofs(s);
}
const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

/** A run: the stats socket, the data socket, then the given reports. */
function run(s: LabScript, n: number, policy: string, stats: Partial<QueueStat>[], batch = 0) {
  s.wsOpen(`s${n}`, STATS);
  s.wsOpen(`d${n}`, data(policy, batch, batch > 0 ? 1 : 0));
  for (const st of stats) s.wait(100).wsJson(`s${n}`, 'down', { ...base, policy, ...st });
  return s;
}

describe('lesson 10 steps, proven by the server facts on the wire', () => {
  it('tells the stats connection from a data run by its upgrade target', () => {
    expect(bpConnOf(STATS)).toBe('stats');
    expect(bpConnOf(data('pause', 50, 1))).toEqual({ settings: 'pause 50 1' });
    expect(bpConnOf('/lab/x/ordered?rate=2')).toBeUndefined();
  });

  it('proves "grow" only by a buffer-policy report past the watermark', () => {
    const s = new LabScript();
    run(s, 1, 'buffer', [{ bufferedAmount: 500 }, { bufferedAmount: 1000 }]);
    expect(done(s.events)).toEqual([]);
    s.wait(100).wsJson('s1', 'down', { ...base, bufferedAmount: 900, queued: 200 });
    expect(done(s.events)).toEqual(['grow']);
    expect(proofsOf(s.events).grow?.focusSeqs).toEqual([s.lastSeq]);
  });

  it('does not take a drop-oldest report at the watermark for growth, and proves the drop', () => {
    const s = new LabScript();
    run(s, 1, 'drop-oldest', [{ bufferedAmount: 1000 }]);
    expect(done(s.events)).toEqual([]);
    s.wait(100).wsJson('s1', 'down', { ...base, policy: 'drop-oldest', queued: 990, dropped: 3 });
    expect(done(s.events)).toEqual(['drop']);
  });

  it('does not prove the drop from the same count repeated, nor from a split run', () => {
    const s = new LabScript();
    run(s, 1, 'split', [{ dropped: 4 }, { dropped: 9 }]);
    expect(done(s.events)).toEqual([]);
  });

  it('proves pause from a paused report with skipped messages and nothing dropped', () => {
    const s = new LabScript();
    run(s, 1, 'pause', [{ bufferedAmount: 1200, paused: true, skipped: 0 }]);
    expect(done(s.events)).not.toContain('pause');
    s.wait(100).wsJson('s1', 'down', { ...base, policy: 'pause', paused: true, skipped: 12 });
    expect(done(s.events)).toContain('pause');
  });

  it('proves coalesce from a batch frame and a report with coalesced > 0', () => {
    const s = new LabScript();
    run(s, 1, 'drop-newest', [], 50);
    s.wait(50).wsText('d1', 'down', '{"batch":[{"n":1},{"n":2}]}');
    const batch = s.lastSeq;
    expect(done(s.events)).toEqual([]);
    s.wait(50).wsJson('s1', 'down', { ...base, policy: 'drop-newest', coalesced: 7 });
    const p = proofsOf(s.events);
    expect(p.coalesce?.done).toBe(true);
    expect(p.coalesce?.focusSeqs).toEqual([batch, s.lastSeq]);
  });

  it('does not prove coalesce from a batch up the wire or an unbatched frame', () => {
    const s = new LabScript();
    run(s, 1, 'buffer', [{ coalesced: 3 }]);
    s.wsText('d1', 'down', '{"n":1,"batch":false}');
    s.wsText('d1', 'up', '{"batch":[]}');
    expect(done(s.events)).not.toContain('coalesce');
  });

  it('proves compare when two runs with different settings have ended', () => {
    const s = new LabScript();
    run(s, 1, 'buffer', []);
    s.connClose('d1', 'end', 'client');
    const first = s.lastSeq;
    run(s, 2, 'buffer', []);
    s.connClose('d2', 'end', 'client');
    expect(done(s.events)).toEqual([]);
    run(s, 3, 'drop-oldest', []);
    expect(done(s.events)).toEqual([]);
    s.connClose('d3', 'end', 'client');
    const p = proofsOf(s.events);
    expect(p.compare?.done).toBe(true);
    expect(p.compare?.focusSeqs).toEqual([first, s.lastSeq]);
  });

  it('ignores the edge ↔ node hop', () => {
    const s = new LabScript({ hop: 'edge-node' });
    run(s, 1, 'buffer', [{ bufferedAmount: 5000 }]);
    expect(done(s.events)).toEqual([]);
  });

  it('folds the same through a FoldStore at any cursor', () => {
    const s = new LabScript();
    run(s, 1, 'buffer', [{ bufferedAmount: 10 }, { bufferedAmount: 5000 }]);
    const events = s.events;
    const src = { length: events.length, at: (i: number) => events[i], subscribe: () => () => {} };
    const store = new FoldStore(src, bpSteps, { checkpointEvery: 3 });
    expect(bpProofs(store.stateAt(events.length - 2)).grow?.done).toBe(false);
    expect(bpProofs(store.stateAt(events.length - 1)).grow?.done).toBe(true);
  });
});

describe('lesson 10 text and registry', () => {
  it('has one <Step> per registry step, in order, and a proof for each', async () => {
    const { readFileSync } = await import('node:fs');
    const { lessonBySlug } = await import('@/lib/content/lessons');
    const text = readFileSync('content/lessons/backpressure.mdx', 'utf8');
    const inText = [...text.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);
    const ids = lessonBySlug('backpressure')?.steps?.map((s) => s.id);
    expect(inText).toEqual(ids);
    expect(Object.keys(bpProofs(bpSteps.init()))).toEqual(ids);
  });
});
