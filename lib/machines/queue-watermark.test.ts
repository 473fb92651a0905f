import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { foldEvents } from './fold';
import { type QueueStat, queueEventsOf, queueWatermarkMachine, statsOf } from './queue-watermark';
import { LabScript } from './test-lab-script';

const base: QueueStat = {
  type: 'stat',
  at: 0,
  policy: 'drop-oldest',
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

function script(stats: Partial<QueueStat>[]): LabScript {
  const s = new LabScript();
  s.wsOpen('c1', '/lab/x/bp?channel=stats');
  for (const st of stats) s.wait(100).wsJson('c1', 'down', { ...base, ...st });
  return s;
}

describe('queueWatermarkMachine', () => {
  it('goes above the watermark, drops, then falls back below (simulated 100 ms reports)', () => {
    const s = script([
      { bufferedAmount: 200 },
      { bufferedAmount: 1200, policy: 'buffer' },
      { bufferedAmount: 900, queued: 100, dropped: 5 },
      { bufferedAmount: 900, queued: 100, dropped: 5 },
      { bufferedAmount: 10, dropped: 5 },
    ]);
    const points = statsOf(s.events);
    expect(points).toHaveLength(5);
    const { transitions, snapshot } = foldEvents(queueWatermarkMachine, queueEventsOf(points));
    expect(transitions.map((t) => t.to)).toEqual(['below', 'above', 'dropping', 'above', 'below']);
    expect(snapshot.context.depth).toBe(10);
  });

  it('shows paused while the producer waits for the drain', () => {
    const s = script([{ bufferedAmount: 1500, paused: true }, { bufferedAmount: 0 }]);
    const { transitions } = foldEvents(queueWatermarkMachine, queueEventsOf(statsOf(s.events)));
    expect(transitions.map((t) => t.to)).toEqual(['paused', 'below']);
  });

  it('charts its four states', () => {
    const ids = chartOf(queueWatermarkMachine).nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(['queue.below', 'queue.above', 'queue.paused', 'queue.dropping']),
    );
  });
});
