'use client';
/**
 * A handshake on both hops next to what the WebSocket API reported. The node's refusal (426 with
 * the versions it speaks, 403, a plain GET's 426) is on the wire; JavaScript only ever gets an
 * error event and close code 1006. That contrast is the point of the failure toggles.
 */
import type { ApiResult } from '../../lab-clients/use-lab-websocket';
import { HeaderTable } from '../shared/header-table';
import styles from '../shared/panel.module.css';
import { bodyOf, type ExchangesFold, exchangeOf, headerChanges } from './hop-exchange';

const EMPHASISE = ['sec-websocket-version', 'upgrade', 'connection', 'origin'];

interface Props {
  /** exchangesFold at the timeline cursor. */
  exchanges: ExchangesFold;
  conn: string | null;
  result: ApiResult | null;
}

export function FailureOutcome({ exchanges, conn, result }: Props) {
  if (!conn) return null;
  const x = exchangeOf(exchanges, conn);
  const { browser, node } = x;
  if (!browser.request) return null;
  const changes = node.request ? headerChanges(browser.request.headers, node.request.headers) : [];
  const refused = node.response !== undefined && node.response.status !== 101;
  const body = refused ? bodyOf(x) : undefined;
  return (
    <section className={styles.card} aria-labelledby="ws-outcome">
      <h3 id="ws-outcome">On the wire and in JavaScript</h3>
      <dl className={styles.kv}>
        <dt>The edge changed</dt>
        <dd data-testid="edge-changes">
          {!node.request
            ? '(the request has not reached the node)'
            : changes.length === 0
              ? 'nothing: the node got the request your browser sent'
              : changes
                  .map((c) =>
                    c.to === undefined
                      ? `${c.name}: ${c.from} → removed`
                      : c.from === undefined
                        ? `${c.name}: added ${c.to}`
                        : `${c.name}: ${c.from} → ${c.to}`,
                  )
                  .join(' · ')}
        </dd>
        <dt>The node answered</dt>
        <dd data-testid="node-status">
          {node.response ? `${node.response.status} ${node.response.reason}` : '(no answer yet)'}
        </dd>
        {body ? (
          <>
            <dt>with the body</dt>
            <dd>{body}</dd>
          </>
        ) : null}
        <dt>Your browser received</dt>
        <dd data-testid="browser-status">
          {browser.response
            ? `${browser.response.status} ${browser.response.reason}`
            : '(no answer yet)'}
        </dd>
        <dt>Your JavaScript was told</dt>
        <dd data-testid="api-result">
          {!result
            ? '(nothing yet)'
            : result.opened
              ? `open${result.closeCode !== undefined ? `, later close code ${result.closeCode}` : ''}`
              : result.closeCode === undefined
                ? result.error
                  ? 'an error event, no detail'
                  : '(waiting)'
                : `${result.error ? 'an error event, then ' : ''}close code ${result.closeCode}, wasClean ${String(result.wasClean)}`}
        </dd>
      </dl>
      {refused && result && !result.opened && result.closeCode !== undefined ? (
        <p role="note">
          The node said exactly what was wrong ({node.response?.status}
          {node.response?.status === 426 ? ' with the version it speaks' : ''}); the WebSocket API
          passes none of it on. A failed handshake always reaches JavaScript as an{' '}
          <code>error</code> event and close code <strong>1006</strong> (“abnormal closure”, a code
          no endpoint ever sends, RFC 6455 §7.4.1). The WebSockets standard keeps the reason from
          scripts on purpose, so pages cannot use failed handshakes to probe servers.
        </p>
      ) : null}
      {refused && node.response ? (
        <HeaderTable
          caption={`The node’s answer (${conn}, edge ← node)`}
          startLine={`${node.response.version} ${node.response.status} ${node.response.reason}`}
          headers={node.response.headers}
          emphasise={EMPHASISE}
        />
      ) : null}
      {changes.length > 0 && node.request ? (
        <HeaderTable
          caption={`The request as forwarded (${conn}, edge → node)`}
          startLine={`${node.request.method} ${node.request.target} ${node.request.version}`}
          headers={node.request.headers}
          emphasise={EMPHASISE}
        />
      ) : null}
    </section>
  );
}
