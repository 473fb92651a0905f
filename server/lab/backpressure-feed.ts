/**
 * `/lab/<s>/bp` (lesson 10): a producer faster than its reader, and what a policy does about it.
 *
 * - `/bp?channel=stats`: the server-side facts, once per 100 ms (≤ 10 Hz), one text message
 *   `{"type":"stat",…}` with the data socket's `ws.bufferedAmount`, its TCP socket's
 *   `writableLength`, the app queue in front of it, `process.memoryUsage()` and the producer's
 *   counts. It is a separate connection so the facts do not wait behind the data they describe.
 *   With policy `split` the critical messages (every 10th) travel on it too.
 * - `/bp?rate&watermark&policy&batchMs&coalesce&seconds`: the data connection. A producer makes
 *   `rate` messages per second `{"n":k,"key":"k<0-7>","at":<Date.now()>,"crit":bool,"pad":…}` for
 *   `seconds`, then stops. The policy acts when the queue (ws.bufferedAmount + app queue bytes)
 *   would pass `watermark`: `buffer` sends anyway (the queue grows), `drop-newest` drops the new
 *   message, `drop-oldest` drops queued ones from the front so the queue stays ≤ watermark, `pause`
 *   stops producing until the queue drains below it, `split` sends critical messages on the stats
 *   connection and drops non-critical ones like drop-newest. `batchMs` > 0 sends one frame
 *   `{"batch":[…]}` per window; `coalesce` keeps only the latest message per key in a batch.
 * The `buffer` policy closes the data socket with 1013 past 32 MiB queued (a lab safety cap).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BpMessage, BpStat } from '../../lib/lab/endpoints';
import { BP_POLICIES, type BpPolicy } from '../../lib/scenario/schema';
import { Params } from './params';
import { writeRefusal } from './ws-handshake';

export const BP_SAFETY_CAP = 32 * 1024 * 1024;
const TICK_MS = 10;
const STAT_MS = 100;

export interface BpOptions {
  rate: number;
  watermark: number;
  policy: BpPolicy;
  batchMs: number;
  coalesce: boolean;
  seconds: number;
  /** Bytes of padding per message. */
  size: number;
}

export interface BpCounts {
  produced: number;
  sent: number;
  dropped: number;
  coalesced: number;
  /** Messages the producer did not make while paused. */
  skipped: number;
  critical: number;
}

export function bpOptions(
  url: string | undefined,
): BpOptions | { stats: true } | { error: string } {
  const params = Params.of(url);
  if (params.has('channel')) {
    params.oneOf('channel', ['stats'] as const, 'stats');
    params.rejectUnknown();
    return params.error !== null ? { error: params.error } : { stats: true };
  }
  const rate = params.int('rate', 1, 10_000, 1_000);
  const watermark = params.int('watermark', 1_024, 16_777_216, 65_536);
  const policy = params.oneOf('policy', BP_POLICIES, 'buffer');
  const batchMs = params.int('batchMs', 0, 100, 0);
  const coalesce = params.bool('coalesce', false);
  const seconds = params.int('seconds', 1, 60, 10);
  const size = params.int('size', 1, 65_536, 100);
  params.rejectUnknown();
  if (params.error !== null) return { error: params.error };
  return { rate, watermark, policy, batchMs, coalesce, seconds, size };
}

/** A BpMessage's JSON text, made by hand (the key and pad need no escaping): ~10k a second. */
function messageJson({ n, key, at, crit, pad }: BpMessage): string {
  return `{"n":${n},"key":"${key}","at":${at},"crit":${crit},"pad":"${pad}"}`;
}

interface Queued {
  json: string;
  key: string;
}

export class BackpressureFeed {
  private readonly wss: WebSocketServer;
  private readonly statsSockets = new Set<WebSocket>();
  private readonly stops = new Set<() => void>();

  constructor() {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });
    this.wss.on('error', () => {});
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const options = bpOptions(req.url);
    if ('error' in options) {
      writeRefusal(socket, {
        status: 400,
        reason: 'Bad Request',
        headers: {},
        body: `${options.error}\n`,
      });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      if ('stats' in options) {
        this.statsSockets.add(ws);
        ws.on('close', () => this.statsSockets.delete(ws));
      } else this.produce(ws, options);
    });
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.stops.clear();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private toStats(json: string): void {
    for (const s of this.statsSockets) if (s.readyState === s.OPEN) s.send(json);
  }

  private produce(ws: WebSocket, o: BpOptions): void {
    const counts: BpCounts = {
      produced: 0,
      sent: 0,
      dropped: 0,
      coalesced: 0,
      skipped: 0,
      critical: 0,
    };
    const queue: Queued[] = [];
    let queuedBytes = 0;
    let batch: Queued[] = [];
    let batchStart = 0;
    let credit = 0;
    let paused = false;
    let n = 0;
    const started = Date.now();
    let lastTick = started;
    const pad = 'x'.repeat(o.size);
    const depth = () => ws.bufferedAmount + queuedBytes;
    const socketOf = () => (ws as unknown as { _socket?: Socket })._socket;

    const sendFrame = (json: string, messages: number) => {
      ws.send(json);
      counts.sent += messages;
    };
    /** Moves queued frames to the socket while it stays under the watermark. */
    const flushQueue = () => {
      while (queue.length > 0) {
        const head = queue[0] as Queued;
        const size = frameSize(head.json.length);
        if (ws.bufferedAmount + size > o.watermark && ws.bufferedAmount > 0) break;
        queue.shift();
        queuedBytes -= size;
        sendFrame(head.json, countOf(head));
      }
    };
    const offer = (item: Queued, messages: number) => {
      const size = frameSize(item.json.length);
      switch (o.policy) {
        case 'buffer':
        case 'pause':
          sendFrame(item.json, messages);
          return;
        case 'drop-newest':
        case 'split':
          if (ws.bufferedAmount + size > o.watermark) counts.dropped += messages;
          else sendFrame(item.json, messages);
          return;
        case 'drop-oldest':
          queue.push(item);
          queuedBytes += size;
          while (depth() > o.watermark && queue.length > 0) {
            const old = queue.shift() as Queued;
            queuedBytes -= frameSize(old.json.length);
            counts.dropped += countOf(old);
          }
          flushQueue();
          return;
      }
    };
    const flushBatch = () => {
      if (batch.length === 0) return;
      let items = batch;
      if (o.coalesce) {
        const latest = new Map<string, Queued>();
        for (const q of batch) latest.set(q.key, q);
        counts.coalesced += batch.length - latest.size;
        items = [...latest.values()];
      }
      batch = [];
      // A BpBatch: the window's messages, already JSON.
      const json = `{"batch":[${items.map((q) => q.json).join(',')}]}`;
      offer({ json, key: `*batch:${items.length}` }, items.length);
    };

    const tick = () => {
      const now = Date.now();
      if (o.policy === 'drop-oldest') flushQueue();
      if (o.policy === 'pause') paused = ws.bufferedAmount >= o.watermark;
      // Credit from the time that really passed: timers drift late under load.
      const until = Math.min(now, started + o.seconds * 1000);
      credit += until > lastTick ? (o.rate * (until - lastTick)) / 1000 : 0;
      lastTick = Math.max(lastTick, until);
      while (credit >= 1) {
        credit -= 1;
        if (paused) {
          counts.skipped += 1;
          continue;
        }
        n += 1;
        counts.produced += 1;
        const crit = n % 10 === 0;
        const key = `k${n % 8}`;
        const json = messageJson({ n, key, at: now, crit, pad });
        if (o.policy === 'split' && crit) {
          counts.critical += 1;
          counts.sent += 1;
          this.toStats(json);
          continue;
        }
        if (o.batchMs > 0) {
          if (batch.length === 0) batchStart = now;
          batch.push({ json, key });
        } else offer({ json, key }, 1);
      }
      if (o.batchMs > 0 && batch.length > 0 && now - batchStart >= o.batchMs) flushBatch();
      if (o.policy === 'buffer' && ws.bufferedAmount > BP_SAFETY_CAP) {
        stop();
        ws.close(1013, 'lab safety cap: 32 MiB queued');
      }
    };
    const stat = () => {
      const mem = process.memoryUsage();
      this.toStats(
        JSON.stringify({
          type: 'stat',
          at: Date.now(),
          policy: o.policy,
          watermark: o.watermark,
          bufferedAmount: ws.bufferedAmount,
          writableLength: socketOf()?.writableLength ?? 0,
          queued: queuedBytes,
          paused,
          rss: mem.rss,
          heapUsed: mem.heapUsed,
          ...counts,
        } satisfies BpStat),
      );
    };
    const tickTimer = setInterval(tick, TICK_MS);
    const statTimer = setInterval(stat, STAT_MS);
    const stop = () => {
      clearInterval(tickTimer);
      clearInterval(statTimer);
      this.stops.delete(stop);
    };
    this.stops.add(stop);
    ws.on('close', () => {
      stat();
      stop();
    });
  }
}

/** Bytes of a server frame (unmasked) carrying `len` payload bytes: what ws.bufferedAmount counts. */
export function frameSize(len: number): number {
  return len + (len < 126 ? 2 : len < 65_536 ? 4 : 10);
}

function countOf(q: Queued): number {
  return q.key.startsWith('*batch:') ? Number(q.key.slice(7)) : 1;
}
