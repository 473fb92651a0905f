/**
 * Tap engines turn tapped bytes into serialized WireEvents for a session. The inline engine decodes
 * on the calling thread; the worker engine (worker-engine.ts) moves decoding and serialization to a
 * worker thread so proxying is not slowed by it. Both keep each session's events in tap order:
 * bytes and the edge's own events (conn-open, conn-close, marker) go through the same queue.
 */
import type { Dir, Hop, UnstampedEvent } from '../../lib/mirror/types';
import { toBase64 } from '../../lib/wire/bytes';

export interface HopDecoder {
  push(dir: Dir, chunk: Uint8Array, t: number): UnstampedEvent[];
}

export type DecoderFactory = (opts: { conn: string; hop: Hop; maxPayload?: number }) => HopDecoder;

/** A session as the engine sees it. */
export interface TapTarget {
  readonly id: string;
  readonly maxPayload: number;
  /** Session time (ms), for events the engine makes itself. */
  now(): number;
  /** Unstamped events as JSON strings, in tap order. */
  deliver(events: string[]): void;
}

export interface TapEngine {
  bytes(target: TapTarget, conn: string, hop: Hop, dir: Dir, chunk: Uint8Array, t: number): void;
  event(target: TapTarget, event: UnstampedEvent): void;
  /** The connection is closed on both hops: its decoders can go. */
  releaseConn(target: TapTarget, conn: string): void;
  releaseSession(target: TapTarget): void;
  /** True while the engine is behind; byte sources should pause until onDrain fires. */
  readonly congested: boolean;
  onDrain(callback: () => void): void;
  close(): Promise<void>;
}

/** Decodes one chunk, turning a throwing decoder into an explicit protocol-error. */
export function decodeSafely(
  decoder: HopDecoder,
  conn: string,
  hop: Hop,
  dir: Dir,
  chunk: Uint8Array,
  t: number,
): UnstampedEvent[] {
  try {
    return decoder.push(dir, chunk, t);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        kind: 'protocol-error',
        layer: 'tcp',
        message: `decoder failed: ${message}`,
        raw: toBase64(chunk),
        t,
        conn,
        hop,
        dir,
      },
    ];
  }
}

/** Decoders of every open connection, keyed by session and connection id. */
export class DecoderTable {
  private readonly byConn = new Map<string, Record<Hop, HopDecoder>>();

  constructor(private readonly factory: DecoderFactory) {}

  get(session: string, conn: string, hop: Hop, maxPayload: number): HopDecoder {
    const key = `${session}/${conn}`;
    let pair = this.byConn.get(key);
    if (pair === undefined) {
      pair = {
        'browser-edge': this.factory({ conn, hop: 'browser-edge', maxPayload }),
        'edge-node': this.factory({ conn, hop: 'edge-node', maxPayload }),
      };
      this.byConn.set(key, pair);
    }
    return pair[hop];
  }

  releaseConn(session: string, conn: string): void {
    this.byConn.delete(`${session}/${conn}`);
  }

  releaseSession(session: string): void {
    const prefix = `${session}/`;
    for (const key of [...this.byConn.keys()]) if (key.startsWith(prefix)) this.byConn.delete(key);
  }

  get size(): number {
    return this.byConn.size;
  }
}

export class InlineEngine implements TapEngine {
  readonly congested = false;
  readonly decoders: DecoderTable;

  constructor(factory: DecoderFactory) {
    this.decoders = new DecoderTable(factory);
  }

  bytes(target: TapTarget, conn: string, hop: Hop, dir: Dir, chunk: Uint8Array, t: number): void {
    const decoder = this.decoders.get(target.id, conn, hop, target.maxPayload);
    const events = decodeSafely(decoder, conn, hop, dir, chunk, t);
    if (events.length > 0) target.deliver(events.map((e) => JSON.stringify(e)));
  }

  event(target: TapTarget, event: UnstampedEvent): void {
    target.deliver([JSON.stringify(event)]);
  }

  releaseConn(target: TapTarget, conn: string): void {
    this.decoders.releaseConn(target.id, conn);
  }

  releaseSession(target: TapTarget): void {
    this.decoders.releaseSession(target.id);
  }

  onDrain(callback: () => void): void {
    queueMicrotask(callback);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
