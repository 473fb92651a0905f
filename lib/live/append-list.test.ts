import { describe, expect, it } from 'vitest';
import { append, emptyList, itemsOf } from './append-list';

describe('AppendList', () => {
  it('never changes a list already handed out', () => {
    const a = append(emptyList<number>(), 1, 2);
    const b = append(a, 3);
    const c = append(a, 9); // a branch from an older list (a checkpoint replayed)
    const d = append(b, 4);
    expect(itemsOf(a)).toEqual([1, 2]);
    expect(itemsOf(b)).toEqual([1, 2, 3]);
    expect(itemsOf(c)).toEqual([1, 2, 9]);
    expect(itemsOf(d)).toEqual([1, 2, 3, 4]);
    expect(append(c, 10).size).toBe(4);
    expect(itemsOf(b)).toEqual([1, 2, 3]);
  });

  it('returns the same list for nothing appended and the same view per list', () => {
    const a = append(emptyList<string>(), 'x');
    expect(append(a)).toBe(a);
    expect(itemsOf(a)).toBe(itemsOf(a));
  });
});
