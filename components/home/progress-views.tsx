'use client';
import Link from 'next/link';
import { type ContinueTarget, continueLine, stepsText } from './progress-summary';
import styles from './progress-views.module.css';
import { useProgress } from './use-progress';

/**
 * "Continue where you left off": the last lesson opened and its steps proven. Server-rendered as
 * "Start with" the first lesson; the same one line, so nothing shifts when the client knows more.
 */
export function ContinueLink({ lessons }: { lessons: readonly ContinueTarget[] }) {
  const line = continueLine(useProgress(), lessons);
  if (!line) return null;
  return (
    <p className={styles.continue} data-testid="continue">
      <span className={styles.verb}>{line.verb}</span>{' '}
      <Link href={line.target.href}>{line.target.title}</Link>
      {line.steps ? <span className={styles.steps}> · {line.steps}</span> : null}
    </p>
  );
}

/** A card's own progress ("2 of 6 steps"), once this browser has some for it. */
export function CardProgress({ slug }: { slug: string }) {
  const text = stepsText(useProgress()?.lessons[slug]);
  if (!text) return null;
  return (
    <span className={styles.card} data-testid="card-progress">
      {text}
    </span>
  );
}
