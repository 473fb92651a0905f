/**
 * The server end of one page's mirror channel: stamps seq on tapped events, queues them, and sends
 * them as `{type:'events'}` batches, never one message per event.
 *
 * Pacing is a token bucket: a quiet channel sends a new event at the end of the current I/O phase
 * (events of the same tick share a batch), up to `burst` batches in a row; under sustained traffic
 * batches go out once per flush interval. So a lone frame reaches the page in about a millisecond and
 * a busy session costs the page at most 1000/flushIntervalMs messages per second.
 *
 * Back-pressure: while the socket's bufferedAmount is above the high-water mark (a slow page), batches
 * wait in the queue; the queue holds at most maxEvents, beyond that the oldest are dropped and the next
 * batch says how many (`dropped`). The server keeps no history beyond this queue: the page keeps the log.
 */
import type { ServerMessage } from '../lib/mirror/protocol';
import type { UnstampedEvent } from '../lib/mirror/types';

/** The part of a `ws` WebSocket the channel uses (a fake in unit tests). */
export interface MirrorSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
}

/** Schedules fn after ms (0 = as soon as the current I/O phase ends); returns a cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const defaultSchedule: Schedule = (fn, ms) => {
  if (ms <= 0) {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export interface MirrorChannelOptions {
  /** Queue cap; beyond it the oldest queued events are dropped. */
  maxEvents: number;
  /**
   * Time between two batches under sustained traffic (ms). 8 ms: the wait it adds stays well under
   * the 16 ms lag budget (a 16 ms interval alone would use all of it); the page renders per frame.
   */
  flushIntervalMs?: number;
  /** Batches that may go out back to back after a quiet period. */
  burst?: number;
  /** Above this many bytes buffered in the socket, batches wait. */
  highWaterMark?: number;
  /** Largest number of events in one batch. */
  maxBatch?: number;
  /** A batch closes once its JSON reaches this many characters (one event always fits). */
  maxBatchChars?: number;
  now?: () => number;
  schedule?: Schedule;
}

const OPEN = 1;

export class MirrorChannel {
  private seq = 0;
  /** Stamped events, serialized. */
  private queue: string[] = [];
  /** Index of the first live event in queue (dropping the oldest is O(1)). */
  private head = 0;
  private droppedSinceBatch = 0;
  private droppedTotal = 0;
  private sentEvents = 0;
  /** Token bucket: batches allowed now, refilled at one per flush interval, capped at burst. */
  private tokens: number;
  private tokensAt: number;
  private cancelFlush: (() => void) | null = null;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly burst: number;
  private readonly highWaterMark: number;
  private readonly maxBatch: number;
  private readonly maxBatchChars: number;
  private readonly now: () => number;
  private readonly schedule: Schedule;

  constructor(
    private readonly socket: MirrorSocket,
    private readonly options: MirrorChannelOptions,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 8;
    this.burst = options.burst ?? 3;
    this.highWaterMark = options.highWaterMark ?? 4 * 1024 * 1024;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.maxBatchChars = options.maxBatchChars ?? 1024 * 1024;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? defaultSchedule;
    this.tokens = this.burst;
    this.tokensAt = this.now();
  }

  /** Stamps the next seq on the event and queues it; returns the seq. */
  push(event: UnstampedEvent): number {
    return this.pushJson(JSON.stringify(event));
  }

  /** Same as push, for an event already serialized (by the tap worker): `{"kind":…}`. */
  pushJson(json: string): number {
    this.seq += 1;
    if (this.closed) return this.seq;
    this.queue.push(`{"seq":${this.seq},${json.slice(1)}`);
    if (this.queue.length - this.head > this.options.maxEvents) {
      this.head += 1;
      this.droppedSinceBatch += 1;
      this.droppedTotal += 1;
      this.compact();
    }
    this.requestFlush();
    return this.seq;
  }

  /** Sends a control message now, after any queued events, so the page sees them in order. */
  send(message: ServerMessage): void {
    if (this.closed) return;
    if (message.type !== 'events') this.flush(true);
    this.write(message);
  }

  /** Sends queued events now (force = ignore back-pressure and the interval). */
  flush(force = false): void {
    this.cancelPending();
    if (this.closed || (this.pending() === 0 && this.droppedSinceBatch === 0)) return;
    if (!force && this.socket.bufferedAmount > this.highWaterMark) {
      this.arm(this.flushIntervalMs);
      return;
    }
    if (!force) {
      this.refill();
      this.tokens -= 1;
    }
    do {
      // A batch stops at a size: a page should never get a 100 MB message (`ws` clients refuse
      // those with 1009 by default).
      const parts: string[] = [];
      let chars = 0;
      const limit = Math.min(this.queue.length, this.head + this.maxBatch);
      while (this.head < limit && (parts.length === 0 || chars < this.maxBatchChars)) {
        const json = this.queue[this.head] as string;
        this.head += 1;
        parts.push(json);
        chars += json.length + 1;
      }
      const dropped = this.droppedSinceBatch;
      this.droppedSinceBatch = 0;
      this.sentEvents += parts.length;
      this.writeRaw(
        `{"type":"events","events":[${parts.join(',')}]${dropped > 0 ? `,"dropped":${dropped}` : ''}}`,
      );
    } while (force && this.pending() > 0);
    this.compact();
    if (this.pending() > 0) this.requestFlush();
  }

  /** Stops sending; queued events are discarded. */
  close(): void {
    this.cancelPending();
    this.closed = true;
    this.queue = [];
    this.head = 0;
  }

  get stats(): { seq: number; queued: number; sent: number; dropped: number } {
    return {
      seq: this.seq,
      queued: this.pending(),
      sent: this.sentEvents,
      dropped: this.droppedTotal,
    };
  }

  private pending(): number {
    return this.queue.length - this.head;
  }

  private requestFlush(): void {
    if (this.cancelFlush !== null) return;
    this.refill();
    const missing = 1 - this.tokens;
    this.arm(missing <= 0 ? 0 : missing * this.flushIntervalMs);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.tokensAt) / this.flushIntervalMs);
    this.tokensAt = now;
  }

  private arm(ms: number): void {
    this.cancelPending();
    this.cancelFlush = this.schedule(() => {
      this.cancelFlush = null;
      this.flush();
    }, ms);
  }

  private cancelPending(): void {
    if (this.cancelFlush !== null) {
      this.cancelFlush();
      this.cancelFlush = null;
    }
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private write(message: ServerMessage): void {
    this.writeRaw(JSON.stringify(message));
  }

  private writeRaw(json: string): void {
    if (this.socket.readyState !== OPEN) return;
    this.socket.send(json);
  }
}
