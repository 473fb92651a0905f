'use client';

import type { StepOutcome } from '@/lib/machines/reorder-consumer';
import type { WireStep } from '@/lib/machines/reorder-window';
import styles from '../shared/cards-and-strips.module.css';

export const OUTCOME_TEXT: Record<StepOutcome, string> = {
  applied: 'applied',
  buffered: 'buffered (waiting for the gap)',
  duplicate: 'discarded: duplicate eventId',
  stale: 'discarded: already applied',
  'outside-window': 'discarded: outside the window',
  'replay-request': 'replay requested',
};

const SHOWN = 200;

interface Props {
  steps: readonly WireStep[];
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
}

/** One row per thing the consumer did, each linked to the frame that caused it. */
export function StepTable({ steps, selectedSeq, onSelect }: Props) {
  const shown = steps.length > SHOWN ? steps.slice(-SHOWN) : steps;
  return (
    <section className={styles.card} aria-labelledby="order-steps-heading">
      <h3 id="order-steps-heading">Step by step, from the captured frames</h3>
      {steps.length === 0 ? (
        <p className={styles.muted}>No events yet: press Run.</p>
      ) : (
        <div className={styles.scroll}>
          {steps.length > SHOWN ? (
            <p className={styles.muted}>
              The last {SHOWN} of {steps.length} steps.
            </p>
          ) : null}
          <table className={styles.table}>
            <caption className="visually-hidden">
              Consumer steps: each event received, buffered, applied or discarded
            </caption>
            <thead>
              <tr>
                <th scope="col">Frame</th>
                <th scope="col">Direction</th>
                <th scope="col">seq</th>
                <th scope="col">eventId</th>
                <th scope="col">Consumer</th>
                <th scope="col">Window after</th>
                <th scope="col">Applied up to</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => {
                const discarded =
                  s.outcome === 'duplicate' ||
                  s.outcome === 'stale' ||
                  s.outcome === 'outside-window';
                return (
                  <tr
                    key={`${s.wireSeq}-${s.seq}-${s.outcome}`}
                    aria-selected={selectedSeq === s.wireSeq}
                  >
                    <td>
                      <button
                        type="button"
                        onClick={() => onSelect(s.wireSeq)}
                        aria-pressed={selectedSeq === s.wireSeq}
                        aria-label={`Inspect frame #${s.wireSeq}`}
                      >
                        #{s.wireSeq}
                      </button>
                    </td>
                    <td>
                      {s.outcome === 'replay-request' ? '↑ browser → server' : '↓ server → browser'}
                    </td>
                    <td>{s.outcome === 'replay-request' ? `from ${s.seq}` : s.seq}</td>
                    <td>{s.eventId ?? '—'}</td>
                    <td className={discarded ? styles.discard : styles.outcome}>
                      {OUTCOME_TEXT[s.outcome]}
                      {s.fromBuffer ? ' (released from the window)' : ''}
                    </td>
                    <td>{s.window.length === 0 ? 'empty' : s.window.join(', ')}</td>
                    <td>{s.lastContiguous}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
