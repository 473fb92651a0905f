/**
 * What the wire shows for the stack lesson's plain WebSocket clients (browser ↔ edge hop): the
 * rows of the latest client of each kind, as a scan (plainRowsOf) and as an incremental fold
 * (plainFold, each event once; read with plainRowsAt). Pure.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import { PLAIN_MARK } from './steps';

export type PlainKind = 'eio' | 'no-eio';

const MARK: Record<PlainKind, string> = PLAIN_MARK;
const KINDS: readonly PlainKind[] = ['eio', 'no-eio'];

export interface PlainRow {
  seq: number;
  text: string;
}

/** The row one event on a plain client's connection shows (browser ↔ edge hop), if any. */
export function plainRowOf(e: WireEvent): PlainRow | undefined {
  const who = e.dir === 'up' ? 'browser →' : '← server';
  if (e.kind === 'http-request')
    return {
      seq: e.seq,
      text: `${who} GET ${e.target.replace(/^.*\/socket\.io\//, '…/socket.io/')}`,
    };
  if (e.kind === 'http-response')
    return { seq: e.seq, text: `${who} HTTP ${e.status} ${e.reason}` };
  if (e.kind === 'http-body' && e.final) return { seq: e.seq, text: `${who} body (${e.size} B)` };
  if (e.kind === 'ws-frame') {
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
    return {
      seq: e.seq,
      text: `${who} ${f.opcodeName} frame ${JSON.stringify(payload).slice(0, 90)}${decoded ? ` — ${decoded}` : ''}`,
    };
  }
  if (e.kind === 'protocol-error')
    return { seq: e.seq, text: `decoder (${e.layer}): ${e.message}` };
  if (e.kind === 'conn-close')
    return { seq: e.seq, text: `connection closed by the ${e.by} (${e.how})` };
  return undefined;
}

/** True for the HTTP request that opens a plain client of this kind. */
export function isPlainRequest(e: WireEvent, kind: PlainKind): boolean {
  return e.kind === 'http-request' && e.hop === 'browser-edge' && e.target.includes(MARK[kind]);
}

/** What the wire shows for the latest plain client of a kind (browser ↔ edge hop). */
export function plainRowsOf(events: readonly WireEvent[], kind: PlainKind): PlainRow[] {
  let conn: string | undefined;
  for (const e of events) if (isPlainRequest(e, kind)) conn = e.conn;
  if (conn === undefined) return [];
  const rows: PlainRow[] = [];
  for (const e of events) {
    if (e.conn !== conn || e.hop !== 'browser-edge') continue;
    const row = plainRowOf(e);
    if (row) rows.push(row);
  }
  return rows;
}

export interface PlainFold {
  /** The connection of the latest plain client of each kind. */
  latest: Partial<Record<PlainKind, string>>;
  /** Rows of every connection on the browser ↔ edge hop. */
  rows: ReadonlyMap<string, AppendList<PlainRow>>;
}

export const plainFold: Reducer<PlainFold, WireEvent> = {
  init: () => ({ latest: {}, rows: new Map() }),
  step: (s, e) => {
    if (e.hop !== 'browser-edge') return s;
    let out = s;
    for (const kind of KINDS) {
      if (isPlainRequest(e, kind) && out.latest[kind] !== e.conn)
        out = { ...out, latest: { ...out.latest, [kind]: e.conn } };
    }
    const row = plainRowOf(e);
    if (row) {
      const list = append(out.rows.get(e.conn) ?? emptyList<PlainRow>(), row);
      out = { ...out, rows: new Map(out.rows).set(e.conn, list) };
    }
    return out;
  },
};

const NONE: readonly PlainRow[] = [];

/** plainRowsOf(events folded, kind). */
export function plainRowsAt(s: PlainFold, kind: PlainKind): readonly PlainRow[] {
  const conn = s.latest[kind];
  const list = conn === undefined ? undefined : s.rows.get(conn);
  return list ? itemsOf(list) : NONE;
}
