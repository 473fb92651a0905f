import Link from 'next/link';
import { LESSONS, lessonHref } from '@/lib/content/lessons';
import styles from './lesson-list.module.css';

/** All lessons in curriculum order. Live lessons link to their page; the rest are not links. */
export function LessonList({ headingId }: { headingId: string }) {
  return (
    <ol className={styles.list} aria-labelledby={headingId}>
      {LESSONS.map((lesson) => {
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
            {lesson.status === 'live' ? (
              <span className={`${styles.badge} ${styles.live}`}>live</span>
            ) : (
              <span className={`${styles.badge} ${styles.comingBadge}`}>coming</span>
            )}
          </>
        );
        return (
          <li
            key={lesson.slug}
            className={`${styles.item} ${lesson.status === 'coming' ? styles.coming : ''}`}
            data-slug={lesson.slug}
          >
            {lesson.status === 'live' ? (
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
