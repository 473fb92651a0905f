/**
 * Timing faults on a byte stream, as pure schedulers: given when a chunk reached the edge and how
 * big it is, each returns when it may leave. They keep TCP's promise that bytes leave in order, so a
 * delayed chunk holds back everything behind it (head-of-line blocking).
 *
 * The edge calls them per connection and direction; all randomness comes from a seeded Random.
 */
import type { Random } from '../scenario/prng';

/** Ethernet MSS: a TCP segment carries at most this many payload bytes (RFC 879 default is 536; LANs use 1460). */
export const SEGMENT_BYTES = 1460;
/**
 * RFC 6298 §2.4 says the RTO minimum SHOULD be 1 s; Linux uses 200 ms (`TCP_RTO_MIN`, HZ / 5, in
 * include/net/tcp.h). We model Linux.
 */
export const INITIAL_RTO_MS = 200;
/** Where the 200 ms comes from, for every text that states it. */
export const RTO_SOURCE =
  "Linux's minimum RTO, TCP_RTO_MIN in include/net/tcp.h; RFC 6298 §2.4 says 1 s";
/** RFC 6298 §5.5: back off the timer by doubling on each retransmission; Linux caps at 120 s. */
export const MAX_RTO_MS = 120_000;

export interface Release {
  /** When the chunk may be written to the next hop (ms, same clock as `now`). */
  at: number;
  /** Extra delay this chunk itself caused (ms), for the diagram: a stall, a latency, a queue wait. */
  added: number;
  /** Lost segments and their retransmission waits, for the loss fault. */
  retransmits?: number[];
}

/** Shared rule: never release before the previous chunk of the same stream. */
export class InOrderClock {
  private last = Number.NEGATIVE_INFINITY;
  release(now: number, wanted: number): Release {
    const at = Math.max(wanted, this.last, now);
    this.last = at;
    return { at, added: at - now };
  }
}

/**
 * Packet loss as TCP experiences it: a lost segment is retransmitted after the RTO (doubling when the
 * retransmission is lost too), and every byte behind it waits. WebSocket never loses a frame to it.
 */
export class LossStalls {
  private readonly clock = new InOrderClock();
  constructor(
    private readonly random: Random,
    private readonly lossPercent: number,
  ) {}

  schedule(now: number, bytes: number): Release {
    const p = this.lossPercent / 100;
    const segments = Math.max(1, Math.ceil(bytes / SEGMENT_BYTES));
    let stall = 0;
    const retransmits: number[] = [];
    for (let s = 0; s < segments; s++) {
      let rto = INITIAL_RTO_MS;
      // Each transmission of the segment is lost with probability p; bounded so p near 1 ends.
      for (let attempt = 0; attempt < 16 && this.random() < p; attempt++) {
        stall += rto;
        retransmits.push(rto);
        rto = Math.min(rto * 2, MAX_RTO_MS);
      }
    }
    const release = this.clock.release(now, now + stall);
    return retransmits.length > 0 ? { ...release, retransmits } : release;
  }
}

/** Fixed one-way delay plus uniform jitter in [-jitter, +jitter], never below zero, order kept. */
export class Latency {
  private readonly clock = new InOrderClock();
  constructor(
    private readonly random: Random,
    private readonly latencyMs: number,
    private readonly jitterMs: number,
  ) {}

  schedule(now: number): Release {
    const jitter = this.jitterMs === 0 ? 0 : (this.random() * 2 - 1) * this.jitterMs;
    const delay = Math.max(0, this.latencyMs + jitter);
    return this.clock.release(now, now + delay);
  }
}

/** A link of fixed capacity: each chunk occupies it for bytes / rate seconds, queued behind earlier ones. */
export class BandwidthCap {
  private busyUntil = Number.NEGATIVE_INFINITY;
  constructor(private readonly bytesPerSecond: number) {}

  schedule(now: number, bytes: number): Release {
    const start = Math.max(now, this.busyUntil);
    const at = start + (bytes / this.bytesPerSecond) * 1000;
    this.busyUntil = at;
    return { at, added: at - now };
  }
}
