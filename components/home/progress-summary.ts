/**
 * What the home page says about the learner's progress (lib/progress), as plain data: the
 * "Continue" line and each card's count. Pure, so it is tested without a browser.
 */
import type { LessonProgress, Progress } from '@/lib/progress/progress';

export interface ContinueTarget {
  slug: string;
  title: string;
  href: string;
}

export interface ContinueLine {
  verb: 'Continue:' | 'Start with:';
  target: ContinueTarget;
  /** "3 of 6 steps", when the lesson has recorded steps. */
  steps?: string;
}

/**
 * The last lesson opened (when it is still a live lesson) with its steps, else the first lesson.
 * `progress` undefined (not read yet: server render, first client render) reads as no progress.
 */
export function continueLine(
  progress: Progress | undefined,
  lessons: readonly ContinueTarget[],
): ContinueLine | undefined {
  const last = lessons.find((l) => l.slug === progress?.last);
  if (last) {
    const steps = stepsText(progress?.lessons[last.slug]);
    return { verb: 'Continue:', target: last, ...(steps === undefined ? {} : { steps }) };
  }
  const first = lessons[0];
  return first ? { verb: 'Start with:', target: first } : undefined;
}

/** "2 of 6 steps", "all 6 steps ✓", or undefined when nothing is recorded. */
export function stepsText(p: LessonProgress | undefined): string | undefined {
  if (!p || p.total <= 0) return undefined;
  const done = Math.min(new Set(p.done).size, p.total);
  return done === p.total ? `all ${p.total} steps ✓` : `${done} of ${p.total} steps`;
}
