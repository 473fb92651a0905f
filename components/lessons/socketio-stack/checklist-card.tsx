'use client';

import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import { type Checklist, EIO_TYPES, SIO_TYPES, type Sighting } from './packet-checklist';

function Row({
  name,
  digit,
  how,
  seen,
  onSelect,
}: {
  name: string;
  digit: string;
  how: string;
  seen: Sighting | undefined;
  onSelect: (seq: number) => void;
}) {
  const wire = seen && seen.wire.length > 60 ? `${seen.wire.slice(0, 60)}…` : seen?.wire;
  return (
    <li data-seen={seen ? 'yes' : 'no'} aria-label={`${name} ${seen ? 'seen' : 'not seen yet'}`}>
      <span aria-hidden="true">{seen ? '✔ ' : '○ '}</span>
      <strong>
        {digit} {name}
      </strong>
      {seen ? (
        <>
          {' '}
          — <code>{wire}</code> ({seen.dir === 'up' ? 'browser → server' : 'server → browser'},{' '}
          <button type="button" className={s.link} onClick={() => onSelect(seen.seq)}>
            #{seen.seq}
          </button>
          )
        </>
      ) : (
        <span className={styles.muted}> — not seen yet: {how}</span>
      )}
    </li>
  );
}

/** Packet types of both layers, filled from this page's own traffic. */
export function ChecklistCard({
  checklist,
  onSelect,
}: {
  checklist: Checklist;
  onSelect: (seq: number) => void;
}) {
  return (
    <div className={styles.twoCol}>
      <section className={styles.card} aria-labelledby="eio-types">
        <h3 id="eio-types">Engine.IO packet types seen</h3>
        <ul className={s.check}>
          {EIO_TYPES.map((t) => (
            <Row
              key={t.type}
              name={t.type}
              digit={t.digit}
              how={t.how}
              seen={checklist.eio[t.type]}
              onSelect={onSelect}
            />
          ))}
        </ul>
      </section>
      <section className={styles.card} aria-labelledby="sio-types">
        <h3 id="sio-types">Socket.IO packet types seen</h3>
        <ul className={s.check}>
          {SIO_TYPES.map((t) => (
            <Row
              key={t.type}
              name={t.type}
              digit={t.digit}
              how={t.how}
              seen={checklist.sio[t.type]}
              onSelect={onSelect}
            />
          ))}
          <Row
            name="binary attachment"
            digit="·"
            how="follows a BINARY_EVENT / BINARY_ACK as its own binary message"
            seen={checklist.attachment}
            onSelect={onSelect}
          />
        </ul>
      </section>
    </div>
  );
}
