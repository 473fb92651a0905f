import type { Metadata } from 'next';
import { LessonList } from '@/components/home/lesson-list';
import styles from '../page.module.css';

export const metadata: Metadata = { title: 'Lessons' };

export default function LessonsPage() {
  return (
    <div className={styles.page}>
      <h1 id="lessons-heading">Lessons</h1>
      <p className={styles.intro}>
        Sixteen lessons, in order. Live lessons drive the real lab server from your browser; the
        others are coming.
      </p>
      <LessonList headingId="lessons-heading" />
    </div>
  );
}
