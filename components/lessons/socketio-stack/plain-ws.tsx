'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { WireEvent } from '@/lib/mirror/types';
import type { MirrorClient } from '../../mirror/mirror-client';
import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import { PLAIN_MARK } from './steps';

export type PlainKind = 'eio' | 'no-eio';

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

interface PlainRow {
  seq: number;
  text: string;
}

/** What the wire shows for the latest plain client of a kind (browser ↔ edge hop). */
export function plainRowsOf(events: readonly WireEvent[], kind: PlainKind): PlainRow[] {
  let conn: string | undefined;
  for (const e of events) {
    if (e.kind === 'http-request' && e.hop === 'browser-edge' && e.target.includes(MARK[kind]))
      conn = e.conn;
  }
  if (conn === undefined) return [];
  const rows: PlainRow[] = [];
  for (const e of events) {
    if (e.conn !== conn || e.hop !== 'browser-edge') continue;
    const who = e.dir === 'up' ? 'browser →' : '← server';
    if (e.kind === 'http-request')
      rows.push({
        seq: e.seq,
        text: `${who} GET ${e.target.replace(/^.*\/socket\.io\//, '…/socket.io/')}`,
      });
    else if (e.kind === 'http-response')
      rows.push({ seq: e.seq, text: `${who} HTTP ${e.status} ${e.reason}` });
    else if (e.kind === 'http-body' && e.final)
      rows.push({ seq: e.seq, text: `${who} body (${e.size} B)` });
    else if (e.kind === 'ws-frame') {
      const f = e.frame;
      const eio = e.message?.eio;
      const payload =
        e.message?.text ??
        (f.close ? `code ${f.close.code ?? '(none)'} ${JSON.stringify(f.close.reason)}` : '');
      const decoded = eio
        ? `Engine.IO ${eio.type}`
        : f.opcodeName === 'text'
          ? 'not an Engine.IO packet'
          : '';
      rows.push({
        seq: e.seq,
        text: `${who} ${f.opcodeName} frame ${JSON.stringify(payload).slice(0, 90)}${decoded ? ` — ${decoded}` : ''}`,
      });
    } else if (e.kind === 'protocol-error')
      rows.push({ seq: e.seq, text: `decoder (${e.layer}): ${e.message}` });
    else if (e.kind === 'conn-close')
      rows.push({ seq: e.seq, text: `connection closed by the ${e.by} (${e.how})` });
  }
  return rows;
}

function Column({
  title,
  rows,
  onSelect,
}: {
  title: string;
  rows: PlainRow[];
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
  events,
  onSelect,
  notes,
}: {
  events: readonly WireEvent[];
  onSelect: (seq: number) => void;
  notes: string[];
}) {
  const withEio = useMemo(() => plainRowsOf(events, 'eio'), [events]);
  const without = useMemo(() => plainRowsOf(events, 'no-eio'), [events]);
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
