import { describe, expect, it } from 'vitest';
import type { FaultInfo } from '../tap';
import { FaultReporter, SUMMARY_WINDOW_MS } from './fault-report';
import { TestClock } from './test-clock';

function setup() {
  const clock = new TestClock();
  const events: { fault: string; info: FaultInfo }[] = [];
  const reporter = new FaultReporter(
    { fault: (_hop, _dir, fault, info) => events.push({ fault, info }) },
    clock.now,
    clock.schedule,
  );
  return { clock, events, reporter };
}

const total = (events: { info: FaultInfo }[]) =>
  events.reduce((n, e) => n + (e.info.count ?? 1), 0);

describe('FaultReporter', () => {
  it('reports a flood as 20 events and one summary per second, counts adding up', () => {
    const { clock, events, reporter } = setup();
    for (let i = 0; i < 5000; i++) {
      reporter.report('edge-node', 'up', 'drop', { detail: `drop ${i}`, bytes: 10 });
      clock.advance(0.2); // 5,000 a second
    }
    clock.advance(SUMMARY_WINDOW_MS);
    expect(events.length).toBeLessThan(30);
    expect(total(events)).toBe(5000);
    const summary = events.find((e) => (e.info.count ?? 1) > 1);
    expect(summary?.info.detail).toMatch(/^\+\d+ more frames dropped in 1\.0 s/);
    expect(summary?.info.bytes).toBe((summary?.info.count ?? 0) * 10);
  });

  it('reports occasional faults one by one', () => {
    const { clock, events, reporter } = setup();
    for (let i = 0; i < 30; i++) {
      reporter.report('edge-node', 'up', 'drop', { detail: `drop ${i}` });
      clock.advance(100);
    }
    expect(events.map((e) => e.info.detail)).toEqual(
      Array.from({ length: 30 }, (_, i) => `drop ${i}`),
    );
  });

  it('keeps separate budgets per fault and direction; latency is once a second', () => {
    const { clock, events, reporter } = setup();
    for (let i = 0; i < 10; i++) {
      reporter.report('edge-node', 'up', 'latency', { detail: 'held', delayMs: 100 + i });
      reporter.report('browser-edge', 'down', 'drop', { detail: 'drop' });
      clock.advance(10);
    }
    expect(events.filter((e) => e.fault === 'drop')).toHaveLength(10);
    expect(events.filter((e) => e.fault === 'latency')).toHaveLength(1);
    clock.advance(SUMMARY_WINDOW_MS);
    const latency = events.filter((e) => e.fault === 'latency');
    expect(latency).toHaveLength(2);
    expect(latency[1]?.info).toMatchObject({ count: 9, delayMs: 109 });
  });

  it('destroy reports what is pending and stops', () => {
    const { clock, events, reporter } = setup();
    for (let i = 0; i < 3; i++) reporter.report('edge-node', 'up', 'blackhole', { detail: 'x' });
    reporter.destroy();
    expect(total(events)).toBe(3);
    reporter.report('edge-node', 'up', 'blackhole', { detail: 'late' });
    clock.advance(5000);
    expect(total(events)).toBe(3);
    expect(clock.pending).toBe(0);
  });
});
