'use client';
/** What the SSE stream machine folded: reconnects, the Last-Event-ID sent, ids missed. */
import type { SseStreamContext } from '@/lib/machines/sse-stream';
import styles from '../shared/panel.module.css';

export function SseCard({ ctx }: { ctx: SseStreamContext | undefined }) {
  return (
    <section className={styles.card} aria-labelledby="sse-heading">
      <h3 id="sse-heading">SSE resume</h3>
      {ctx === undefined ? (
        <p className={styles.muted}>No EventSource request seen yet.</p>
      ) : (
        <dl className={styles.kv}>
          <dt>events received</dt>
          <dd>{ctx.count}</dd>
          <dt>last id: seen</dt>
          <dd data-testid="sse-last-id">{ctx.lastEventId ?? '—'}</dd>
          <dt>reconnects</dt>
          <dd data-testid="sse-reconnects">{ctx.reconnects}</dd>
          <dt>Last-Event-ID sent on the latest GET</dt>
          <dd data-testid="sse-resumed-from">{ctx.resumedFrom ?? 'none (first connect)'}</dd>
          <dt>ids missed</dt>
          <dd data-testid="sse-missed">{ctx.missed.length}</dd>
          <dt>ids received twice</dt>
          <dd data-testid="sse-duplicates">{ctx.duplicates.length}</dd>
          <dt>retry (ms, from the server)</dt>
          <dd>{ctx.retry ?? 'not sent'}</dd>
          {ctx.reconnectDelays.length > 0 ? (
            <>
              <dt>close → new GET (ms)</dt>
              <dd>{ctx.reconnectDelays.map((d) => Math.round(d)).join(', ')}</dd>
            </>
          ) : null}
        </dl>
      )}
    </section>
  );
}
