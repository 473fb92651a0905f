import { describe, expect, it } from 'vitest';
import { streamRandom } from '../scenario/prng';
import { backoffDelay, backoffSchedule, seededSchedule } from './backoff';

const S = { base: 1000, factor: 2, cap: 5000, jitter: 0, retries: 6 };

describe('backoffSchedule', () => {
  it('doubles from the base up to the cap without jitter', () => {
    const plan = backoffSchedule(S, () => 0.3);
    expect(plan.map((p) => p.delay)).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(plan.map((p) => p.at)).toEqual([1000, 3000, 7000, 12000, 17000, 22000]);
  });

  it('uses the factor knob', () => {
    const plan = backoffSchedule({ ...S, factor: 3, cap: 60_000, retries: 4 }, () => 0);
    expect(plan.map((p) => p.delay)).toEqual([1000, 3000, 9000, 27000]);
  });

  it('gives no attempt with zero retries', () => {
    expect(backoffSchedule({ ...S, retries: 0 }, Math.random)).toEqual([]);
  });

  it('moves each delay by at most ± jitter × delay, never past the cap', () => {
    const s = { ...S, jitter: 0.5, retries: 50, cap: 60_000 };
    for (const p of backoffSchedule(s, streamRandom(7, 'x'))) {
      expect(Math.abs(p.delay - p.nominal)).toBeLessThanOrEqual(p.nominal * 0.5);
      expect(p.delay).toBeLessThanOrEqual(60_000);
    }
  });

  it('matches socket.io-client for one draw (r = 0.25: tenth digit 2 → minus)', () => {
    expect(backoffDelay({ ...S, jitter: 0.5 }, 0, 0.25)).toBe(875);
    expect(backoffDelay({ ...S, jitter: 0.5 }, 0, 0.35)).toBe(1175);
  });

  it('is exactly reproducible from a seed, and differs between outages', () => {
    const s = { ...S, jitter: 0.5 };
    expect(seededSchedule(s, 42, 1)).toEqual(seededSchedule(s, 42, 1));
    expect(seededSchedule(s, 42, 1)).not.toEqual(seededSchedule(s, 42, 2));
    expect(seededSchedule(s, 42, 1).map((p) => p.delay)).toMatchInlineSnapshot(`
      [
        1063,
        1752,
        5000,
        5000,
        5000,
        5000,
      ]
    `);
  });
});
