import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FoldStore, type Reducer } from './fold-store';

class ArraySource<E> {
  items: E[] = [];
  generation = 0;
  private readonly listeners = new Set<() => void>();
  get length() {
    return this.items.length;
  }
  at(i: number) {
    return this.items[i];
  }
  subscribe(l: () => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  push(...e: E[]) {
    this.items.push(...e);
    for (const l of this.listeners) l();
  }
  clear() {
    this.items.length = 0;
    for (const l of this.listeners) l();
  }
  /** Lets go of the oldest, as EventLog does past maxKept: indexes restart, generation goes up. */
  release(keep: number) {
    this.items = this.items.slice(-keep);
    this.generation += 1;
    for (const l of this.listeners) l();
  }
}

/** Counts calls, so the test can tell each event was folded once. */
function counting(): Reducer<{ sum: number; n: number }, number> & { calls: number } {
  const r = {
    calls: 0,
    init: () => ({ sum: 0, n: 0 }),
    step: (s: { sum: number; n: number }, e: number) => {
      r.calls++;
      return { sum: s.sum + e, n: s.n + 1 };
    },
  };
  return r;
}

describe('FoldStore', () => {
  it('folds each appended event exactly once while following', () => {
    const src = new ArraySource<number>();
    const r = counting();
    const store = new FoldStore(src, r, { checkpointEvery: 4 });
    let heard = 0;
    const off = store.subscribe(() => heard++);
    for (let i = 1; i <= 10; i++) src.push(i);
    expect(store.getSnapshot()).toEqual({ sum: 55, n: 10 });
    expect(r.calls).toBe(10);
    expect(heard).toBe(10);
    off();
    src.push(100);
    expect(heard).toBe(10);
  });

  it('the state at any index equals a fold of the prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: -1, max: 300 }),
        (events, every, index) => {
          const src = new ArraySource<number>();
          src.push(...events);
          const store = new FoldStore(src, counting(), { checkpointEvery: every });
          const upTo = Math.min(index, events.length - 1);
          const expected = events.slice(0, upTo + 1).reduce((a, b) => a + b, 0);
          expect(store.stateAt(index).sum).toBe(expected);
          expect(store.stateAt(index).n).toBe(upTo + 1);
        },
      ),
    );
  });

  it('seeking costs at most one checkpoint interval of steps', () => {
    const src = new ArraySource<number>();
    src.push(...Array.from({ length: 10_000 }, (_, i) => i));
    const r = counting();
    const store = new FoldStore(src, r, { checkpointEvery: 100 });
    const before = r.calls;
    store.stateAt(5_555);
    expect(r.calls - before).toBeLessThanOrEqual(100);
  });

  it('folds what the source keeps again when it released its oldest events', () => {
    const src = new ArraySource<number>();
    const reducer = counting();
    const store = new FoldStore(src, reducer, { checkpointEvery: 4 });
    store.subscribe(() => {});
    src.push(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(store.getSnapshot()).toEqual({ sum: 55, n: 10 });
    // The source keeps its newest 3 (and then grows again with as many events as before).
    src.release(3);
    src.push(11, 12, 13, 14, 15, 16, 17);
    expect(store.getSnapshot()).toEqual({
      sum: 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17,
      n: 10,
    });
    expect(store.stateAt(2)).toEqual({ sum: 27, n: 3 });
  });

  it('starts again when the log is cleared', () => {
    const src = new ArraySource<number>();
    const store = new FoldStore(src, counting());
    store.subscribe(() => {});
    src.push(1, 2, 3);
    src.clear();
    src.push(7);
    expect(store.getSnapshot()).toEqual({ sum: 7, n: 1 });
  });
});

describe('FoldStore.snapshotAt (the cursor snapshot useFoldAt reads)', () => {
  it('is the prefix state, the same object per index, and live at or past the end', () => {
    const src = new ArraySource<number>();
    src.push(...Array.from({ length: 1000 }, (_, i) => i));
    const r = counting();
    const store = new FoldStore(src, r, { checkpointEvery: 64 });
    const a = store.snapshotAt(500);
    expect(a).toEqual({ sum: (500 * 501) / 2, n: 501 });
    const calls = r.calls;
    expect(store.snapshotAt(500)).toBe(a);
    expect(r.calls).toBe(calls);
    expect(store.snapshotAt(Number.POSITIVE_INFINITY)).toBe(store.getSnapshot());
    expect(store.snapshotAt(999)).toBe(store.getSnapshot());
    expect(store.snapshotAt(-1)).toEqual({ sum: 0, n: 0 });
  });

  it('keeps a past snapshot while the log grows, follows the live one, drops both on clear', () => {
    const src = new ArraySource<number>();
    const store = new FoldStore(src, counting(), { checkpointEvery: 4 });
    let heard = 0;
    store.subscribe(() => heard++);
    src.push(1, 2, 3, 4, 5);
    const past = store.snapshotAt(2);
    const live = store.snapshotAt(Number.POSITIVE_INFINITY);
    src.push(6);
    expect(heard).toBe(2);
    expect(store.snapshotAt(2)).toBe(past);
    expect(store.snapshotAt(Number.POSITIVE_INFINITY)).not.toBe(live);
    expect(store.snapshotAt(Number.POSITIVE_INFINITY)).toEqual({ sum: 21, n: 6 });
    src.clear();
    src.push(10, 20, 30, 40);
    expect(store.snapshotAt(2)).not.toBe(past);
    expect(store.snapshotAt(2)).toEqual({ sum: 60, n: 3 });
  });
});

describe('FoldStore notifications', () => {
  it('tells subscribers of a batch even when a read folded it first', () => {
    const items: number[] = [];
    const listeners = new Set<() => void>();
    const src = {
      get length() {
        return items.length;
      },
      at: (i: number) => items[i],
      subscribe(l: () => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const store = new FoldStore(src, counting());
    let heard = 0;
    store.subscribe(() => heard++);
    items.push(1, 2);
    store.snapshotAt(Number.POSITIVE_INFINITY); // a render reads before the log notifies
    for (const l of listeners) l();
    expect(heard).toBe(1);
    expect(store.getSnapshot()).toEqual({ sum: 3, n: 2 });
  });
});
