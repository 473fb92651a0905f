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

  it('shows a latency below 0 as a clock-offset warning, not as 0', () => {
    const s = new LabScript({ bothHops: true });
    s.wsOpen('ws1', FEED_PATH);
    s.t = 1000;
    s.wsJson('ws1', 'down', tick(1, 1000));
    // A message stamped 700 ms after it reached the browser, which the node hop never showed.
    s.t = 1800;
    s.longPoll('sh1', 0, [tick(2, 2500)], 2, { short: true });
    const tracker = new ComparisonTracker();
    tracker.push(s.events.filter((e) => !(e.hop === 'edge-node' && e.conn === 'sh1')));
    const rows = new Map(tracker.rows().map((r) => [r.transport, r]));
    const short = rows.get('short-poll');
    // About −700 ms (the script's events take a few ms each): kept below 0, and flagged.
    expect(short?.p50).toBeLessThan(-600);
    expect(short?.negativeLatency).toBe(short?.p50);
    expect(rows.get('ws')?.negativeLatency).toBeUndefined();
  });

  it('counts SSE framing from the bytes: event fields, and chunked transfer-encoding', () => {
    const s = new LabScript();
    const get = s.sseRequest('se1');
    s.sseAccept('se1', get);
    // 16..255 bytes per chunk: a 2-digit chunk-size line + CRLF, and the CRLF after the data.
    const data = (id: number) => JSON.stringify({ ...tick(id, 0), pad: 'x'.repeat(20) });
    s.wait(1).sseEvent('se1', { id: '1', data: data(1) });
    s.wait(1).sseEvent('se1', { id: '2', data: data(2) });
    const tracker = new ComparisonTracker();
    tracker.push(s.events);
    const sse = tracker.rows().find((r) => r.transport === 'sse');
    expect(sse?.messages).toBe(2);
    expect(sse?.chunkFramingPerMessage).toBe(6);
    // "id: 1\n" + "data: " + "\n\n"
    expect(sse?.sseFieldsPerMessage).toBe(14);
  });
});
