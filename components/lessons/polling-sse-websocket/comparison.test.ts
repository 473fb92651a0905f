import { describe, expect, it } from 'vitest';
import { FEED_PATH, LabScript } from '@/lib/machines/test-lab-script';
import { ComparisonTracker } from './comparison';

const EPOCH = 1_700_000_000_000;
const tick = (id: number, t: number) => ({ id, data: `tick ${id}`, at: EPOCH + t });

describe('ComparisonTracker', () => {
  it('puts `at` on the session clock from the edge-node hop and times each transport', () => {
    const s = new LabScript({ bothHops: true });
    s.wsOpen('ws1', FEED_PATH);
    s.t = 1000;
    s.wsJson('ws1', 'down', tick(1, 1000));
    s.t = 1000;
    s.longPoll('sh1', 0, [], 0, { short: true });
    s.t = 1800;
    s.longPoll('sh1', 0, [tick(1, 1000)], 1, { short: true });
    const tracker = new ComparisonTracker();
    tracker.push(s.events);
    expect(tracker.startEpochMs).toBe(EPOCH);
    const rows = new Map(tracker.rows().map((r) => [r.transport, r]));
    expect(rows.get('ws')?.p50).toBeLessThan(1);
    expect(rows.get('short-poll')?.p50).toBeGreaterThanOrEqual(800);
    expect(rows.get('short-poll')?.requests).toBe(2);
    expect(rows.get('ws')?.messages).toBe(1);
    expect(rows.get('sse')?.messages).toBe(0);
    expect(Number.isNaN(rows.get('sse')?.p50)).toBe(true);
  });

  it('has no latency before a message was seen leaving the node', () => {
    const tracker = new ComparisonTracker();
    expect(tracker.startEpochMs).toBeUndefined();
    expect(tracker.rows().every((r) => Number.isNaN(r.p50))).toBe(true);
  });
});
