import Link from 'next/link';
import type { ReactNode } from 'react';
import type { LessonEntry } from '@/lib/content/lessons';
import { LESSONS, lessonHref } from '@/lib/content/lessons';
import { StepsProvider } from '../lesson/lesson-steps';
import { StepsProgress } from '../lesson/step';
import styles from './lesson-shell.module.css';

interface Props {
  lesson: LessonEntry;
  /** The lesson text (MDX, rendered on the server), with its <Step>s. */
  text: ReactNode;
  /** The live panel (client). */
  live: ReactNode;
}

function neighbour(order: number, step: 1 | -1): LessonEntry | undefined {
  for (let o = order + step; o >= 1 && o <= LESSONS.length; o += step) {
    const l = LESSONS.find((x) => x.order === o);
    if (l?.status === 'live') return l;
  }
  return undefined;
}

/**
 * A lesson page: the text and its steps in one column, the live views beside it and in view while
 * the text scrolls (≥ 1,100 px); narrower, the live views come first and the steps follow.
 */
export function LessonShell({ lesson, text, live }: Props) {
  const prev = neighbour(lesson.order, -1);
  const next = neighbour(lesson.order, 1);
  return (
    <StepsProvider slug={lesson.slug} steps={lesson.steps ?? []}>
      <article className={styles.page} aria-labelledby="lesson-title">
        <header className={styles.header}>
          <nav aria-label="Breadcrumb" className={styles.crumbs}>
            <ol>
              <li>
                <Link href="/">Home</Link>
              </li>
              <li>
                <Link href="/lessons">Lessons</Link>
              </li>
              <li aria-current="page">{lesson.title}</li>
            </ol>
          </nav>
          <h1 id="lesson-title" className={styles.title}>
            <span className={styles.number}>Lesson {lesson.order}</span>
            {lesson.title}
          </h1>
          <p className={styles.summary}>{lesson.summary}</p>
        </header>
        <div className={styles.workbench}>
          {/* Narrow screens: the progress stays pinned above the live views and the steps. */}
          <div className={`${styles.progress} ${styles.narrowOnly}`} data-pinned-top="">
            <StepsProgress compact />
          </div>
          <section className={styles.live} aria-label="Live capture" id="live">
            {live}
          </section>
          <div className={styles.text}>
            <div className={`${styles.progress} ${styles.wideOnly}`}>
              <StepsProgress />
            </div>
            <div className="prose">{text}</div>
            <nav aria-label="Lesson pager" className={styles.pager}>
              {prev ? <Link href={lessonHref(prev)}>← {prev.title}</Link> : <span />}
              {next ? <Link href={lessonHref(next)}>{next.title} →</Link> : <span />}
            </nav>
          </div>
        </div>
      </article>
    </StepsProvider>
  );
}
