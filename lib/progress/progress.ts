/**
 * A learner's progress through the lessons, kept in this browser only (localStorage).
 * One JSON value under PROGRESS_KEY: per lesson, the ids of the steps the wire has proven and the
 * number of steps, plus which lesson was opened last ("continue where you left off").
 * Pure functions over a `Storage`-like object so tests need no browser.
 */

export const PROGRESS_KEY = 'wirelab:progress:v1';

export interface LessonProgress {
  /** Step ids the wire has proven, in the order they were proven. */
  done: string[];
  /** How many steps the lesson has (so "3 of 6" can be shown without loading the lesson). */
  total: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

export interface Progress {
  lessons: Record<string, LessonProgress>;
  /** Slug of the lesson opened most recently. */
  last?: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const EMPTY: Progress = { lessons: {} };

function isLessonProgress(v: unknown): v is LessonProgress {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.done) &&
    o.done.every((d) => typeof d === 'string') &&
    typeof o.total === 'number' &&
    typeof o.updatedAt === 'number'
  );
}

/** Reads the stored progress; anything unreadable (old format, hand-edited) counts as none. */
export function readProgress(store: KeyValueStore | undefined): Progress {
  if (!store) return EMPTY;
  let raw: string | null;
  try {
    raw = store.getItem(PROGRESS_KEY);
  } catch {
    return EMPTY;
  }
  if (!raw) return EMPTY;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return EMPTY;
    const o = parsed as Record<string, unknown>;
    const lessons: Record<string, LessonProgress> = {};
    if (typeof o.lessons === 'object' && o.lessons !== null) {
      for (const [slug, p] of Object.entries(o.lessons)) if (isLessonProgress(p)) lessons[slug] = p;
    }
    return typeof o.last === 'string' ? { lessons, last: o.last } : { lessons };
  } catch {
    return EMPTY;
  }
}

function write(store: KeyValueStore | undefined, p: Progress): Progress {
  try {
    store?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    // Storage full or refused (private mode): progress is a convenience, never an error.
  }
  return p;
}

/** Records that the wire proved `stepId` in lesson `slug` (idempotent). */
export function markStepDone(
  store: KeyValueStore | undefined,
  slug: string,
  stepId: string,
  total: number,
  now: number,
): Progress {
  const p = readProgress(store);
  const prev = p.lessons[slug];
  if (prev?.done.includes(stepId) && prev.total === total) return p;
  const done = prev ? [...prev.done.filter((d) => d !== stepId), stepId] : [stepId];
  return write(store, { ...p, lessons: { ...p.lessons, [slug]: { done, total, updatedAt: now } } });
}

/** Remembers `slug` as the lesson to continue with. */
export function markOpened(store: KeyValueStore | undefined, slug: string): Progress {
  const p = readProgress(store);
  if (p.last === slug) return p;
  return write(store, { ...p, last: slug });
}

/** Forgets one lesson's progress ("start over"). */
export function resetLesson(store: KeyValueStore | undefined, slug: string): Progress {
  const p = readProgress(store);
  const { [slug]: _gone, ...rest } = p.lessons;
  return write(store, { ...p, lessons: rest });
}

/** The browser's localStorage, or undefined where there is none (server, refused). */
export function browserStore(): KeyValueStore | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
