'use client';
/**
 * The page's own connection for the chosen transport: its status, a numbered burst whose fate is
 * tallied (arrived, dropped at the edge, duplicated, reordered), free text, and what arrived.
 */
import { useId, useState } from 'react';
import { TRANSPORT_LABELS, TRANSPORTS, type Transport } from '@/lib/scenario/schema';
import { dropsSince as dropsAfter, faultCountsFold } from '../controls/fault-counts';
import { TransportField } from '../controls/transport-field';
import type { ScenarioState } from '../controls/use-scenario';
import { useLiveFold } from '../lesson/use-live-fold';
import styles from '../lessons/shared/panel.module.css';
import { StreamControls } from './stream-controls';
import { tallyBurst } from './tally';
import runner from './transport-runner.module.css';
import type { TransportRunner } from './use-transport-runner';

interface Props {
  state: ScenarioState;
  run: TransportRunner;
  labBase: string | undefined;
  transports?: readonly Transport[];
}

const STATUS_TEXT = {
  off: 'closed (not connected)',
  connecting: 'connecting…',
  open: 'open',
  reconnecting: 'reconnecting…',
  closed: 'closed',
  error: 'failed',
} as const;

function list(ns: readonly number[]): string {
  return ns.length === 0 ? 'none' : ns.map((n) => `#${n}`).join(', ');
}

export function TransportRunnerCard({ state, run, labBase, transports = TRANSPORTS }: Props) {
  const [count, setCount] = useState(20);
  const [text, setText] = useState('hello');
  const countId = useId();
  const textId = useId();
  const shown = run.openTransport ?? state.scenario.transport;

  const tally = run.burst ? tallyBurst(run.burst.sent, run.burst.tags) : null;
  // The drops the edge reported since the burst (fault events counted once, by faultCountsFold).
  const faults = useLiveFold(faultCountsFold);
  const dropsSince = run.burst ? dropsAfter(faults, run.burst.fromSeq) : 0;
  const accounted = tally ? tally.received + dropsSince >= tally.sent : false;
  const canSend = run.status === 'open';

  return (
    <section className={styles.card} aria-labelledby="runner-heading">
      <h3 id="runner-heading">Your connection</h3>
      <div className={styles.toggleGrid}>
        <TransportField
          value={state.scenario.transport}
          transports={transports}
          subject="This page"
          onChange={state.set}
        />
        <p role="status" data-testid="transport-status" className={runner.status}>
          {TRANSPORT_LABELS[shown]}: <strong>{STATUS_TEXT[run.status]}</strong>
          {run.detail ? ` (${run.detail})` : ''}
        </p>
      </div>
      <div className={styles.controls}>
        <button type="button" onClick={() => run.setConnected(!run.connected)}>
          {run.connected ? 'Disconnect' : 'Connect'}
        </button>
        <label htmlFor={countId}>Numbered messages</label>
        <input
          id={countId}
          type="number"
          min={1}
          max={100}
          value={count}
          onChange={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n >= 1 && n <= 100) setCount(n);
          }}
        />
        <button type="button" onClick={() => run.sendBurst(count)} disabled={!canSend}>
          Send numbered
        </button>
        <label htmlFor={textId}>Text</label>
        <input
          id={textId}
          type="text"
          size={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <button type="button" onClick={() => run.send(text)} disabled={!canSend}>
          Send text
        </button>
      </div>
      {run.sendsVia ? <p className={styles.muted}>Sending: {run.sendsVia}.</p> : null}
      {tally ? (
        <div className={runner.tally} data-testid="burst">
          <p role="status">
            Numbered burst: sent {tally.sent}, arrived <strong>{tally.received}</strong>, dropped at
            the edge <strong>{dropsSince}</strong>
            {accounted ? ` · all ${tally.sent} accounted for` : ' · waiting…'}
          </p>
          <p>
            Never arrived: <span data-testid="burst-missing">{list(tally.missing)}</span>
          </p>
          {tally.duplicated.length > 0 ? <p>Arrived twice: {list(tally.duplicated)}</p> : null}
          {tally.outOfOrder ? <p>Out of order: {list(tally.order)}</p> : null}
        </div>
      ) : null}
      <StreamControls labBase={labBase} transport={shown} />
      <div>
        <p className={runner.count}>
          Received: <strong data-testid="received-total">{run.total}</strong> message
          {run.total === 1 ? '' : 's'} through the client API
        </p>
        {run.received.length > 0 ? (
          <ol className={runner.received} aria-label="Last messages received">
            {run.received.slice(-8).map((r) => (
              <li key={r.n} value={r.n}>
                <code>{r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text}</code>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </section>
  );
}
