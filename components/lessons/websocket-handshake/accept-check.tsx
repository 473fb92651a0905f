'use client';

import { computeAccept, WS_GUID } from '@/lib/wire/websocket-accept';
import styles from '../shared/panel.module.css';

interface Props {
  /** Sec-WebSocket-Key as observed on the wire, if the request has been seen. */
  observedKey: string | undefined;
  /** Sec-WebSocket-Accept as observed in the response, if it has been seen. */
  observedAccept: string | undefined;
  /** Status of the observed response, if any: only a 101 carries an Accept to check. */
  responseStatus?: number | undefined;
}

/** Recomputes Sec-WebSocket-Accept in the page from the observed key and compares (RFC 6455 §4.2.2). */
export function AcceptCheck({ observedKey, observedAccept, responseStatus }: Props) {
  if (!observedKey) {
    return (
      <section className={styles.card} aria-labelledby="accept-heading">
        <h3 id="accept-heading">Sec-WebSocket-Accept check</h3>
        <p className={styles.muted}>
          No Sec-WebSocket-Key on the wire yet at this point of the timeline.
        </p>
      </section>
    );
  }
  const computed = computeAccept(observedKey);
  const match = observedAccept !== undefined && observedAccept.trim() === computed;
  return (
    <section className={styles.card} aria-labelledby="accept-heading">
      <h3 id="accept-heading">Sec-WebSocket-Accept check</h3>
      <dl className={styles.kv}>
        <dt>Sec-WebSocket-Key (observed)</dt>
        <dd>{observedKey}</dd>
        <dt>→ SHA-1(key + GUID)</dt>
        <dd>
          SHA-1(“{observedKey}” + “{WS_GUID}”)
        </dd>
        <dt>→ base64, computed here</dt>
        <dd data-testid="accept-computed">{computed}</dd>
        <dt>server’s Sec-WebSocket-Accept</dt>
        <dd>{observedAccept ?? '(no response yet)'}</dd>
      </dl>
      <p role="status" aria-live="polite">
        {responseStatus !== undefined && responseStatus !== 101 ? (
          <span className={styles.bad}>
            ✗ no Sec-WebSocket-Accept: the answer was {responseStatus}, not 101, so the browser
            fails the connection
          </span>
        ) : observedAccept === undefined ? (
          <span className={styles.muted}>Waiting for the server’s answer…</span>
        ) : match ? (
          <span className={styles.ok}>✓ match: the server hashed your key correctly</span>
        ) : (
          <span className={styles.bad}>✗ mismatch: the browser must fail this connection</span>
        )}
      </p>
    </section>
  );
}
