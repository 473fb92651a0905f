/**
 * The reorder window of lesson 11 as a statechart, folded from the wire:
 *
 *   inOrder ─BUFFER─▶ gap                 (an event arrived ahead of a missing one)
 *   gap ─APPLY [window empty]─▶ inOrder   (the missing event came: everything held is applied)
 *   inOrder | gap ─REPLAY_REQUEST─▶ replaying   (the page asked for events again from a seq)
 *   replaying ─APPLY [window empty]─▶ inOrder
 *   any ─DISCARD─▶ same state             (duplicate, stale or outside the window)
 *
 * `reorderWindowEvents` builds the events by running the page's own consumer logic
 * (`ReorderConsumer`) over the captured browser ↔ edge frames of the ordered feed: down frames are
 * received events, up frames `{"type":"replay","from":n}` are the replay requests that really went out.
 */
import { assign, setup } from 'xstate';
import type { WireEvent } from '../mirror/types';
import type { TimedEvent } from './fold';
import {
  type ConsumerStep,
  DEFAULT_GAP_MS,
  parseOrderedEvent,
  parseReplay,
  ReorderConsumer,
} from './reorder-consumer';

export type ReorderWindowEvent =
  | { type: 'APPLY'; seq: number; held: number }
  | { type: 'BUFFER'; seq: number; held: number }
  | { type: 'DISCARD'; seq: number; held: number; why: 'duplicate' | 'stale' | 'outside-window' }
  | { type: 'REPLAY_REQUEST'; from: number; held: number };

export interface ReorderWindowContext {
  held: number;
  lastFrom?: number;
}

export const reorderWindowMachine = setup({
  types: {
    context: {} as ReorderWindowContext,
    events: {} as ReorderWindowEvent,
  },
  guards: {
    windowEmpty: ({ event }) => event.held === 0,
  },
  actions: {
    track: assign({ held: ({ event }) => event.held }),
    trackReplay: assign({
      held: ({ event }) => event.held,
      lastFrom: ({ event }) => (event.type === 'REPLAY_REQUEST' ? event.from : undefined),
    }),
  },
}).createMachine({
  id: 'reorder',
  initial: 'inOrder',
  context: { held: 0 },
  states: {
    inOrder: {
      on: {
        APPLY: { actions: 'track' },
        DISCARD: { actions: 'track' },
        BUFFER: { target: 'gap', actions: 'track' },
        REPLAY_REQUEST: { target: 'replaying', actions: 'trackReplay' },
      },
    },
    gap: {
      on: {
        APPLY: [
          { guard: 'windowEmpty', target: 'inOrder', actions: 'track' },
          { actions: 'track' },
        ],
        BUFFER: { actions: 'track' },
        DISCARD: { actions: 'track' },
        REPLAY_REQUEST: { target: 'replaying', actions: 'trackReplay' },
      },
    },
    replaying: {
      on: {
        APPLY: [
          { guard: 'windowEmpty', target: 'inOrder', actions: 'track' },
          { actions: 'track' },
        ],
        BUFFER: { actions: 'track' },
        DISCARD: { actions: 'track' },
        REPLAY_REQUEST: { target: 'replaying', reenter: true, actions: 'trackReplay' },
      },
    },
  },
});

/** One step of the view: what the consumer did with one frame, linked to the frame. */
export interface WireStep extends ConsumerStep {
  /** Seq of the WireEvent (frame) that caused the step. */
  wireSeq: number;
  /** Events held in the window after the step. */
  held: number;
  /** Seqs held in the window after the step, and the last contiguous seq applied. */
  window: number[];
  lastContiguous: number;
}

export interface ReorderFold {
  consumer: ReorderConsumer;
  steps: WireStep[];
  events: TimedEvent<ReorderWindowEvent>[];
}

function textOf(e: WireEvent): string | undefined {
  return e.kind === 'ws-frame' && e.message?.type === 'text' ? e.message.text : undefined;
}

/**
 * Runs the consumer over the browser ↔ edge text messages of connection `conn`, in log order, up
 * to `upToSeq`. Down messages are fed to the consumer; up replay requests are noted as sent.
 */
export function foldReorder(
  events: readonly WireEvent[],
  conn: string,
  options: { window: number; total?: number; gapMs?: number; upToSeq?: number },
): ReorderFold {
  const consumer = new ReorderConsumer({
    window: options.window,
    gapMs: options.gapMs ?? DEFAULT_GAP_MS,
    ...(options.total !== undefined ? { total: options.total } : {}),
  });
  const steps: WireStep[] = [];
  const machineEvents: TimedEvent<ReorderWindowEvent>[] = [];
  for (const e of events) {
    if (options.upToSeq !== undefined && e.seq > options.upToSeq) break;
    if (e.conn !== conn || e.hop !== 'browser-edge') continue;
    const text = textOf(e);
    if (text === undefined) continue;
    let made: ConsumerStep[] = [];
    if (e.dir === 'down') {
      const ev = parseOrderedEvent(text);
      if (ev !== null) made = consumer.receiveAt(ev, e.t);
    } else {
      const from = parseReplay(text);
      if (from !== null) made = [consumer.noteReplay(from, e.t)];
    }
    const window = consumer.bufferedSeqs();
    const held = window.length;
    const lastContiguous = consumer.lastContiguous;
    for (const s of made) {
      steps.push({ ...s, wireSeq: e.seq, held, window, lastContiguous });
      machineEvents.push({ t: e.t, seq: e.seq, event: machineEventOf(s, held) });
    }
  }
  return { consumer, steps, events: machineEvents };
}

function machineEventOf(s: ConsumerStep, held: number): ReorderWindowEvent {
  switch (s.outcome) {
    case 'applied':
      return { type: 'APPLY', seq: s.seq, held };
    case 'buffered':
      return { type: 'BUFFER', seq: s.seq, held };
    case 'replay-request':
      return { type: 'REPLAY_REQUEST', from: s.seq, held };
    case 'duplicate':
    case 'stale':
    case 'outside-window':
      return { type: 'DISCARD', seq: s.seq, held, why: s.outcome };
  }
}
