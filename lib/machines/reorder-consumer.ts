/**
 * The ordered consumer of lesson 11, as pure logic: a dedup cache keyed by eventId, a reorder window
 * of `window` sequence numbers and a replay request from the first missing seq (the last contiguous
 * seq + 1). The page's client runs it on the messages it receives; the lesson's step-by-step view
 * runs the same code over the frames the mirror captured, so both tell the same story.
 *
 * Rules, for an event with seq s while `next` is the first seq not yet applied:
 * - eventId already applied or buffered → discarded (duplicate);
 * - s < next → discarded (stale: an older copy, e.g. from a replay, already applied);
 * - s = next → applied, then every buffered event that is now contiguous is applied in order;
 * - next < s < next + window → buffered (held until the gap before it is filled);
 * - s ≥ next + window → discarded (outside the window): the gap has outlived the window, so the
 *   consumer asks for a replay from `next` at once.
 * A gap also gets a replay request when it has been open `gapMs` without being filled (the missing
 * event may be the last one, with nothing behind it to overflow the window). A request is not
 * repeated for the same `from` within `gapMs`. Time is passed in (`now`, ms): no clocks inside.
 */

import type { OrderedEvent, ReplayRequest } from '../lab/endpoints';

export type { OrderedEvent } from '../lab/endpoints';

export type StepOutcome =
  | 'applied'
  | 'buffered'
  | 'duplicate'
  | 'stale'
  | 'outside-window'
  | 'replay-request';

export interface ConsumerStep {
  /** ms (session time in the fold, page time in the client). */
  at: number;
  outcome: StepOutcome;
  /** The event's seq; for a replay request, the `from` it asked for. */
  seq: number;
  eventId?: string;
  /** True when an arrival made this event applicable (applied out of the buffer). */
  fromBuffer?: boolean;
}

export interface ConsumerOptions {
  window: number;
  /** A gap open this long (ms) asks for a replay. */
  gapMs: number;
  /** Last seq of the stream, when known (lets the consumer see a gap at the tail). */
  total?: number;
}

export interface ConsumerCounts {
  received: number;
  applied: number;
  buffered: number;
  duplicate: number;
  stale: number;
  outsideWindow: number;
  replays: number;
}

export const DEFAULT_GAP_MS = 600;

export class ReorderConsumer {
  /** First seq not applied yet. */
  next = 1;
  readonly applied: OrderedEvent[] = [];
  readonly steps: ConsumerStep[] = [];
  readonly counts: ConsumerCounts = {
    received: 0,
    applied: 0,
    buffered: 0,
    duplicate: 0,
    stale: 0,
    outsideWindow: 0,
    replays: 0,
  };
  private readonly buffer = new Map<number, OrderedEvent>();
  private readonly seen = new Set<string>();
  /** When the current gap opened (first event buffered past it), or null. */
  private gapSince: number | null = null;
  private lastReplay: { from: number; at: number } | null = null;
  /** Set by a rule that wants a replay now; read by `replayDue`. */
  private wantReplay = false;

  constructor(readonly options: ConsumerOptions) {}

  /** Seqs held in the reorder window, ascending. */
  bufferedSeqs(): number[] {
    return [...this.buffer.keys()].sort((a, b) => a - b);
  }

  get lastContiguous(): number {
    return this.next - 1;
  }

  get complete(): boolean {
    return this.options.total !== undefined && this.next > this.options.total;
  }

  /** Folds one received event; returns the steps it caused. */
  receive(event: OrderedEvent, now: number): ConsumerStep[] {
    const out: ConsumerStep[] = [];
    const step = (s: ConsumerStep) => {
      out.push(s);
      this.steps.push(s);
    };
    this.counts.received += 1;
    const base = { at: now, seq: event.seq, eventId: event.eventId };
    if (this.seen.has(event.eventId)) {
      this.counts.duplicate += 1;
      step({ ...base, outcome: 'duplicate' });
    } else if (event.seq < this.next) {
      this.counts.stale += 1;
      step({ ...base, outcome: 'stale' });
    } else if (event.seq >= this.next + this.options.window) {
      this.counts.outsideWindow += 1;
      step({ ...base, outcome: 'outside-window' });
      this.gapSince ??= now;
      this.wantReplay = true;
    } else if (event.seq > this.next) {
      this.seen.add(event.eventId);
      this.buffer.set(event.seq, event);
      this.counts.buffered += 1;
      this.gapSince ??= now;
      step({ ...base, outcome: 'buffered' });
    } else {
      this.seen.add(event.eventId);
      this.apply(event);
      step({ ...base, outcome: 'applied' });
      for (let held = this.buffer.get(this.next); held; held = this.buffer.get(this.next)) {
        this.buffer.delete(held.seq);
        this.apply(held);
        step({
          at: now,
          seq: held.seq,
          eventId: held.eventId,
          outcome: 'applied',
          fromBuffer: true,
        });
      }
      this.gapSince = this.buffer.size > 0 ? now : null;
      this.wantReplay = false;
    }
    return out;
  }

  /**
   * The `from` of a replay request the consumer wants to send now, or null: a window overflow, or
   * a gap (also at the tail, when `total` is known) open `gapMs`. Not repeated within `gapMs`.
   */
  replayDue(now: number): number | null {
    if (this.complete) return null;
    const tailGap =
      this.options.total !== undefined && this.buffer.size === 0 && this.gapSince === null;
    const aged = this.gapSince !== null && now - this.gapSince >= this.options.gapMs;
    if (!this.wantReplay && !aged && !(tailGap && this.tailSilent(now))) return null;
    const last = this.lastReplay;
    if (last !== null && last.from === this.next && now - last.at < this.options.gapMs) return null;
    return this.next;
  }

  /** Records a replay request that went out (the client's own, or one seen on the wire). */
  noteReplay(from: number, now: number): ConsumerStep {
    this.lastReplay = { from, at: now };
    this.wantReplay = false;
    if (this.gapSince !== null) this.gapSince = now;
    this.counts.replays += 1;
    const s: ConsumerStep = { at: now, seq: from, outcome: 'replay-request' };
    this.steps.push(s);
    return s;
  }

  /** The last time anything arrived, for the tail rule. */
  private lastArrival = 0;

  /** Call on every arrival, applied or not (done by `receiveAt`). */
  private tailSilent(now: number): boolean {
    return now - this.lastArrival >= this.options.gapMs;
  }

  /** `receive` plus arrival bookkeeping for the tail rule; the entry point for clients and folds. */
  receiveAt(event: OrderedEvent, now: number): ConsumerStep[] {
    this.lastArrival = now;
    return this.receive(event, now);
  }

  private apply(event: OrderedEvent): void {
    this.applied.push(event);
    this.counts.applied += 1;
    this.next = event.seq + 1;
  }
}

/** Parses one server message of the ordered feed; anything else → null. */
export function parseOrderedEvent(text: string): OrderedEvent | null {
  try {
    const m = JSON.parse(text) as Partial<OrderedEvent>;
    if (
      typeof m?.eventId === 'string' &&
      typeof m.seq === 'number' &&
      Number.isSafeInteger(m.seq) &&
      m.seq >= 1
    ) {
      return { eventId: m.eventId, seq: m.seq, data: typeof m.data === 'string' ? m.data : '' };
    }
  } catch {}
  return null;
}

/** Parses a client replay request `{"type":"replay","from":n}`; anything else → null. */
export function parseReplay(text: string): number | null {
  try {
    const m = JSON.parse(text) as { [K in keyof ReplayRequest]?: unknown };
    if (m?.type === 'replay' && typeof m.from === 'number' && Number.isSafeInteger(m.from)) {
      return m.from;
    }
  } catch {}
  return null;
}

export const replayRequest = (from: number): string =>
  JSON.stringify({ type: 'replay', from } satisfies ReplayRequest);
