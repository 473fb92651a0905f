/**
 * Per-client limits on sessions: how many may be open at once and how fast new ones may be made
 * (a token bucket). A client is its address: the peer's, or with a trusted proxy in front the last
 * X-Forwarded-For entry (the one the proxy appended). IPv6 addresses count per /64, since one host
 * usually holds a whole /64.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Refusal } from './refusal';

export interface ClientCapsOptions {
  /** Sessions with an open page per client (default 16). */
  maxOpenPerClient: number;
  /** New sessions per client per minute, sustained (default 60). */
  perMinute: number;
  /** New sessions a client may make at once before the rate applies (default 30). */
  burst: number;
}

export const DEFAULT_CLIENT_CAPS: ClientCapsOptions = {
  maxOpenPerClient: 16,
  perMinute: 60,
  burst: 30,
};

/** Buckets kept before full ones are forgotten (a full bucket holds no information). */
const MAX_BUCKETS = 10_000;

export function clientAddress(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  trustProxy: boolean,
): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    const last = list[list.length - 1]?.trim();
    if (last !== undefined && last !== '') address = last;
  }
  if (address.startsWith('::ffff:')) address = address.slice(7);
  if (isIPv6(address)) {
    const groups = expandV6(address);
    if (groups !== null) return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return address;
}

function expandV6(address: string): string[] | null {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  if (fill < 0) return null;
  return [...left, ...Array<string>(fill).fill('0'), ...right].map((g) => g.toLowerCase());
}

interface Bucket {
  tokens: number;
  at: number;
}

export class ClientCaps {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly options: ClientCapsOptions = DEFAULT_CLIENT_CAPS,
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const [key, value] of Object.entries(options)) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new RangeError(`client cap ${key} must be a positive number, got ${value}`);
      }
    }
  }

  /**
   * Whether `client`, with `open` sessions now, may open one more; consumes one token when it may.
   */
  admit(client: string, open: number, dryRun = false): Refusal | null {
    const { maxOpenPerClient, perMinute, burst } = this.options;
    if (open >= maxOpenPerClient) {
      return {
        status: 429,
        reason: 'client-cap',
        message: `too many open sessions from ${client}: ${open} open, the cap is ${maxOpenPerClient} per client; close another Wire Lab tab (its session ends 5 s later) and retry`,
        retryAfterS: 5,
      };
    }
    const bucket = this.refilled(client);
    if (bucket.tokens < 1) {
      const waitS = Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute));
      return {
        status: 429,
        reason: 'rate',
        message: `too many new sessions from ${client}: the cap is ${perMinute} per minute (bursts of ${burst}); retry in ${waitS} s`,
        retryAfterS: waitS,
      };
    }
    if (!dryRun) bucket.tokens -= 1;
    return null;
  }

  get tracked(): number {
    return this.buckets.size;
  }

  private refilled(client: string): Bucket {
    const now = this.now();
    const { perMinute, burst } = this.options;
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.forgetFull(now);
      bucket = { tokens: burst, at: now };
      this.buckets.set(client, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    return bucket;
  }

  private forgetFull(now: number): void {
    const { perMinute, burst } = this.options;
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 60_000) * perMinute >= burst)
        this.buckets.delete(client);
    }
    // Still full of active clients: forget the oldest half rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) {
      let drop = this.buckets.size / 2;
      for (const client of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(client);
      }
    }
  }
}
