import Link from 'next/link';
import styles from './site-header.module.css';

export function SiteHeader() {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          Wire <span>Lab</span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <ul>
            <li>
              <Link href="/">Home</Link>
            </li>
            <li>
              <Link href="/lessons">Lessons</Link>
            </li>
            <li>
              <Link href="/lab">Lab</Link>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
