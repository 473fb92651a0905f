import { describe, expect, it } from 'vitest';
import { FLOOD_FACTOR, MirrorBudget } from './mirror-budget';

function clocked(rates = { bytesPerSecond: 1000, framesPerSecond: 10 }) {
  let now = 0;
  const budget = new MirrorBudget(rates, () => now);
  return { budget, advance: (ms: number) => (now += ms) };
}

describe('MirrorBudget', () => {
  it('carries a second of frames, then thins until the buckets refill', () => {
    const { budget, advance } = clocked();
    const taken = Array.from({ length: 15 }, () => budget.take(10)).filter(Boolean).length;
    expect(taken).toBe(10);
    advance(100);
    expect(budget.take(10)).toBe(true);
    expect(budget.take(10)).toBe(false);
  });

  it('thins a frame the bytes budget cannot pay for, even with frames to spare', () => {
    const { budget } = clocked();
    expect(budget.take(900)).toBe(true);
    expect(budget.take(200)).toBe(false);
    expect(budget.take(100)).toBe(true);
  });

  it(`floods past ${FLOOD_FACTOR}× the frames budget and says how long to wait`, () => {
    const { budget, advance } = clocked();
    for (let i = 0; i < 10 * FLOOD_FACTOR; i++) budget.seen();
    expect(budget.flooding).toBe(false);
    for (let i = 0; i < 5 * FLOOD_FACTOR; i++) budget.take(1);
    expect(budget.flooding).toBe(true);
    expect(budget.floodWaitMs()).toBe(500);
    advance(500);
    expect(budget.flooding).toBe(false);
    expect(budget.floodWaitMs()).toBe(0);
  });
});
