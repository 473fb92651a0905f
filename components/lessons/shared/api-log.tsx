'use client';
/**
 * "What the page's JavaScript saw": the client API's own events next to the wire view, so the
 * learner sees how little of the traffic reaches application code.
 */
import { useId } from 'react';
import styles from './panel.module.css';

export interface ApiLogNote {
  id: number | string;
  text: string;
}

export function ApiLog({ notes, intro }: { notes: readonly ApiLogNote[]; intro?: string }) {
  const heading = useId();
  return (
    <section className={styles.card} aria-labelledby={heading}>
      <h3 id={heading}>What the page’s JavaScript saw</h3>
      {intro ? <p className={styles.muted}>{intro}</p> : null}
      {notes.length === 0 ? (
        <p className={styles.muted}>Nothing yet.</p>
      ) : (
        <ol
          className={styles.apiLog}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
          aria-label="What the page's JavaScript saw (scrolls)"
        >
          {notes.map((n) => (
            <li key={n.id}>{n.text}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
