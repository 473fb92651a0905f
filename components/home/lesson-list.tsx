import Link from 'next/link';
import { LESSONS, lessonHref } from '@/lib/content/lessons';
import { lessonCapture } from './captures';
import styles from './lesson-list.module.css';
import { LessonSketch } from './lesson-sketch';
import { CardProgress } from './progress-views';

/**
 * All lessons in curriculum order. Live lessons link to their page and show a sketch of a real
 * recorded run (content/captures/) and, once this browser has some, their progress; the rest are
 * not links.
 */
export function LessonList({ headingId }: { headingId: string }) {
  return (
    <ol className={styles.list} aria-labelledby={headingId}>
      {LESSONS.map((lesson) => {
        const live = lesson.status === 'live';
        const capture = live ? lessonCapture(lesson.slug) : undefined;
        const body = (
          <>
            <span className={styles.number} aria-hidden="true">
              {String(lesson.order).padStart(2, '0')}
            </span>
            <span className={styles.title}>
              <span className="visually-hidden">Lesson {lesson.order}: </span>
              {lesson.title}
            </span>
            <span className={styles.summary}>{lesson.summary}</span>
            <span className={styles.meta}>
              {live ? (
                <span className={`${styles.badge} ${styles.live}`}>live</span>
              ) : (
                <span className={`${styles.badge} ${styles.comingBadge}`}>coming</span>
              )}
              {live ? <CardProgress slug={lesson.slug} /> : null}
            </span>
            {capture ? (
              <span className={styles.sketch}>
                <LessonSketch slug={lesson.slug} events={capture} />
              </span>
            ) : null}
          </>
        );
        return (
          <li
            key={lesson.slug}
            className={`${styles.item} ${live ? '' : styles.coming}`}
            data-slug={lesson.slug}
          >
            {live ? (
              <Link className={styles.card} href={lessonHref(lesson)}>
                {body}
              </Link>
            ) : (
              <div className={styles.card}>{body}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
