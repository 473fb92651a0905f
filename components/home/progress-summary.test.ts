import { describe, expect, it } from 'vitest';
import { markOpened, markStepDone, readProgress } from '@/lib/progress/progress';
import { continueLine, stepsText } from './progress-summary';

const LESSONS = [
  {
    slug: 'websocket-handshake',
    title: 'The WebSocket handshake',
    href: '/lessons/websocket-handshake',
  },
  {
    slug: 'engineio-upgrade',
    title: 'Engine.IO: from polling to WebSocket',
    href: '/lessons/engineio-upgrade',
  },
];

function memoryStore() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  };
}

describe('continueLine', () => {
  it('with no progress (or not read yet) points at the first lesson', () => {
    expect(continueLine(undefined, LESSONS)).toEqual({ verb: 'Start with:', target: LESSONS[0] });
    expect(continueLine({ lessons: {} }, LESSONS)).toEqual({
      verb: 'Start with:',
      target: LESSONS[0],
    });
  });

  it('names the last lesson opened and its steps proven', () => {
    const store = memoryStore();
    markOpened(store, 'engineio-upgrade');
    for (const step of ['open', 'probe', 'upgrade'])
      markStepDone(store, 'engineio-upgrade', step, 6, 1);
    expect(continueLine(readProgress(store), LESSONS)).toEqual({
      verb: 'Continue:',
      target: LESSONS[1],
      steps: '3 of 6 steps',
    });
  });

  it('a last lesson that is no longer listed falls back to the first', () => {
    expect(continueLine({ lessons: {}, last: 'gone' }, LESSONS)?.verb).toBe('Start with:');
  });

  it('a lesson opened but with no step yet shows no count', () => {
    expect(continueLine({ lessons: {}, last: 'engineio-upgrade' }, LESSONS)).toEqual({
      verb: 'Continue:',
      target: LESSONS[1],
    });
  });
});

describe('stepsText', () => {
  it('counts distinct steps, caps at the total, and says when all are done', () => {
    expect(stepsText(undefined)).toBeUndefined();
    expect(stepsText({ done: [], total: 0, updatedAt: 0 })).toBeUndefined();
    expect(stepsText({ done: ['a'], total: 4, updatedAt: 0 })).toBe('1 of 4 steps');
    expect(stepsText({ done: ['a', 'a', 'b'], total: 4, updatedAt: 0 })).toBe('2 of 4 steps');
    expect(stepsText({ done: ['a', 'b', 'c', 'd', 'e'], total: 4, updatedAt: 0 })).toBe(
      'all 4 steps ✓',
    );
  });
});
