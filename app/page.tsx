import { LessonList } from '@/components/home/lesson-list';
import { ContinueLink } from '@/components/home/progress-views';
import { lessonHref, liveLessons } from '@/lib/content/lessons';
import styles from './page.module.css';

export default function HomePage() {
  return (
    <div className={styles.page}>
      <section className={styles.intro} aria-labelledby="home-title">
        <h1 id="home-title">Watch your own browser talk.</h1>
        <p>
          Wire Lab teaches WebSocket, Socket.IO (Engine.IO), long polling and server-sent events by
          showing the real traffic of the page you are reading. An edge proxy in front of the lab
          server records every byte on both hops, decodes it, and streams it back to you as sequence
          diagrams, byte-annotated frames and live statecharts.
        </p>
        <p className={styles.rule}>
          The one rule: what moves on screen moved on the wire. Nothing here is a canned animation.
        </p>
      </section>
      <ContinueLink
        lessons={liveLessons().map((l) => ({ slug: l.slug, title: l.title, href: lessonHref(l) }))}
      />
      <h2 id="lessons-heading">Lessons</h2>
      <LessonList headingId="lessons-heading" />
    </div>
  );
}
