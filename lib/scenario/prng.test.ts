import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, mulberry32, streamRandom } from './prng';

const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        expect(take(mulberry32(seed), 20)).toEqual(take(mulberry32(seed), 20));
      }),
    );
  });

  it('stays within [0, 1)', () => {
    const values = take(mulberry32(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('spreads values roughly evenly', () => {
    const values = take(mulberry32(123), 20_000);
    const low = values.filter((v) => v < 0.5).length / values.length;
    expect(low).toBeGreaterThan(0.47);
    expect(low).toBeLessThan(0.53);
  });

  it('separates streams of one seed and one stream across seeds', () => {
    expect(take(streamRandom(1, 'c1/up/drop'), 5)).not.toEqual(
      take(streamRandom(1, 'c1/down/drop'), 5),
    );
    expect(take(streamRandom(1, 'c1/up/drop'), 5)).not.toEqual(
      take(streamRandom(2, 'c1/up/drop'), 5),
    );
  });

  it('hashes strings to 32-bit unsigned integers (FNV-1a vectors)', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });
});
