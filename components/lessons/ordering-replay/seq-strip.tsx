'use client';

import styles from '../shared/cards-and-strips.module.css';

interface Props {
  total: number;
  lastContiguous: number;
  window: readonly number[];
}

/** Every seq of the stream: applied (✓), held in the reorder window (…), not yet here (·). */
export function SeqStrip({ total, lastContiguous, window }: Props) {
  const held = new Set(window);
  const cells = Array.from({ length: total }, (_, i) => i + 1);
  return (
    <section className={styles.card} aria-labelledby="order-strip-heading">
      <h3 id="order-strip-heading">
        The stream: {lastContiguous} of {total} applied in order, {window.length} held
      </h3>
      <p className={styles.muted}>✓ applied · … held in the reorder window · blank: not applied</p>
      <ol
        className={styles.strip}
        aria-label="Sequence numbers"
        // As many columns as fit: 20 of them overflow a 375 px screen.
        style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(1.6rem, 1fr))' }}
      >
        {cells.map((seq) => {
          const state = seq <= lastContiguous ? 'applied' : held.has(seq) ? 'held' : 'missing';
          return (
            <li
              key={seq}
              className={styles[state]}
              title={`seq ${seq}: ${state === 'missing' ? 'not applied' : state}`}
            >
              {seq}
              {state === 'applied' ? '✓' : state === 'held' ? '…' : ''}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
