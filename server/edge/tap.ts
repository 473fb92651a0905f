/**
 * The tap of one proxied connection: every chunk the edge sees on either hop goes to the session's
 * tap engine (decoded there, one decoder per hop), together with the edge's own conn-open /
 * conn-close / marker events, in tap order. One ConnTap per connection id.
 */
import type { EdgeEvent } from '../../lib/capture/records';
import type { ConnCloseEvent, Dir, FaultEvent, FaultKind, Hop } from '../../lib/mirror/types';
import { ConnThinner, type Piece } from './frame-thinner';
import type { MirrorBudget } from './mirror-budget';

/** Where tapped events go: the session (clock, tap engine, seq stamping, mirror). */
export interface TapSink {
  /** ms since the session started. */
  now(): number;
  /** One of the edge's own events (a fault's affected bytes travel as bytes). */
  emit(event: EdgeEvent, affected?: Uint8Array): void;
  /** Bytes the edge saw, at session time t. */
  bytes(conn: string, hop: Hop, dir: Dir, chunk: Uint8Array, t: number): void;
  /** Whole WebSocket frames left out of the capture (the session's mirror budget). */
  elided(conn: string, hop: Hop, dir: Dir, length: number, frames: number, t: number): void;
  /** The session's mirror budget (WebSocket connections thin their capture past it). */
  readonly budget: MirrorBudget;
  /** Both hops of the connection are closed. */
  releaseConn(conn: string): void;
  /** The tap is behind: byte sources should pause until onDrain. */
  readonly congested: boolean;
  onDrain(callback: () => void): void;
}

export type CloseHow = ConnCloseEvent['how'];

/** What a fault did, as ConnTap.fault reports it (affected bytes are carried up to a cap). */
export interface FaultInfo {
  detail: string;
  delayMs?: number;
  bytes?: number;
  affected?: Uint8Array;
  count?: number;
}

/** Affected bytes larger than this are described by size only (the frame itself is in the log). */
export const MAX_AFFECTED_BYTES = 64 * 1024;
export type CloseBy = ConnCloseEvent['by'];

export interface ConnTapOptions {
  /** A WebSocket upgrade: its frames may be thinned to the session's mirror budget. */
  websocket?: boolean;
}

export class ConnTap {
  /** Bytes seen per hop and direction (for stats and tests). */
  readonly counts = { 'browser-edge': { up: 0, down: 0 }, 'edge-node': { up: 0, down: 0 } };
  private readonly opened = new Set<Hop>();
  private readonly closed = new Set<Hop>();
  private released = false;

  private readonly thinner: ConnThinner | null;

  constructor(
    readonly conn: string,
    private readonly sink: TapSink,
    options: ConnTapOptions = {},
  ) {
    this.thinner =
      options.websocket === true ? new ConnThinner(sink.budget, () => sink.now()) : null;
  }

  /** Taps a chunk; false when the tap is congested (pause the source, see onDrain). */
  bytes(hop: Hop, dir: Dir, chunk: Uint8Array): boolean {
    if (chunk.length === 0) return true;
    this.counts[hop][dir] += chunk.length;
    const t = this.sink.now();
    if (this.thinner === null) this.sink.bytes(this.conn, hop, dir, chunk, t);
    else this.pieces(hop, dir, this.thinner.push(hop, dir, chunk), t);
    return !this.sink.congested;
  }

  private pieces(hop: Hop, dir: Dir, pieces: Piece[], t: number): void {
    for (const piece of pieces) {
      if (piece.kind === 'bytes') this.sink.bytes(this.conn, hop, dir, piece.data, t);
      else this.sink.elided(this.conn, hop, dir, piece.length, piece.frames, t);
    }
  }

  onDrain(callback: () => void): void {
    this.sink.onDrain(callback);
  }

  open(hop: Hop, info: { path?: string; peer?: string } = {}): void {
    this.opened.add(hop);
    const event: EdgeEvent = {
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
    if (this.thinner !== null) {
      const t = this.sink.now();
      for (const dir of ['up', 'down'] as const)
        this.pieces(hop, dir, this.thinner.flush(hop, dir), t);
    }
    const event: EdgeEvent = {
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
    this.closed.add(hop);
    if (!this.released && [...this.opened].every((h) => this.closed.has(h))) {
      this.released = true;
      this.sink.releaseConn(this.conn);
    }
  }

  /** What an edge fault did to this connection's bytes (see server/edge/faults). */
  fault(hop: Hop, dir: Dir, fault: FaultKind, info: FaultInfo): void {
    const event: Omit<FaultEvent, 'seq' | 'affected'> = {
      kind: 'fault',
      fault,
      detail: info.detail,
      t: this.sink.now(),
      conn: this.conn,
      hop,
      dir,
    };
    if (info.delayMs !== undefined) event.delayMs = Math.round(info.delayMs * 10) / 10;
    if (info.bytes !== undefined) event.bytes = info.bytes;
    if (info.count !== undefined && info.count !== 1) event.count = info.count;
    const affected = info.affected;
    if (affected !== undefined && affected.length <= MAX_AFFECTED_BYTES) {
      this.sink.emit(event, affected);
    } else {
      this.sink.emit(event);
    }
  }

  marker(hop: Hop, label: string, detail?: string): void {
    const event: EdgeEvent = {
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
