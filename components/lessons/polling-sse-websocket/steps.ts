/**
 * What the captured events prove of lesson 7's steps, as an incremental fold of the browser ↔ edge
 * hop: which stream message ids each of the four readers received (short-poll and long-poll JSON
 * answers, SSE `id:` events, WebSocket `/feed` text frames), and SSE resumes (`Last-Event-ID` on a
 * new request, then the next id on the new stream). Never a click.
 */
import type { Reducer } from '@/lib/live/fold-store';
import { headerValue } from '@/lib/mirror/select-eio';
import type { LabTransport } from '@/lib/mirror/select-transport';
import type { WireEvent } from '@/lib/mirror/types';
import { type HttpPairs, messageIdsOf, NO_PAIRS, stepPairs } from '../../../lib/mirror/http-pairs';
import type { StepProof } from '../../lesson/steps-store';

export type Reader = 'short-poll' | 'long-poll' | 'sse' | 'ws';
export const READERS: readonly Reader[] = ['short-poll', 'long-poll', 'sse', 'ws'];
const BIT: Record<Reader, number> = { 'short-poll': 1, 'long-poll': 2, sse: 4, ws: 8 };
const ALL = 15;
/** Messages each reader must have received before the comparison step counts as measured. */
export const COMPARE_AFTER = 10;
const KEEP_IDS = 200;

interface Seen {
  mask: number;
  seqs: readonly number[];
}

export interface CompareSteps {
  pairs: HttpPairs;
  /** Connections of WebSocket `/feed` readers. */
  wsConns: ReadonlySet<string>;
  /** Recent ids → which readers got them (bit mask) and where. */
  ids: ReadonlyMap<number, Seen>;
  counts: Readonly<Record<Reader, number>>;
  lastSeq: Readonly<Partial<Record<Reader, number>>>;
  /** The last SSE id seen, and its event's seq. */
  sseLast?: { id: string; seq: number };
  /** An SSE request that resumed from the last id, waiting for its first event. */
  resuming?: { conn: string; from: string; requestSeq: number; lastSeq: number };
  four?: readonly number[];
  resume?: readonly number[];
  compare?: readonly number[];
}

function received(s: CompareSteps, reader: Reader, ids: readonly number[], seq: number) {
  if (ids.length === 0) return s;
  const map = new Map(s.ids);
  let four = s.four;
  for (const id of ids) {
    const was = map.get(id) ?? { mask: 0, seqs: [] };
    if (was.mask & BIT[reader]) continue;
    const now = { mask: was.mask | BIT[reader], seqs: [...was.seqs, seq] };
    map.set(id, now);
    if (!four && now.mask === ALL) four = now.seqs;
  }
  while (map.size > KEEP_IDS) map.delete(map.keys().next().value as number);
  const counts = { ...s.counts, [reader]: s.counts[reader] + ids.length };
  const lastSeq = { ...s.lastSeq, [reader]: seq };
  const out: CompareSteps = { ...s, ids: map, counts, lastSeq };
  if (four) out.four = four;
  if (!s.compare && READERS.every((r) => counts[r] >= COMPARE_AFTER))
    out.compare = READERS.map((r) => lastSeq[r] as number).sort((a, b) => a - b);
  return out;
}

function wsId(e: WireEvent): number | undefined {
  if (e.kind !== 'ws-frame' || e.dir !== 'down' || e.message?.text === undefined) return undefined;
  try {
    const id = (JSON.parse(e.message.text) as { id?: unknown }).id;
    return typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

function step(s: CompareSteps, e: WireEvent): CompareSteps {
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'ws-frame') {
    if (!s.wsConns.has(e.conn)) return s;
    const id = wsId(e);
    return id === undefined ? s : received(s, 'ws', [id], e.seq);
  }
  const r = stepPairs(s.pairs, e);
  if (r.pairs === s.pairs) return s;
  let out: CompareSteps = { ...s, pairs: r.pairs };
  const req = r.request;
  if (req?.transport === 'ws' && /\/feed(\?|$)/.test(req.target))
    out.wsConns = new Set([...s.wsConns, req.conn]);
  if (req?.transport === 'sse') {
    const from = headerValue([...req.headers], 'last-event-id');
    if (from !== undefined && s.sseLast && from.trim() === s.sseLast.id)
      out.resuming = {
        conn: req.conn,
        from: from.trim(),
        requestSeq: req.seq,
        lastSeq: s.sseLast.seq,
      };
  }
  const a = r.answered;
  const t: LabTransport | undefined = a?.request.transport;
  if (a && a.status === 200 && (t === 'short-poll' || t === 'long-poll'))
    out = received(out, t, messageIdsOf(a.body), a.endSeq);
  const piece = r.piece;
  if (piece?.request.transport === 'sse' && piece.event.kind === 'http-body' && piece.event.sse) {
    const events = piece.event.sse.filter((x) => x.id !== undefined && x.id !== '');
    const ids = events.map((x) => Number(x.id)).filter((n) => Number.isInteger(n));
    out = received(out, 'sse', ids, e.seq);
    const first = events[0];
    const res = out.resuming;
    if (first && res && res.conn === e.conn) {
      const { resuming: _, ...rest } = out;
      out = rest;
      if (!s.resume && Number(first.id) === Number(res.from) + 1)
        out.resume = [res.lastSeq, res.requestSeq, e.seq];
    }
    const last = events.at(-1);
    if (last?.id !== undefined) out.sseLast = { id: last.id, seq: e.seq };
  }
  return out;
}

export const compareSteps: Reducer<CompareSteps, WireEvent> = {
  init: () => ({
    pairs: NO_PAIRS,
    wsConns: new Set(),
    ids: new Map(),
    counts: { 'short-poll': 0, 'long-poll': 0, sse: 0, ws: 0 },
    lastSeq: {},
  }),
  step,
};

export function compareProofs(s: CompareSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    four: proof(s.four, ['sse.open']),
    resume: proof(s.resume, ['sse.reconnecting', 'sse.connecting', 'sse.open']),
    compare: proof(s.compare, []),
  };
}
