/**
 * Rate-limited fault events. A 5,000 msg/s flood through a 10 % drop must not become 500 timeline
 * rows a second: each (hop, dir, fault) of a connection has a token bucket; an occurrence with a
 * token left becomes its own event, the rest are counted and summed into one summary event
 * ("+37 more frames dropped in 1.0 s", `count: 37`) when the bucket's window closes. Totals stay
 * exact: the events' counts add up to every occurrence.
 */
import type { Dir, FaultKind, Hop } from '../../../lib/mirror/types';
import type { FaultInfo } from '../tap';

export interface FaultSink {
  fault(hop: Hop, dir: Dir, fault: FaultKind, info: FaultInfo): void;
}

export interface FaultPolicy {
  /** Individual events allowed back to back. */
  burst: number;
  /** Tokens refilled per second. */
  perSecond: number;
}

/** Per-frame faults are worth seeing one by one (up to 20 a second); per-chunk ones once a second. */
export const DEFAULT_POLICY: FaultPolicy = { burst: 20, perSecond: 20 };
export const POLICIES: Partial<Record<FaultKind, FaultPolicy>> = {
  latency: { burst: 1, perSecond: 1 },
  bandwidth: { burst: 1, perSecond: 1 },
  blackhole: { burst: 1, perSecond: 1 },
};

/** What a summary says, per fault: "+N more <noun>". */
const NOUNS: Partial<Record<FaultKind, string>> = {
  loss: 'stalls (segments lost and retransmitted)',
  latency: 'chunks delayed',
  bandwidth: 'chunks queued behind the bandwidth cap',
  drop: 'frames dropped',
  dup: 'frames duplicated',
  reorder: 'frames held back',
  blackhole: 'chunks vanished',
};

/** Suppressed occurrences are summed over this window into one event. */
export const SUMMARY_WINDOW_MS = 1000;

export type Schedule = (callback: () => void, ms: number) => () => void;

export const realSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

interface Bucket {
  hop: Hop;
  dir: Dir;
  fault: FaultKind;
  policy: FaultPolicy;
  tokens: number;
  at: number;
  /** Suppressed occurrences since the window opened. */
  count: number;
  bytes: number;
  maxDelay: number;
  since: number;
  cancel: (() => void) | null;
}

export class FaultReporter {
  private readonly buckets = new Map<string, Bucket>();
  private destroyed = false;

  constructor(
    private readonly sink: FaultSink,
    private readonly now: () => number = () => performance.now(),
    private readonly schedule: Schedule = realSchedule,
  ) {}

  report(hop: Hop, dir: Dir, fault: FaultKind, info: FaultInfo): void {
    if (this.destroyed) return;
    const key = `${hop}/${dir}/${fault}`;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      const policy = POLICIES[fault] ?? DEFAULT_POLICY;
      bucket = {
        hop,
        dir,
        fault,
        policy,
        tokens: policy.burst,
        at: now,
        count: 0,
        bytes: 0,
        maxDelay: 0,
        since: now,
        cancel: null,
      };
      this.buckets.set(key, bucket);
    }
    const { policy } = bucket;
    bucket.tokens = Math.min(
      policy.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * policy.perSecond,
    );
    bucket.at = now;
    if (bucket.tokens >= 1 && bucket.count === 0) {
      bucket.tokens -= 1;
      this.sink.fault(hop, dir, fault, info);
      return;
    }
    if (bucket.count === 0) {
      bucket.since = now;
      const target = bucket;
      target.cancel = this.schedule(() => {
        target.cancel = null;
        this.summarize(target);
      }, SUMMARY_WINDOW_MS);
    }
    bucket.count += 1;
    bucket.bytes += info.bytes ?? 0;
    bucket.maxDelay = Math.max(bucket.maxDelay, info.delayMs ?? 0);
  }

  /** Emits pending summaries now (the connection is closing) and stops. */
  destroy(): void {
    if (this.destroyed) return;
    for (const bucket of this.buckets.values()) {
      bucket.cancel?.();
      bucket.cancel = null;
      this.summarize(bucket);
    }
    this.destroyed = true;
    this.buckets.clear();
  }

  private summarize(bucket: Bucket): void {
    if (bucket.count === 0 || this.destroyed) return;
    const seconds = Math.max(0, this.now() - bucket.since) / 1000;
    const noun = NOUNS[bucket.fault] ?? `${bucket.fault} events`;
    const parts = [`+${bucket.count} more ${noun} in ${seconds.toFixed(1)} s`];
    if (bucket.bytes > 0) parts.push(`${formatBytes(bucket.bytes)}`);
    if (bucket.maxDelay > 0) parts.push(`up to ${Math.round(bucket.maxDelay)} ms each`);
    const info: FaultInfo = { detail: parts.join(', '), count: bucket.count };
    if (bucket.bytes > 0) info.bytes = bucket.bytes;
    if (bucket.maxDelay > 0) info.delayMs = bucket.maxDelay;
    bucket.count = 0;
    bucket.bytes = 0;
    bucket.maxDelay = 0;
    // The summary spends the window's token, so the next occurrence starts a new window.
    bucket.tokens = 0;
    bucket.at = this.now();
    this.sink.fault(bucket.hop, bucket.dir, bucket.fault, info);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}
