'use client';

import type { Tally } from '@/lib/machines/delivery-tally';
import styles from '../shared/panel.module.css';

function TallyRow({ name, tally, note }: { name: string; tally: Tally | null; note?: string }) {
  const cell = (v: number | undefined) => (v === undefined ? '—' : String(v));
  return (
    <tr data-testid={`tally-${name}`}>
      <th scope="row">{name}</th>
      <td>{cell(tally?.sent)}</td>
      <td>{cell(tally?.delivered)}</td>
      <td data-col="lost">{cell(tally?.lost)}</td>
      <td data-col="in-flight">{cell(tally?.inFlight)}</td>
      <td data-col="dup">{cell(tally?.duplicated)}</td>
      <td>{note ?? ''}</td>
    </tr>
  );
}

interface Props {
  plain: Tally | null;
  csr: Tally | null;
  once: Tally | null;
  csrWindow: number;
}

/** One row per delivery mode: the server's count against what the page received. */
export function TallyTable({ plain, csr, once, csrWindow }: Props) {
  return (
    <table className={`${styles.card} ${styles.mono}`} data-testid="tally">
      <caption>Running tally per mode (sent = the server’s count for the stream)</caption>
      <thead>
        <tr>
          <th scope="col">mode</th>
          <th scope="col">sent</th>
          <th scope="col">delivered</th>
          <th scope="col">lost</th>
          <th scope="col">in flight</th>
          <th scope="col">duplicated</th>
          <th scope="col">how it is counted</th>
        </tr>
      </thead>
      <tbody>
        <TallyRow
          name="at-most-once"
          tally={plain}
          note="plain server: ids received vs the stream's last id"
        />
        <TallyRow
          name="recovery"
          tally={csr}
          note={`connectionStateRecovery, window ${csrWindow} ms`}
        />
        <TallyRow
          name="ack+retry+dedup"
          tally={once}
          note="client's distinct ids vs the server's dedup counts; duplicates discarded"
        />
      </tbody>
    </table>
  );
}
