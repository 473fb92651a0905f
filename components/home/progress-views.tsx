'use client';
import Link from 'next/link';
import styles from './progress-views.module.css';
import { useProgress } from './use-progress';

export interface ContinueTarget {
  slug: string;
  title: string;
  href: string;
}

/**
 * "Continue where you left off": the last lesson opened and its steps proven. Server-rendered as
 * "Start with" the first lesson; the same one line, so nothing shifts when the client knows more.
 */
export function ContinueLink({ lessons }: { lessons: readonly ContinueTarget[] }) {
  const progress = useProgress();
  const last =
    progress?.last === undefined ? undefined : lessons.find((l) => l.slug === progress.last);
  const first = lessons[0];
  const target = last ?? first;
  if (!target) return null;
  const steps = last ? progress?.lessons[last.slug] : undefined;
  return (
    <p className={styles.continue} data-testid="continue">
      <span className={styles.verb}>{last ? 'Continue:' : 'Start with:'}</span>{' '}
      <Link href={target.href}>{target.title}</Link>
      {steps && steps.total > 0 ? (
        <span className={styles.steps}>
          {' '}
          · {Math.min(steps.done.length, steps.total)} of {steps.total} steps
        </span>
      ) : null}
    </p>
  );
}

/** A card's own progress ("2 of 6 steps", "all 6 steps"), once the browser has any for it. */
export function CardProgress({ slug }: { slug: string }) {
  const p = useProgress()?.lessons[slug];
  if (!p || p.total <= 0) return null;
  const done = Math.min(p.done.length, p.total);
  return (
    <span className={styles.card} data-testid="card-progress">
      {done === p.total ? `✓ all ${p.total} steps` : `${done} of ${p.total} steps`}
    </span>
  );
}
