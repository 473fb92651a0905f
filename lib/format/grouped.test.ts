import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupThousands } from './grouped';

describe('groupThousands', () => {
  it('groups like en-US', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1000)).toBe('1,000');
    expect(groupThousands(65_536)).toBe('65,536');
    expect(groupThousands(-1_234_567)).toBe('-1,234,567');
  });

  it('writes -0 as 0 (toLocaleString writes "-0")', () => {
    expect(groupThousands(-0)).toBe('0');
  });

  it('equals toLocaleString("en-US") for every other safe integer', () => {
    const ints = fc
      .integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })
      .filter((n) => !Object.is(n, -0));
    fc.assert(
      fc.property(ints, (n) => {
        expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });
});
