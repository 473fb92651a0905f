import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../scenario/prng';
import { MessageDice, MessageShuffler } from './message-faults';

const fates = (seed: number, n: number, rates = { drop: 10, dup: 5, reorder: 5 }) => {
  const dice = new MessageDice(mulberry32(seed), rates);
  return Array.from({ length: n }, () => dice.fate());
};

describe('message faults', () => {
  it('pick identical drop indices for the same seed', () => {
    const dropped = (seed: number) =>
      fates(seed, 500)
        .map((f, i) => (f === 'drop' ? i : -1))
        .filter((i) => i >= 0);
    expect(dropped(7)).toEqual(dropped(7));
    expect(dropped(7)).not.toEqual(dropped(8));
  });

  it('drop everything at 100 % and nothing at 0 %', () => {
    expect(new Set(fates(1, 100, { drop: 100, dup: 0, reorder: 0 }))).toEqual(new Set(['drop']));
    expect(new Set(fates(1, 100, { drop: 0, dup: 0, reorder: 0 }))).toEqual(new Set(['pass']));
  });

  it('drop close to the configured rate', () => {
    const dropped = fates(3, 20_000, { drop: 25, dup: 0, reorder: 0 }).filter((f) => f === 'drop');
    expect(dropped.length / 20_000).toBeGreaterThan(0.23);
    expect(dropped.length / 20_000).toBeLessThan(0.27);
  });

  it('deliver every unit that is not dropped, duplicates counted, after a flush', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 200 }), (seed, units) => {
        const shuffler = new MessageShuffler<number>(
          new MessageDice(mulberry32(seed), { drop: 10, dup: 10, reorder: 20 }),
        );
        const out: number[] = [];
        let expected = 0;
        for (const u of units) {
          const r = shuffler.push(u);
          out.push(...r.out);
          expected += r.fate === 'drop' ? 0 : r.fate === 'dup' ? 2 : 1;
        }
        out.push(...shuffler.flush());
        expect(out.length).toBe(expected);
      }),
    );
  });

  it('let the next unit overtake a held one', () => {
    const rolls = [0.99, 0.99, 0, 0.99, 0.99, 0.99];
    const shuffler = new MessageShuffler<string>(
      new MessageDice(() => rolls.shift() ?? 0.99, { drop: 0, dup: 0, reorder: 50 }),
    );
    expect(shuffler.push('a').out).toEqual([]);
    expect(shuffler.push('b').out).toEqual(['b', 'a']);
  });
});
