import Link from 'next/link';
import type { ReactNode } from 'react';
import type { LessonEntry } from '@/lib/content/lessons';
import { LESSONS, lessonHref } from '@/lib/content/lessons';
import styles from './lesson-shell.module.css';

interface Props {
  lesson: LessonEntry;
  /** Trusted HTML rendered from our own Markdown (content/lessons). */
  intro: string;
  details: string;
  children: ReactNode;
}

function neighbour(order: number, step: 1 | -1): LessonEntry | undefined {
  for (let o = order + step; o >= 1 && o <= LESSONS.length; o += step) {
    const l = LESSONS.find((x) => x.order === o);
    if (l?.status === 'live') return l;
  }
  return undefined;
}

export function LessonShell({ lesson, intro, details, children }: Props) {
  const prev = neighbour(lesson.order, -1);
  const next = neighbour(lesson.order, 1);
  return (
    <article className={styles.page} aria-labelledby="lesson-title">
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
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own Markdown, rendered at build time */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: intro }} />
      <section className={styles.live} aria-label="Live capture">
        {children}
      </section>
      {details ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: our own Markdown, rendered at build time
        <div className="prose" dangerouslySetInnerHTML={{ __html: details }} />
      ) : null}
      <nav aria-label="Lesson pager" className={styles.pager}>
        {prev ? <Link href={lessonHref(prev)}>← {prev.title}</Link> : <span />}
        {next ? <Link href={lessonHref(next)}>{next.title} →</Link> : <span />}
      </nav>
    </article>
  );
}
