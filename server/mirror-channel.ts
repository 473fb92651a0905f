/**
 * The server end of one page's mirror channel: queues the session's TapRecords (raw chunks and the
 * edge's own events) and sends them as binary batches (lib/mirror/tap-stream.ts), never one message
 * per record and never a decode: the page dissects.
 *
 * Pacing is a token bucket: a quiet channel sends a new record at the end of the current I/O phase
 * (records of the same tick share a batch), up to `burst` batches in a row; under sustained traffic
 * batches go out once per flush interval. So a lone frame reaches the page in about a millisecond and
 * a busy session costs the page at most 1000/flushIntervalMs messages per second.
 *
 * Back-pressure, per session: while the queue plus the socket's bufferedAmount is above the
 * high-water mark (a slow page, a flood), `congested` is true and the edge pauses this session's
 * sockets until `onDrain`: the capture stays complete and only this session slows. Past a hard cap
 * (sources that cannot pause) the oldest records are dropped and the next batch says how many.
 */
import type { TapRecord } from '../lib/capture/records';
import type { ServerMessage } from '../lib/mirror/protocol';
import { TapStreamWriter } from '../lib/mirror/tap-stream';
import { liveAdd, liveRemove } from './live-resources';

/** The part of a `ws` WebSocket the channel uses (a fake in unit tests). */
export interface MirrorSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
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
  /** Records queued at most; beyond it the oldest are dropped (sources that cannot pause). */
  maxRecords: number;
  /** Time between two batches under sustained traffic (ms). */
  flushIntervalMs?: number;
  /** Batches that may go out back to back after a quiet period. */
  burst?: number;
  /** Queued + socket-buffered bytes above which the session's sources pause. */
  highWaterBytes?: number;
  /** ... and below which they resume. */
  lowWaterBytes?: number;
  /** Queued bytes beyond which the oldest records are dropped. */
  maxQueuedBytes?: number;
  /** A batch closes once it reaches this many bytes (one record always fits). */
  maxBatchBytes?: number;
  now?: () => number;
  schedule?: Schedule;
}

const OPEN = 1;

export interface MirrorStats {
  /** Records queued so far. */
  seq: number;
  queued: number;
  queuedBytes: number;
  sent: number;
  sentBytes: number;
  batches: number;
  dropped: number;
}

export class MirrorChannel {
  private readonly writer = new TapStreamWriter();
  private queue: TapRecord[] = [];
  private sizes: number[] = [];
  private head = 0;
  private queuedBytes = 0;
  private pushed = 0;
  private droppedSinceBatch = 0;
  private droppedTotal = 0;
  private sentRecords = 0;
  private sentBytes = 0;
  private batches = 0;
  private tokens: number;
  private tokensAt: number;
  private cancelFlush: (() => void) | null = null;
  private drainWaiters: (() => void)[] = [];
  private drainTimer: (() => void) | null = null;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly burst: number;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly maxQueuedBytes: number;
  private readonly maxBatchBytes: number;
  private readonly now: () => number;
  private readonly schedule: Schedule;

  constructor(
    private readonly socket: MirrorSocket,
    private readonly options: MirrorChannelOptions,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 8;
    this.burst = options.burst ?? 3;
    this.highWater = options.highWaterBytes ?? 8 * 1024 * 1024;
    this.lowWater = options.lowWaterBytes ?? 2 * 1024 * 1024;
    this.maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? defaultSchedule;
    this.tokens = this.burst;
    this.tokensAt = this.now();
  }

  /** Queues a record for the page. */
  push(record: TapRecord): void {
    this.pushed += 1;
    if (this.closed) return;
    const size = TapStreamWriter.size(record);
    this.queue.push(record);
    this.sizes.push(size);
    this.queuedBytes += size;
    while (
      this.pending() > 1 &&
      (this.pending() > this.options.maxRecords || this.queuedBytes > this.maxQueuedBytes)
    ) {
      this.queuedBytes -= this.sizes[this.head] as number;
      this.head += 1;
      this.droppedSinceBatch += 1;
      this.droppedTotal += 1;
    }
    this.compact();
    this.requestFlush();
  }

  /** True while this session's page is behind: its byte sources should pause until onDrain. */
  get congested(): boolean {
    return (
      !this.closed &&
      (this.backlog() > this.highWater || this.pending() > this.options.maxRecords / 2)
    );
  }

  onDrain(callback: () => void): void {
    if (!this.congested) {
      queueMicrotask(callback);
      return;
    }
    this.drainWaiters.push(callback);
    this.watchDrain();
  }

  /** Sends a control message now, after any queued records, so the page sees them in order. */
  send(message: ServerMessage): void {
    if (this.closed) return;
    this.flush(true);
    this.write(JSON.stringify(message));
  }

  /** Sends queued records now (force = ignore back-pressure and the interval). */
  flush(force = false): void {
    this.cancelPending();
    if (this.closed || (this.pending() === 0 && this.droppedSinceBatch === 0)) return;
    if (!force && this.socket.bufferedAmount > this.highWater) {
      this.arm(this.flushIntervalMs);
      return;
    }
    if (!force) {
      this.refill();
      this.tokens -= 1;
    }
    do {
      let bytes = 0;
      const start = this.head;
      while (this.head < this.queue.length && (this.head === start || bytes < this.maxBatchBytes)) {
        bytes += this.sizes[this.head] as number;
        this.head += 1;
      }
      const records = this.queue.slice(start, this.head);
      this.queuedBytes -= bytes;
      const dropped = this.droppedSinceBatch;
      this.droppedSinceBatch = 0;
      const batch = this.writer.encode(records, dropped);
      this.sentRecords += records.length;
      this.sentBytes += batch.length;
      this.batches += 1;
      this.write(batch);
      // Everything queued goes now, in batches of at most maxBatchBytes, while the socket keeps
      // up: the flush interval paces messages, not bytes (one 1 MiB batch per 8 ms would cap a
      // session at 131 MB/s and hold its sockets for the mirror).
    } while (this.pending() > 0 && (force || this.socket.bufferedAmount <= this.highWater));
    this.compact();
    if (this.pending() > 0) this.requestFlush();
    this.checkDrain();
  }

  /** Stops sending; queued records are discarded; paused sources are released. */
  close(): void {
    this.cancelPending();
    this.closed = true;
    this.queue = [];
    this.sizes = [];
    this.head = 0;
    this.queuedBytes = 0;
    if (this.drainTimer !== null) {
      this.drainTimer();
      this.drainTimer = null;
      liveRemove('mirrorWaits');
    }
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }

  get stats(): MirrorStats {
    return {
      seq: this.pushed,
      queued: this.pending(),
      queuedBytes: this.queuedBytes,
      sent: this.sentRecords,
      sentBytes: this.sentBytes,
      batches: this.batches,
      dropped: this.droppedTotal,
    };
  }

  /** Connections whose last chunks the stream writer keeps (for leak tests). */
  get trackedConnections(): number {
    return this.writer.tracked;
  }

  private backlog(): number {
    return this.queuedBytes + this.socket.bufferedAmount;
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

  /** The socket drains on its own (no event for it here): look again each flush interval. */
  private watchDrain(): void {
    if (this.drainTimer !== null) return;
    liveAdd('mirrorWaits');
    this.drainTimer = this.schedule(() => {
      this.drainTimer = null;
      liveRemove('mirrorWaits');
      this.checkDrain();
    }, this.flushIntervalMs);
  }

  private checkDrain(): void {
    if (this.drainWaiters.length === 0) return;
    if (this.backlog() > this.lowWater || this.pending() > this.options.maxRecords / 4) {
      this.watchDrain();
      return;
    }
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.sizes = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  private write(data: string | Uint8Array): void {
    if (this.socket.readyState !== OPEN) return;
    this.socket.send(data);
  }
}
