import Link from 'next/link';
import styles from './page.module.css';

export default function NotFound() {
  return (
    <div className={styles.page}>
      <h1>Not found</h1>
      <p>
        There is no page here. Lessons that are not live yet have no page: see the{' '}
        <Link href="/lessons">list of lessons</Link>.
      </p>
    </div>
  );
}
