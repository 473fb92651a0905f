import { describe, expect, it } from 'vitest';
import { PROGRESS_KEY, readProgress } from '@/lib/progress/progress';
import { StepsStore } from './steps-store';

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    raw: m,
  };
}

describe('StepsStore', () => {
  it('starts on the first step and moves on as the wire proves steps', () => {
    const s = new StepsStore('l', ['a', 'b', 'c'], memory(), () => 1);
    expect(s.getSnapshot().active).toBe('a');
    s.report({ a: { done: true }, b: { done: false } });
    expect([...s.getSnapshot().done]).toEqual(['a']);
    expect(s.getSnapshot().active).toBe('b');
  });

  it('latches a proven step even when the proof later reads false (e.g. scrubbing back)', () => {
    const s = new StepsStore('l', ['a', 'b'], memory(), () => 1);
    s.report({ a: { done: true } });
    s.report({ a: { done: false } });
    expect(s.getSnapshot().done.has('a')).toBe(true);
  });

  it('keeps progress in storage and reads it back; ignores ids the lesson no longer has', () => {
    const store = memory();
    const s = new StepsStore('l', ['a', 'b'], store, () => 42);
    s.report({ b: { done: true }, zz: { done: true } });
    expect(readProgress(store).lessons.l).toEqual({ done: ['b'], total: 2, updatedAt: 42 });
    expect(readProgress(store).last).toBe('l');
    const again = new StepsStore('l', ['a', 'b'], store);
    expect([...again.getSnapshot().done]).toEqual(['b']);
    expect(again.getSnapshot().active).toBe('a');
  });

  it('lets the learner jump, and moves on when the chosen step is proven', () => {
    const s = new StepsStore('l', ['a', 'b', 'c'], memory());
    s.choose('c');
    expect(s.getSnapshot().active).toBe('c');
    s.report({ a: { done: true } });
    expect(s.getSnapshot().active).toBe('c');
    s.report({ a: { done: true }, c: { done: true } });
    expect(s.getSnapshot().active).toBe('b');
  });

  it('notifies only on change', () => {
    const s = new StepsStore('l', ['a'], memory());
    let calls = 0;
    s.subscribe(() => calls++);
    s.report({ a: { done: false, focusSeqs: [1, 2] } });
    s.report({ a: { done: false, focusSeqs: [1, 2] } });
    expect(calls).toBe(1);
  });

  it('reset forgets the lesson', () => {
    const store = memory();
    const s = new StepsStore('l', ['a'], store);
    s.report({ a: { done: true } });
    s.reset();
    expect(s.getSnapshot().done.size).toBe(0);
    expect(readProgress(store).lessons.l).toBeUndefined();
    expect(store.raw.has(PROGRESS_KEY)).toBe(true);
  });
});
