'use client';

import type { FoldTransition } from '@/lib/machines/fold';
import type { IdleReport } from '@/lib/machines/idle-gaps';
import styles from '../shared/panel.module.css';
import { deadlineWitness } from './deadline-clock';

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The machine's transitions as a timeline: what the wire did and which deadlines passed. A deadline
 * that only the page's clock has reached (nothing on the wire at or after it yet) says so.
 */
export function DeadlineTimeline({
  title,
  transitions,
  lastWireT,
}: {
  title: string;
  transitions: readonly FoldTransition[];
  /** t of the last event in the log: the wire's own "now". */
  lastWireT: number | undefined;
}) {
  const shown = transitions.slice(-12);
  return (
    <section className={styles.card} aria-label={title}>
      <h3>{title}</h3>
      {shown.length === 0 ? (
        <p className={styles.muted}>Nothing yet.</p>
      ) : (
        <ol
          className={styles.apiLog}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
          aria-label="Deadlines passed (scrolls)"
        >
          {shown.map((tr) => (
            <li key={`${tr.seq}-${tr.t}-${tr.to}`}>
              {secs(tr.t)}:{' '}
              {deadlineWitness(tr, lastWireT) === 'page-clock'
                ? `⏰ deadline passed by the page's clock (nothing on the wire since ${secs(lastWireT ?? 0)}), `
                : tr.delayed
                  ? '⏰ deadline passed, '
                  : ''}
              {tr.from} → <strong>{tr.to}</strong>
              {tr.delayed ? '' : ` (${tr.event})`}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Connections the proxy closed after an idle gap (the edge's idle-timeout fault), measured. */
export function IdleCloses({
  reports,
  kinds,
  idleSeconds,
}: {
  reports: readonly IdleReport[];
  kinds: ReadonlyMap<string, string>;
  /** The edge's idle timeout in force (0 = off). */
  idleSeconds: number;
}) {
  const closed = reports.filter((r) => r.idleFault !== undefined && r.close !== undefined);
  const current = [...reports].reverse().find((r) => kinds.get(r.conn) === 'websocket');
  return (
    <section className={styles.card} aria-label="Idle closes">
      <h3>Closed by the proxy for idleness</h3>
      <p role="status" aria-label="Idle close count">
        {closed.length === 0
          ? 'No connection closed by the idle timeout.'
          : `${closed.length} connection${closed.length === 1 ? '' : 's'} closed by the proxy's idle timeout.`}
      </p>
      {current?.longest ? (
        <p>
          Longest silence on {current.conn} (the latest WebSocket)
          {current.close ? ', before it closed' : ' so far'}:{' '}
          <strong>{secs(current.longest.ms)}</strong>
          {idleSeconds > 0
            ? ` against an idle timeout of ${idleSeconds} s`
            : ' (no idle timeout set)'}
          .
        </p>
      ) : null}
      {closed.length > 0 ? (
        <ul
          className={styles.apiLog}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
          aria-label="Connections closed by the proxy (scrolls)"
        >
          {closed.slice(-8).map((r) => (
            <li key={r.conn}>
              {r.conn} ({kinds.get(r.conn) ?? 'connection'}): closed by the {r.close?.by} after{' '}
              {secs(r.close?.idleMs ?? 0)} without a byte
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
