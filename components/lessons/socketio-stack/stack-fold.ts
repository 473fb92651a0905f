/**
 * The stack lesson's views as incremental folds (lib/live/fold-store): the emit traces and the
 * packet checklist, each event folded once; the same results as emitTracesOf / checklistOf over
 * the events up to a cursor.
 */
import { type AppendList, append, emptyList } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import { type EmitTrace, type HttpHead, httpHeadOf, tracesOfEvent } from './emit-trace';
import { type Checklist, checklistStep } from './packet-checklist';

export interface TraceFold {
  /** Last HTTP head per connection and direction (a polling body's transport envelope). */
  heads: ReadonlyMap<string, HttpHead>;
  traces: AppendList<EmitTrace>;
}

/** emitTracesOf(events) on the browser ↔ edge hop, as a fold (read with itemsOf(state.traces)). */
export const emitTraceFold: Reducer<TraceFold, WireEvent> = {
  init: () => ({ heads: new Map(), traces: emptyList() }),
  step: (s, e) => {
    if (e.hop !== 'browser-edge') return s;
    const h = httpHeadOf(e);
    if (h) return { ...s, heads: new Map(s.heads).set(h.key, h.head) };
    const added = tracesOfEvent(e, s.heads.get(`${e.conn} ${e.dir}`));
    return added.length === 0 ? s : { ...s, traces: append(s.traces, ...added) };
  },
};

/** checklistOf(events), as a fold. */
export const checklistFold: Reducer<Checklist, WireEvent> = {
  init: () => ({ eio: {}, sio: {} }),
  step: checklistStep,
};
