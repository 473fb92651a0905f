'use client';

import styles from '../shared/cards-and-strips.module.css';
import type { RunResult } from './use-bp-run';

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

/** One row per run: the server's counts and the delivery latency this page measured. */
export function RunTable({ runs }: { runs: readonly RunResult[] }) {
  return (
    <section className={styles.card} aria-labelledby="bp-runs-heading">
      <h3 id="bp-runs-heading">Runs, measured</h3>
      {runs.length === 0 ? (
        <p className={styles.muted}>No runs yet.</p>
      ) : (
        <section
          className={styles.scroll}
          aria-label="Your runs (scrolls sideways)"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
        >
          <table className={styles.table}>
            <caption className="visually-hidden">
              Backpressure runs: counts from the server, latency measured in this page
            </caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Policy</th>
                <th scope="col">Batch</th>
                <th scope="col">State</th>
                <th scope="col">Produced</th>
                <th scope="col">Sent</th>
                <th scope="col">Dropped</th>
                <th scope="col">Coalesced</th>
                <th scope="col">Received</th>
                <th scope="col">p50</th>
                <th scope="col">p99</th>
                <th scope="col">p99 critical</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.id}</th>
                  <td>{r.settings.policy}</td>
                  <td>
                    {r.settings.batchMs === 0 ? 'none' : `${r.settings.batchMs} ms`}
                    {r.settings.coalesce ? ', coalesced' : ''}
                  </td>
                  <td>{r.state}</td>
                  <td>{r.last?.produced ?? '—'}</td>
                  <td>{r.last?.sent ?? '—'}</td>
                  <td>{r.last?.dropped ?? '—'}</td>
                  <td>{r.last?.coalesced ?? '—'}</td>
                  <td>{r.received}</td>
                  <td>{ms(r.p50)}</td>
                  <td>{ms(r.p99)}</td>
                  <td>{r.critical > 0 ? ms(r.p99Critical) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
