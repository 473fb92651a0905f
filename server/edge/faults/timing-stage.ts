/**
 * Loss, latency + jitter and a bandwidth cap on one direction of a connection: each unit gets a
 * release time from lib/faults' schedulers (chained: loss stall → latency → link capacity) and
 * waits in one FIFO, so bytes leave in order whatever the parameters do meanwhile (a stalled
 * segment holds back everything behind it: head-of-line blocking, as TCP does).
 *
 * Schedulers are rebuilt when their parameters change; the seeded streams continue. More than
 * HIGH_WATER bytes waiting pauses the source socket (a proxy's buffer is finite; TCP flow control
 * then slows the sender) until the queue is below LOW_WATER.
 */
import {
  BandwidthCap,
  INITIAL_RTO_MS,
  Latency,
  LossStalls,
  RTO_SOURCE,
} from '../../../lib/faults/stream-timing';
import type { Random } from '../../../lib/scenario/prng';
import type { FaultInfo } from '../tap';
import { formatBytes, type Schedule } from './fault-report';

export interface TimingParams {
  /** % of segments lost (retransmission stalls). */
  loss: number;
  latency: number;
  jitter: number;
  /** Bytes per second; 0 = unlimited. */
  bandwidth: number;
}

export const NO_TIMING: TimingParams = { loss: 0, latency: 0, jitter: 0, bandwidth: 0 };

export const HIGH_WATER = 256 * 1024;
export const LOW_WATER = 64 * 1024;

export interface TimingStageOptions {
  now(): number;
  schedule: Schedule;
  deliver(bytes: Uint8Array): void;
  report(fault: 'loss' | 'latency' | 'bandwidth', info: FaultInfo): void;
  /** This direction's seeded stream for a fault (same function until the seed changes). */
  random(fault: 'loss' | 'latency'): Random;
  /** true: too many bytes wait, pause the source; false: resume it. */
  pressure(high: boolean): void;
}

interface Held {
  at: number;
  bytes: Uint8Array;
}

export function hasTimingFaults(p: TimingParams): boolean {
  return p.loss > 0 || p.latency > 0 || p.jitter > 0 || p.bandwidth > 0;
}

export function describeRetransmits(retransmits: readonly number[]): string {
  const total = retransmits.reduce((a, b) => a + b, 0);
  const chain = retransmits.map((ms) => `${ms} ms`).join(' + ');
  const again = retransmits.length > 1 ? ' (lost again: the RTO doubles)' : '';
  const source = retransmits[0] === INITIAL_RTO_MS ? ` (${INITIAL_RTO_MS} ms: ${RTO_SOURCE})` : '';
  return `segment lost: retransmitted after ${chain}${again} = ${total} ms stall${source}; every byte behind it waits`;
}

export class TimingStage {
  private queue: Held[] = [];
  private head = 0;
  private queuedBytes = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | null = null;
  private paused = false;
  private drainWaiters: (() => void)[] = [];
  private destroyed = false;
  private loss: { key: string; scheduler: LossStalls } | null = null;
  private latency: { key: string; scheduler: Latency } | null = null;
  private bandwidth: { key: number; scheduler: BandwidthCap } | null = null;

  constructor(private readonly options: TimingStageOptions) {}

  /** Bytes waiting for their release time. */
  get queued(): number {
    return this.queuedBytes;
  }

  push(bytes: Uint8Array, p: TimingParams): void {
    if (this.destroyed) return;
    const empty = this.head === this.queue.length;
    if (!hasTimingFaults(p) && empty) {
      this.options.deliver(bytes);
      return;
    }
    const now = this.options.now();
    const n = bytes.length;
    let t = now;
    if (p.loss > 0) {
      const release = this.lossFor(p.loss).schedule(t, n);
      if (release.retransmits !== undefined) {
        this.options.report('loss', {
          detail: describeRetransmits(release.retransmits),
          delayMs: release.retransmits.reduce((a, b) => a + b, 0),
          bytes: n,
        });
      }
      t = release.at;
    }
    if (p.latency > 0 || p.jitter > 0) {
      const release = this.latencyFor(p.latency, p.jitter).schedule(t);
      this.options.report('latency', {
        detail: `held ${Math.round(release.added)} ms (latency ${p.latency} ms${p.jitter > 0 ? ` ± ${p.jitter} ms jitter` : ''})`,
        delayMs: release.added,
        bytes: n,
      });
      t = release.at;
    }
    if (p.bandwidth > 0) {
      const before = t;
      const release = this.bandwidthFor(p.bandwidth).schedule(t, n);
      t = release.at;
      const wait = t - before;
      if (wait >= 1) {
        this.options.report('bandwidth', {
          detail: `${formatBytes(n)} took ${Math.round(wait)} ms on a ${formatBytes(p.bandwidth)}/s link (${formatBytes(this.queuedBytes)} queued ahead)`,
          delayMs: wait,
          bytes: n,
        });
      }
    }
    const at = Math.max(t, this.lastAt, now);
    this.lastAt = at;
    // A timer cannot wait less than a millisecond: a release due within one goes now (the
    // schedulers keep their own clocks, so a cap still averages out to its rate).
    if (empty && at <= now + 1) {
      this.options.deliver(bytes);
      return;
    }
    this.queue.push({ at, bytes });
    this.queuedBytes += n;
    if (!this.paused && this.queuedBytes > HIGH_WATER) {
      this.paused = true;
      this.options.pressure(true);
    }
    if (empty) this.arm(at - now);
  }

  /** Calls back once every queued byte has left (now if none wait). */
  whenDrained(callback: () => void): void {
    if (this.head === this.queue.length) callback();
    else this.drainWaiters.push(callback);
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.drainWaiters = [];
  }

  private arm(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.options.schedule(
      () => {
        this.cancelTimer = null;
        this.releaseDue();
      },
      Math.max(0, ms),
    );
  }

  private releaseDue(): void {
    const now = this.options.now();
    while (!this.destroyed && this.head < this.queue.length) {
      const item = this.queue[this.head] as Held;
      // Timers fire up to a millisecond early or late; within half a millisecond counts as due.
      if (item.at > now + 0.5) break;
      this.head += 1;
      this.queuedBytes -= item.bytes.length;
      this.options.deliver(item.bytes);
    }
    if (this.destroyed) return;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.queuedBytes < LOW_WATER) {
      this.paused = false;
      this.options.pressure(false);
    }
    const next = this.queue[this.head];
    if (next !== undefined) {
      this.arm(next.at - now);
      return;
    }
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const callback of waiters) callback();
  }

  private lossFor(percent: number): LossStalls {
    const random = this.options.random('loss');
    const key = `${percent}`;
    if (this.loss === null || this.loss.key !== key || this.lossRandom !== random) {
      this.loss = { key, scheduler: new LossStalls(random, percent) };
      this.lossRandom = random;
    }
    return this.loss.scheduler;
  }

  private lossRandom: Random | null = null;
  private latencyRandom: Random | null = null;

  private latencyFor(latency: number, jitter: number): Latency {
    const random = this.options.random('latency');
    const key = `${latency}/${jitter}`;
    if (this.latency === null || this.latency.key !== key || this.latencyRandom !== random) {
      this.latency = { key, scheduler: new Latency(random, latency, jitter) };
      this.latencyRandom = random;
    }
    return this.latency.scheduler;
  }

  private bandwidthFor(rate: number): BandwidthCap {
    if (this.bandwidth === null || this.bandwidth.key !== rate) {
      this.bandwidth = { key: rate, scheduler: new BandwidthCap(rate) };
    }
    return this.bandwidth.scheduler;
  }
}
