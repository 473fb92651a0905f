import { describe, expect, it } from 'vitest';
import { append, emptyList, itemAt, itemsOf } from './append-list';

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

  it("reads one item without copying, only below the list's size", () => {
    const a = append(emptyList<number>(), 1, 2);
    const b = append(a, 3);
    expect(itemAt(a, 1)).toBe(2);
    expect(itemAt(a, 2)).toBeUndefined();
    expect(itemAt(b, 2)).toBe(3);
    expect(itemAt(b, -1)).toBeUndefined();
  });
});
