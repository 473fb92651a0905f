import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import { queuePoints } from './queue-points';

const stat = (bufferedAmount: number) => ({
  type: 'stat',
  at: 0,
  policy: 'buffer',
  watermark: 1000,
  bufferedAmount,
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
});

describe('queuePoints', () => {
  it('keeps the reports of the latest stats connection, in order, and ignores the rest', () => {
    const s = new LabScript();
    s.wsOpen('s1', '/lab/x/bp?channel=stats');
    s.wsJson('s1', 'down', stat(1)).wsJson('s1', 'down', stat(2));
    s.wsText('s1', 'down', '{"n":1}');
    let state = queuePoints.init();
    for (const e of s.events) state = queuePoints.step(state, e);
    expect(state.points.map((p) => p.stat.bufferedAmount)).toEqual([1, 2]);
    const before = state;
    s.wsJson('s1', 'up', stat(9));
    s.wsOpen('s2', '/lab/x/bp?channel=stats');
    s.wsJson('s2', 'down', stat(3));
    const tail = s.events.slice(-5);
    expect(queuePoints.step(before, tail[0] as never)).toBe(before);
    for (const e of tail) state = queuePoints.step(state, e);
    expect(state.conn).toBe('s2');
    expect(state.points.map((p) => p.stat.bufferedAmount)).toEqual([3]);
  });
});
