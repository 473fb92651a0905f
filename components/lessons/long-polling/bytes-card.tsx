'use client';
/** Bytes per delivered message, split into HTTP heads and bodies, from the long-poll machine. */
import { type LongPollContext, longPollBytesPerMessage } from '@/lib/machines/long-poll';
import { BarChart } from '../../charts/bar-chart';
import styles from '../shared/panel.module.css';

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '—';
}

export function BytesCard({ ctx }: { ctx: LongPollContext }) {
  const per = longPollBytesPerMessage(ctx);
  const answered = ctx.deliveries + ctx.timeouts;
  const perResponse = ctx.deliveries === 0 ? Number.NaN : ctx.messagesDelivered / ctx.deliveries;
  const sent = ctx.messagesSent;
  const postHead = sent === 0 ? Number.NaN : ctx.postHeaderBytes / sent;
  const postBody = sent === 0 ? Number.NaN : ctx.postBodyBytes / sent;
  return (
    <section className={styles.card} aria-labelledby="bytes-heading">
      <h3 id="bytes-heading">What each message cost on the wire</h3>
      <dl className={styles.kv} aria-label="Long-poll counts">
        <dt>requests</dt>
        <dd data-testid="lp-requests">{ctx.requests}</dd>
        <dt>GETs answered</dt>
        <dd>
          {answered} ({ctx.deliveries} with data, {ctx.timeouts} empty, {ctx.failures} failed)
        </dd>
        <dt>messages delivered</dt>
        <dd data-testid="lp-delivered">{ctx.messagesDelivered}</dd>
        <dt>messages per answer with data</dt>
        <dd data-testid="lp-per-response">{fmt(perResponse)}</dd>
        <dt>head bytes per message</dt>
        <dd data-testid="lp-head-per-message">{fmt(per.headerBytesPerMessage)}</dd>
        <dt>body bytes per message</dt>
        <dd data-testid="lp-body-per-message">{fmt(per.bodyBytesPerMessage)}</dd>
        <dt>POSTs (your sends)</dt>
        <dd data-testid="lp-posts">{ctx.posts}</dd>
      </dl>
      <BarChart
        caption="Bytes per message: HTTP heads vs bodies"
        axisLabel="bytes per message"
        series={['head bytes', 'body bytes']}
        stacked
        rows={[
          {
            label: 'receive (GET cycles)',
            values: [per.headerBytesPerMessage, per.bodyBytesPerMessage],
          },
          { label: 'send (POSTs)', values: [postHead, postBody] },
        ]}
      />
      <p className={styles.muted}>
        Receive: every GET and its answer, empty ones included, divided by the messages the answers
        carried. Send: each POST and its answer per message sent. Heads are the request line, status
        line and headers with their CRLFs; bodies are as on the wire (chunk framing included).
      </p>
    </section>
  );
}
