'use client';
/** The measured comparison: a table (the exact numbers) and three bar charts drawn from it. */
import { BarChart } from '../../charts/bar-chart';
import styles from '../shared/panel.module.css';
import type { ComparisonRow } from './comparison';
import { type FeedStatus, feedLabel } from './use-four-feeds';

function n(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

export function ComparisonCard({
  rows,
  feeds,
}: {
  rows: readonly ComparisonRow[];
  feeds: Record<string, FeedStatus>;
}) {
  const skewed = rows.filter((r) => r.negativeLatency !== undefined);
  const sse = rows.find((r) => r.transport === 'sse');
  return (
    <section className={styles.card} aria-labelledby="compare-heading">
      <h3 id="compare-heading">The same stream, four transports</h3>
      <table className={styles.mono} aria-label="Measured per transport">
        <thead>
          <tr>
            <th scope="col">transport</th>
            <th scope="col">client</th>
            <th scope="col">messages</th>
            <th scope="col">requests</th>
            <th scope="col">bytes / message</th>
            <th scope="col">latency p50 (ms)</th>
            <th scope="col">latency p99 (ms)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.transport}>
              <th scope="row">{feedLabel(r.transport)}</th>
              <td>{feeds[r.transport]?.status ?? '—'}</td>
              <td data-testid={`${r.transport}-messages`}>{r.messages}</td>
              <td data-testid={`${r.transport}-requests`}>{r.requests}</td>
              <td data-testid={`${r.transport}-bytes`}>{n(r.bytesPerMessage, 1)}</td>
              <td data-testid={`${r.transport}-p50`}>{n(r.p50)}</td>
              <td data-testid={`${r.transport}-p99`}>{n(r.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.muted}>
        Messages: delivered to the browser on the browser ↔ edge hop. Requests: HTTP requests
        (WebSocket and SSE: the opening GET, and one per reconnect). Bytes: every byte of the
        transport in both directions (heads, bodies with chunk framing, frames) divided by the
        messages. Latency: from the server publishing the message to its arrival at the browser hop.
      </p>
      {sse !== undefined && Number.isFinite(sse.sseFieldsPerMessage) ? (
        <p className={styles.muted} data-testid="sse-framing">
          SSE framing per event, counted from the bytes: {n(sse.sseFieldsPerMessage, 1)} B of event
          fields (<code>id: </code>, <code>data: </code>, line ends, the blank line) and{' '}
          {n(sse.chunkFramingPerMessage, 1)} B of chunked transfer-encoding (the chunk-size line and
          its CRLFs).
        </p>
      ) : null}
      {skewed.length > 0 ? (
        <p className={styles.bad} role="alert" data-testid="clock-offset-warning">
          ⚠ Clock offset: {skewed.map((r) => feedLabel(r.transport)).join(', ')}{' '}
          {skewed.length === 1 ? 'has' : 'have'} a latency below 0 (lowest{' '}
          {n(Math.min(...skewed.map((r) => r.negativeLatency ?? 0)))} ms). A message cannot arrive
          before it was published, so the session-start estimate or the server’s wall clock is off:
          these latencies are not measurements.
        </p>
      ) : null}
      <div className={styles.twoCol}>
        <BarChart
          caption="Bytes per message, headers included"
          axisLabel="bytes per message"
          series={['bytes']}
          rows={rows.map((r) => ({ label: feedLabel(r.transport), values: [r.bytesPerMessage] }))}
        />
        <BarChart
          caption="Latency, publish → browser hop"
          axisLabel="ms"
          series={['p50', 'p99']}
          rows={rows.map((r) => ({ label: feedLabel(r.transport), values: [r.p50, r.p99] }))}
          format={(v) => String(Math.round(v))}
        />
        <BarChart
          caption="HTTP requests made"
          axisLabel="requests"
          series={['requests']}
          rows={rows.map((r) => ({ label: feedLabel(r.transport), values: [r.requests] }))}
          format={(v) => String(Math.round(v))}
        />
      </div>
    </section>
  );
}
