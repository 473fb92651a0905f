'use client';

import { useCallback, useRef, useState } from 'react';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import { useFoldAt } from '../../lesson/use-live-fold';
import type { MirrorClient } from '../../mirror/mirror-client';
import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import { type PlainKind, type PlainRow, plainFold, plainRowsAt } from './plain-rows';
import { PLAIN_MARK } from './steps';

export type { PlainKind };

const MARK: Record<PlainKind, string> = PLAIN_MARK;

/** A plain browser WebSocket aimed at the Socket.IO path: it sends "hello" once the server speaks. */
export function usePlainWebSocket(mirror: MirrorClient, labBase: string | undefined) {
  const [notes, setNotes] = useState<string[]>([]);
  const wsRef = useRef<WebSocket | null>(null);
  const run = useCallback(
    (kind: PlainKind) => {
      if (!labBase) return;
      wsRef.current?.close();
      const query =
        kind === 'eio' ? `?EIO=4&transport=websocket&${MARK.eio}` : `?${MARK['no-eio']}`;
      const url = `${window.location.origin.replace(/^http/, 'ws')}${labBase}${LAB_PATHS.socketio}${query}`;
      mirror.mark(
        `plain WebSocket (${kind === 'eio' ? 'EIO=4' : 'no EIO query'})`,
        `new WebSocket('…${LAB_PATHS.socketio}${query}')`,
      );
      const ws = new WebSocket(url);
      wsRef.current = ws;
      const add = (t: string) => setNotes((n) => [...n.slice(-9), t]);
      ws.onopen = () => add('open');
      ws.onmessage = (m) => {
        add(`message ${JSON.stringify(String(m.data))}`);
        if (ws.readyState === WebSocket.OPEN) {
          ws.send('hello');
          add('sent "hello"');
        }
      };
      ws.onerror = () => add('error (the browser gives no detail)');
      ws.onclose = (c) => add(`close code ${c.code}${c.reason ? ` "${c.reason}"` : ''}`);
    },
    [labBase, mirror],
  );
  return { notes, run };
}

function Column({
  title,
  rows,
  onSelect,
}: {
  title: string;
  rows: readonly PlainRow[];
  onSelect: (seq: number) => void;
}) {
  const id = `plain-${title.replace(/\W+/g, '-')}`;
  return (
    <section className={styles.card} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {rows.length === 0 ? (
        <p className={styles.muted}>Not run yet.</p>
      ) : (
        <ol className={s.check}>
          {rows.map((r) => (
            <li key={r.seq}>
              <button type="button" className={s.link} onClick={() => onSelect(r.seq)}>
                #{r.seq}
              </button>{' '}
              <span className={styles.mono}>{r.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function PlainWsCards({
  cursor,
  onSelect,
  notes,
}: {
  /** The timeline cursor as a fold index (cursorIndex). */
  cursor: number;
  onSelect: (seq: number) => void;
  notes: string[];
}) {
  const fold = useFoldAt(plainFold, cursor);
  const withEio = plainRowsAt(fold, 'eio');
  const without = plainRowsAt(fold, 'no-eio');
  return (
    <>
      <div className={styles.twoCol}>
        <Column title="Plain WebSocket with EIO=4" rows={withEio} onSelect={onSelect} />
        <Column title="Plain WebSocket without the EIO query" rows={without} onSelect={onSelect} />
      </div>
      {notes.length > 0 ? (
        <p className={styles.muted}>The plain WebSocket’s own events: {notes.join(' · ')}</p>
      ) : null}
    </>
  );
}
