/**
 * What the captured events prove of lesson 11's steps, as an incremental fold. Each ordered stream
 * (a WebSocket to `/ordered`, browser ↔ edge) runs through an immutable copy of the consumer's
 * rules (lib/machines/reorder-consumer.ts): dedup by eventId, the reorder window, replay requests.
 * The window is the one the page announced in its marker before it opened the stream.
 */
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { Reducer } from '@/lib/live/fold-store';
import { parseOrderedEvent, parseReplay } from '@/lib/machines/reorder-consumer';
import type { WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

/** The marker the page puts on the timeline before it opens a stream (read back by the fold). */
export const STREAM_MARK = 'ordered stream';
export const streamMarkDetail = (path: string, window: number) =>
  `new WebSocket(…${path}), reorder window ${window}`;
const DEFAULT_WINDOW = 4;

interface Stream {
  window: number;
  /** First seq not applied yet. */
  next: number;
  /** eventId → the wire seq of the frame that made the consumer keep it (applied or held). */
  kept: ReadonlyMap<string, number>;
  /** seq held in the window → the wire seq of its frame. */
  held: ReadonlyMap<number, number>;
  /** Wire seq of the last replay request (up), and the `from` it asked for. */
  replay?: { wireSeq: number; from: number };
}

export interface OrderingSteps {
  /** The window announced by the last marker, for the next stream. */
  window: number;
  streams: ReadonlyMap<string, Stream>;
  dedup?: readonly number[];
  reorder?: readonly number[];
  replay?: readonly number[];
}

function isOrdered(target: string): boolean {
  const q = target.indexOf('?');
  return (q < 0 ? target : target.slice(0, q)).endsWith(LAB_PATHS.ordered);
}

function textOf(e: WireEvent): string | undefined {
  return e.kind === 'ws-frame' && e.message?.type === 'text' ? e.message.text : undefined;
}

function receive(s: OrderingSteps, st: Stream, e: WireEvent, text: string): OrderingSteps {
  const ev = parseOrderedEvent(text);
  if (ev === null) return s;
  const out: OrderingSteps = { ...s };
  let next: Stream = st;
  const first = st.kept.get(ev.eventId);
  if (first !== undefined) {
    if (!s.dedup) out.dedup = [first, e.seq];
    return out.dedup === s.dedup ? s : out;
  }
  if (ev.seq < st.next || ev.seq >= st.next + st.window) return s; // stale, or outside the window
  const kept = new Map(st.kept).set(ev.eventId, e.seq);
  if (ev.seq > st.next) {
    next = { ...st, kept, held: new Map(st.held).set(ev.seq, e.seq) };
  } else {
    // Applied, then everything now contiguous is released from the window.
    const held = new Map(st.held);
    let n = ev.seq + 1;
    const released: number[] = [];
    for (let w = held.get(n); w !== undefined; w = held.get(n)) {
      released.push(w);
      held.delete(n);
      n += 1;
    }
    next = { ...st, kept, held, next: n };
    const replayed = st.replay !== undefined && st.replay.from === ev.seq;
    if (!s.replay && replayed && st.replay) out.replay = [st.replay.wireSeq, e.seq];
    // A reorder: held events released by the late one, with no replay asked for meanwhile.
    const sinceReplay = st.replay?.wireSeq ?? 0;
    const heldFirst = released[0];
    if (!s.reorder && heldFirst !== undefined && heldFirst > sinceReplay)
      out.reorder = [heldFirst, e.seq];
  }
  out.streams = new Map(s.streams).set(e.conn, next);
  return out;
}

function step(s: OrderingSteps, e: WireEvent): OrderingSteps {
  if (e.kind === 'marker') {
    if (e.label !== STREAM_MARK) return s;
    const m = /reorder window (\d+)/.exec(e.detail ?? '');
    const window = m ? Number(m[1]) : DEFAULT_WINDOW;
    return window === s.window ? s : { ...s, window };
  }
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'http-request') {
    if (!isOrdered(e.target)) return s;
    const fresh: Stream = { window: s.window, next: 1, kept: new Map(), held: new Map() };
    return { ...s, streams: new Map(s.streams).set(e.conn, fresh) };
  }
  const st = s.streams.get(e.conn);
  const text = st ? textOf(e) : undefined;
  if (!st || text === undefined) return s;
  if (e.dir === 'down') return receive(s, st, e, text);
  const from = parseReplay(text);
  if (from === null || from !== st.next) return s;
  const streams = new Map(s.streams).set(e.conn, { ...st, replay: { wireSeq: e.seq, from } });
  return { ...s, streams };
}

export const orderingSteps: Reducer<OrderingSteps, WireEvent> = {
  init: () => ({ window: DEFAULT_WINDOW, streams: new Map() }),
  step,
};

export function orderingProofs(s: OrderingSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    dedup: proof(s.dedup, ['reorder.inOrder']),
    reorder: proof(s.reorder, ['reorder.gap', 'reorder.inOrder']),
    replay: proof(s.replay, ['reorder.replaying']),
  };
}
