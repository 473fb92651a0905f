'use client';
/** The last receive cycles of the long-poll machine: each GET, how long it was held, its answer. */
import type { LongPollCycle } from '@/lib/machines/long-poll';
import { BarChart } from '../../charts/bar-chart';
import styles from '../shared/panel.module.css';

const OUTCOME: Record<NonNullable<LongPollCycle['outcome']>, string> = {
  delivered: 'delivered',
  timedOut: 'hold ran out (empty)',
  failed: 'failed',
  aborted: 'connection closed',
};

export function holdMs(c: LongPollCycle): number | undefined {
  return c.endT === undefined ? undefined : c.endT - c.holdStart;
}

export function CyclesCard({
  cycles,
  onSelect,
}: {
  cycles: readonly LongPollCycle[];
  onSelect: (seq: number) => void;
}) {
  const shown = cycles.slice(-10);
  return (
    <section className={styles.card} aria-labelledby="cycles-heading">
      <h3 id="cycles-heading">GET cycles: held until data or timeout</h3>
      {shown.length === 0 ? (
        <p className={styles.muted}>No poll request seen yet.</p>
      ) : (
        <>
          <table className={styles.mono} aria-label="Receive cycles">
            <thead>
              <tr>
                <th scope="col">GET</th>
                <th scope="col">held (ms)</th>
                <th scope="col">answer</th>
                <th scope="col">messages</th>
                <th scope="col">head bytes</th>
                <th scope="col">body bytes</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const held = holdMs(c);
                return (
                  <tr key={c.seq} data-outcome={c.outcome ?? 'pending'}>
                    <td>
                      <button type="button" onClick={() => onSelect(c.seq)}>
                        #{c.seq}
                      </button>
                    </td>
                    <td>{held === undefined ? 'held now' : Math.round(held)}</td>
                    <td>
                      {c.outcome === undefined
                        ? 'no answer yet'
                        : `${c.status ?? '—'} · ${OUTCOME[c.outcome]}`}
                    </td>
                    <td>{c.messages}</td>
                    <td>{c.headerBytes}</td>
                    <td>{c.bodyBytes}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <BarChart
            caption="How long each GET was held"
            axisLabel="ms held (request seen → answer seen, browser ↔ edge)"
            series={['held']}
            rows={shown
              .filter((c) => c.endT !== undefined)
              .map((c) => ({
                label: `#${c.seq} ${c.status ?? ''} ${c.messages} msg`,
                values: [holdMs(c)],
              }))}
            format={(v) => String(Math.round(v))}
          />
        </>
      )}
    </section>
  );
}
