'use client';
/** One guided step in a lesson's text: what to do, what the wire will show, ticked by the wire. */
import type { ReactNode } from 'react';
import { useSteps, useStepsStore, useStepTitle } from './lesson-steps';
import styles from './step.module.css';

export function Step({ id, children }: { id: string; children: ReactNode }) {
  const title = useStepTitle(id);
  const store = useStepsStore();
  const s = useSteps();
  const index = s.ids.indexOf(id);
  const done = s.done.has(id);
  const active = s.active === id;
  return (
    <section
      className={`${styles.step} ${done ? styles.done : ''} ${active ? styles.active : ''}`}
      aria-labelledby={`step-${id}`}
      aria-current={active ? 'step' : undefined}
      data-step={id}
      data-done={done ? 'true' : 'false'}
    >
      <h3 id={`step-${id}`} className={styles.heading}>
        <span className={styles.mark} aria-hidden="true">
          {done ? '✓' : index + 1}
        </span>
        <span>
          <span className="visually-hidden">Step {index + 1}: </span>
          {title}
        </span>
        <span className={styles.state}>{done ? 'seen on the wire' : 'not seen yet'}</span>
      </h3>
      <div className={styles.body}>{children}</div>
      {active ? null : (
        <button type="button" className={styles.jump} onClick={() => store?.choose(id)}>
          Work on this step
        </button>
      )}
    </section>
  );
}

export function Do({ children }: { children: ReactNode }) {
  return (
    <div className={styles.do}>
      <strong className={styles.tag}>Do</strong> {children}
    </div>
  );
}

export function See({ children }: { children: ReactNode }) {
  return (
    <div className={styles.see}>
      <strong className={styles.tag}>See</strong> {children}
    </div>
  );
}

/** "3 of 6 steps seen on the wire", with the active step and a way to start over. */
export function StepsProgress({ compact = false }: { compact?: boolean }) {
  const store = useStepsStore();
  const s = useSteps();
  const activeTitle = useStepTitle(s.active);
  if (s.ids.length === 0) return null;
  const n = s.ids.filter((id) => s.done.has(id)).length;
  const activeIndex = s.active ? s.ids.indexOf(s.active) : -1;
  return (
    <div className={`${styles.progress} ${compact ? styles.compact : ''}`}>
      <progress max={s.ids.length} value={n} aria-label="Steps seen on the wire" />
      <span role="status" aria-live="polite">
        {n} of {s.ids.length} steps seen on the wire
        {activeIndex >= 0
          ? ` · now: ${activeIndex + 1}. ${activeTitle}`
          : n === s.ids.length
            ? ' · all done'
            : ''}
      </span>
      {n > 0 && !compact ? (
        <button type="button" className={styles.jump} onClick={() => store?.reset()}>
          Start over
        </button>
      ) : null}
    </div>
  );
}
