'use client';
/** Every run of this page side by side: how it was configured and what its capture shows. */
import { TRANSPORT_LABELS } from '@/lib/scenario/schema';
import styles from '../shared/panel.module.css';
import type { RunConfig, RunSummary } from './run-summary';
import cards from './upgrade-cards.module.css';

export interface RunRow {
  label: string;
  config: RunConfig | undefined;
  summary: RunSummary;
}

export function RunsTable({ rows }: { rows: readonly RunRow[] }) {
  return (
    <section className={styles.card} aria-labelledby="eio-runs">
      <h3 id="eio-runs">Runs side by side</h3>
      {rows.length === 0 ? (
        <p className={styles.muted}>
          Press Run, change a toggle, press Run again: each run adds a row.
        </p>
      ) : (
        <div className={cards.scroll}>
          <table className={cards.table}>
            <caption className="visually-hidden">Runs side by side</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Transport</th>
                <th scope="col">Upgrade blocked?</th>
                <th scope="col">Round trips to first message</th>
                <th scope="col">State now</th>
                <th scope="col">Delivered over polling / WebSocket</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>{r.config ? TRANSPORT_LABELS[r.config.transport] : '?'}</td>
                  <td>{r.config ? (r.config.strip ? 'yes (Upgrade stripped)' : 'no') : '?'}</td>
                  <td className={styles.mono}>
                    {r.summary.roundTrips}
                    {r.summary.firstMessage ? '' : ' (no message yet)'}
                  </td>
                  <td className={styles.mono}>{r.summary.state}</td>
                  <td className={styles.mono}>
                    {r.summary.deliveredOverPolling} / {r.summary.deliveredOverWebSocket}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
