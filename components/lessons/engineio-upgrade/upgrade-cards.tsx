'use client';

import type { RoundTripCount } from '@/lib/machines/round-trips';
import { formatMs } from '../../sequence/event-label';
import styles from '../shared/panel.module.css';
import type { HandshakeObservation, Milestone, PacketSighting } from './eio-observations';
import { appMessagesOf } from './eio-observations';
import cards from './upgrade-cards.module.css';

type Select = (seq: number) => void;

const QUERY_MEANING: Record<string, string> = {
  EIO: 'Engine.IO protocol version',
  transport: 'the transport this request uses',
  t: 'cache-busting value, new on every request',
  sid: 'the Engine.IO session id (absent on the handshake)',
};

const OPEN_MEANING: Record<string, string> = {
  sid: 'session id; every later request carries it',
  upgrades: 'transports the client may upgrade to',
  pingInterval: 'ms between the server’s pings',
  pingTimeout: 'ms the server waits for a pong',
  maxPayload: 'largest payload (bytes) the server accepts per request',
};

function SeqButton({
  seq,
  onSelect,
  children,
}: {
  seq: number;
  onSelect: Select;
  children: string;
}) {
  return (
    <button type="button" className={cards.link} onClick={() => onSelect(seq)}>
      {children}
    </button>
  );
}

export function HandshakeCard({
  handshake,
  onSelect,
}: {
  handshake: HandshakeObservation | undefined;
  onSelect: Select;
}) {
  if (!handshake) {
    return (
      <section className={styles.card} aria-labelledby="eio-hs">
        <h3 id="eio-hs">Polling handshake</h3>
        <p className={styles.muted}>Not on the wire yet (at this point of the timeline).</p>
      </section>
    );
  }
  const { request, query, open } = handshake;
  return (
    <section className={styles.card} aria-labelledby="eio-hs">
      <h3 id="eio-hs">Polling handshake</h3>
      <p>
        Method: <strong className={styles.mono}>{request.method}</strong>{' '}
        <span className={styles.muted}>(observed; not a POST)</span>{' '}
        <SeqButton seq={request.seq} onSelect={onSelect}>{`inspect #${request.seq}`}</SeqButton>
      </p>
      <p className={styles.mono}>{request.target}</p>
      <table className={cards.table}>
        <caption>Query parameters</caption>
        <tbody>
          {Object.entries(query).map(([name, value]) => (
            <tr key={name}>
              <th scope="row" className={styles.mono}>
                {name}
              </th>
              <td className={styles.mono}>{value}</td>
              <td className={styles.muted}>{QUERY_MEANING[name] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <table className={cards.table}>
          <caption>
            Open packet <code>0{'{…}'}</code>{' '}
            <SeqButton seq={open.seq} onSelect={onSelect}>{`inspect #${open.seq}`}</SeqButton>
          </caption>
          <tbody>
            {(['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload'] as const).map(
              (k) => (
                <tr key={k}>
                  <th scope="row" className={styles.mono}>
                    {k}
                  </th>
                  <td className={styles.mono} data-field={k}>
                    {JSON.stringify(open[k])}
                  </td>
                  <td className={styles.muted}>{OPEN_MEANING[k]}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : (
        <p className={styles.muted}>Open packet not received yet.</p>
      )}
    </section>
  );
}

export function MilestonesCard({
  milestones,
  onSelect,
}: {
  milestones: Milestone[];
  onSelect: Select;
}) {
  return (
    <section className={styles.card} aria-labelledby="eio-ms">
      <h3 id="eio-ms">The upgrade, packet by packet</h3>
      <ol className={cards.milestones}>
        {milestones.map((m) => (
          <li key={m.id} data-seen={m.seen ? 'yes' : 'no'}>
            <code className={cards.wire}>{m.seen ? m.seen.text : m.wire}</code>{' '}
            <span>{m.meaning}</span>{' '}
            {m.seen ? (
              <span className={cards.when}>
                <span aria-hidden="true">✓ </span>
                {m.seen.dir === 'up' ? 'up' : 'down'} over {m.seen.transport} at{' '}
                {formatMs(m.seen.t)}{' '}
                <SeqButton seq={m.seen.seq} onSelect={onSelect}>{`#${m.seen.seq}`}</SeqButton>
              </span>
            ) : (
              <span className={styles.muted}>— not seen (yet)</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function MessagesCard({
  sightings,
  onSelect,
}: {
  sightings: PacketSighting[];
  onSelect: Select;
}) {
  const messages = appMessagesOf(sightings);
  return (
    <section className={styles.card} aria-labelledby="eio-msgs">
      <h3 id="eio-msgs">Application messages and their transport</h3>
      {messages.length === 0 ? (
        <p className={styles.muted}>None yet.</p>
      ) : (
        <ol className={cards.milestones}>
          {messages.map((m) => (
            <li key={`${m.seq}-${m.text}`}>
              <code className={cards.wire}>
                {m.text.length > 60 ? `${m.text.slice(0, 59)}…` : m.text}
              </code>{' '}
              <span className={cards.when}>
                {m.dir === 'up' ? 'up' : 'down'} over <strong>{m.transport}</strong> at{' '}
                {formatMs(m.t)} <SeqButton seq={m.seq} onSelect={onSelect}>{`#${m.seq}`}</SeqButton>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function RoundTripsCard({
  count,
  onSelect,
  hasRun,
}: {
  count: RoundTripCount;
  onSelect: Select;
  hasRun: boolean;
}) {
  const done = count.firstMessageSeq !== undefined;
  return (
    <section className={styles.card} aria-labelledby="eio-rt">
      <h3 id="eio-rt">Round trips before the first message</h3>
      {!hasRun ? (
        <p className={styles.muted}>Press Run to count them.</p>
      ) : (
        <>
          <p className={cards.big} aria-live="polite">
            <span data-testid="round-trips">{count.roundTrips}</span>{' '}
            <span className={cards.bigUnit}>
              round trip{count.roundTrips === 1 ? '' : 's'}
              {done ? ' before the first message arrived' : ' so far, no message yet'}
            </span>
          </p>
          <ol className={cards.milestones}>
            {count.steps.map((s) => (
              <li key={s.seq}>
                round trip {s.round}: {s.label}{' '}
                <SeqButton seq={s.seq} onSelect={onSelect}>{`#${s.seq}`}</SeqButton>
              </li>
            ))}
            {done ? (
              <li>
                first Socket.IO event reaches the browser{' '}
                <SeqButton seq={count.firstMessageSeq as number} onSelect={onSelect}>
                  {`#${count.firstMessageSeq}`}
                </SeqButton>
              </li>
            ) : null}
          </ol>
          <p className={styles.muted}>
            Counted from this capture: an exchange the browser had to wait for (an HTTP request and
            its response, a probe and its answer) before the next step. Exchanges in flight at the
            same time, on different connections, share one round trip.
          </p>
        </>
      )}
    </section>
  );
}
