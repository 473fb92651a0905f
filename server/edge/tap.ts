/**
 * The tap of one proxied connection: every chunk the edge sees on either hop goes into that hop's
 * decoder, and the decoded WireEvents (plus the edge's own conn-open / conn-close / marker events)
 * go to the session, which stamps seq. One ConnTap per connection id; one decoder per hop.
 */
import type { ConnCloseEvent, Dir, Hop, UnstampedEvent } from '../../lib/mirror/types';
import { toBase64 } from '../../lib/wire/bytes';

export interface HopDecoder {
  push(dir: Dir, chunk: Uint8Array, t: number): UnstampedEvent[];
}

export type DecoderFactory = (opts: { conn: string; hop: Hop; maxPayload?: number }) => HopDecoder;

/** Where tapped events go: the session (clock + seq stamping + mirror). */
export interface TapSink {
  /** ms since the session started. */
  now(): number;
  emit(event: UnstampedEvent): void;
}

export type CloseHow = ConnCloseEvent['how'];
export type CloseBy = ConnCloseEvent['by'];

export class ConnTap {
  private readonly decoders: Record<Hop, HopDecoder>;
  /** Bytes seen per hop and direction (for stats and tests). */
  readonly counts = { 'browser-edge': { up: 0, down: 0 }, 'edge-node': { up: 0, down: 0 } };

  constructor(
    readonly conn: string,
    private readonly sink: TapSink,
    factory: DecoderFactory,
    maxPayload: number,
  ) {
    this.decoders = {
      'browser-edge': factory({ conn, hop: 'browser-edge', maxPayload }),
      'edge-node': factory({ conn, hop: 'edge-node', maxPayload }),
    };
  }

  bytes(hop: Hop, dir: Dir, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.counts[hop][dir] += chunk.length;
    const t = this.sink.now();
    let events: UnstampedEvent[];
    try {
      events = this.decoders[hop].push(dir, chunk, t);
    } catch (error) {
      // Decoders must not throw; if one does, the bytes still show up, as an explicit error.
      const message = error instanceof Error ? error.message : String(error);
      events = [
        {
          kind: 'protocol-error',
          layer: 'tcp',
          message: `decoder failed: ${message}`,
          raw: toBase64(chunk),
          t,
          conn: this.conn,
          hop,
          dir,
        },
      ];
    }
    for (const event of events) this.sink.emit(event);
  }

  open(hop: Hop, info: { path?: string; peer?: string } = {}): void {
    const event: UnstampedEvent = {
      kind: 'conn-open',
      t: this.sink.now(),
      conn: this.conn,
      hop,
      dir: 'up',
    };
    if (info.path !== undefined) event.path = info.path;
    if (info.peer !== undefined) event.peer = info.peer;
    this.sink.emit(event);
  }

  close(hop: Hop, how: CloseHow, by: CloseBy, message?: string): void {
    const event: UnstampedEvent = {
      kind: 'conn-close',
      how,
      by,
      t: this.sink.now(),
      conn: this.conn,
      hop,
      dir: by === 'server' ? 'down' : 'up',
    };
    if (message !== undefined) event.message = message;
    this.sink.emit(event);
  }

  marker(hop: Hop, label: string, detail?: string): void {
    const event: UnstampedEvent = {
      kind: 'marker',
      label,
      t: this.sink.now(),
      conn: this.conn,
      hop,
      dir: 'up',
    };
    if (detail !== undefined) event.detail = detail;
    this.sink.emit(event);
  }
}

/** Until a real decoder is wired: records nothing but the edge's own events. */
export const silentDecoders: DecoderFactory = () => ({ push: () => [] });
