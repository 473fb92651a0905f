/**
 * Dissection where the learner looks: TapRecords (the raw capture, lib/capture/records.ts) become
 * WireEvents with session-wide `seq`. The page runs this in a Web Worker over the mirror's binary
 * stream; tests, the capture importer and benches run the same code in Node.
 *
 * One ConnectionDecoder per connection and hop, created on the connection's first record and
 * released once every hop it opened has closed. A decoder that throws becomes an explicit
 * protocol-error, never an exception out of push().
 */
import type { ElidedRecord, TapRecord } from '@/lib/capture/records';
import { toBase64 } from '@/lib/wire/bytes';
import { ConnectionDecoder } from './connection-decoder';
import type { Dir, FaultEvent, Hop, UnstampedEvent, WireEvent } from './types';

export interface RecordDecoderOptions {
  /** The lab node's message limit (the session's `maxPayload`). */
  maxPayload?: number;
}

interface ConnState {
  decoders: Partial<Record<Hop, ConnectionDecoder>>;
  open: Set<Hop>;
  closed: Set<Hop>;
}

export class RecordDecoder {
  private seq = 0;
  private readonly conns = new Map<string, ConnState>();
  private readonly maxPayload: number | undefined;

  constructor(options: RecordDecoderOptions = {}) {
    this.maxPayload = options.maxPayload;
  }

  /** WebSocket frames and bytes left out of the capture (the mirror budget), on the browser hop. */
  readonly thinned = { frames: 0, bytes: 0 };

  /** The last seq handed out. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Connections with live decoders (for leak tests). */
  get liveConnections(): number {
    return this.conns.size;
  }

  /** Dissects records in order; appends the stamped events to `out` (returned). */
  push(records: readonly TapRecord[], out: WireEvent[] = []): WireEvent[] {
    for (const record of records) {
      switch (record.kind) {
        case 'bytes': {
          const decoder = this.decoder(record.conn, record.hop);
          this.stampAll(
            decodeSafely(
              () => decoder.push(record.dir, record.data, record.t),
              record,
              record.data,
            ),
            out,
          );
          break;
        }
        case 'elided': {
          if (record.hop === 'browser-edge') {
            this.thinned.frames += record.frames;
            this.thinned.bytes += record.length;
          }
          const decoder = this.decoder(record.conn, record.hop);
          this.stamp(elidedEvent(record, decoder.skip(record.dir, record.frames)), out);
          break;
        }
        case 'event': {
          const event = record.event;
          if (record.affected !== undefined && event.kind === 'fault') {
            const withBytes: Omit<FaultEvent, 'seq'> = {
              ...event,
              affected: toBase64(record.affected),
            };
            this.stamp(withBytes, out);
          } else {
            this.stamp(event, out);
          }
          if (event.kind === 'conn-open') this.state(event.conn).open.add(event.hop);
          if (event.kind === 'conn-close') this.closed(event.conn, event.hop);
          break;
        }
      }
    }
    return out;
  }

  private stamp(event: UnstampedEvent, out: WireEvent[]): void {
    this.seq += 1;
    out.push({ seq: this.seq, ...event } as WireEvent);
  }

  private stampAll(events: readonly UnstampedEvent[], out: WireEvent[]): void {
    for (const event of events) this.stamp(event, out);
  }

  private state(conn: string): ConnState {
    let state = this.conns.get(conn);
    if (state === undefined) {
      state = { decoders: {}, open: new Set(), closed: new Set() };
      this.conns.set(conn, state);
    }
    return state;
  }

  private decoder(conn: string, hop: Hop): ConnectionDecoder {
    const state = this.state(conn);
    let decoder = state.decoders[hop];
    if (decoder === undefined) {
      decoder = new ConnectionDecoder({
        conn,
        hop,
        ...(this.maxPayload === undefined ? {} : { maxPayload: this.maxPayload }),
      });
      state.decoders[hop] = decoder;
    }
    return decoder;
  }

  private closed(conn: string, hop: Hop): void {
    const state = this.conns.get(conn);
    if (state === undefined) return;
    state.closed.add(hop);
    if ([...state.open].every((h) => state.closed.has(h))) this.conns.delete(conn);
  }
}

/** A whole capture at once (a file, a download): its records dissected in order. */
export function dissectRecords(records: Iterable<TapRecord>, maxPayload?: number): WireEvent[] {
  return new RecordDecoder(maxPayload === undefined ? {} : { maxPayload }).push([...records]);
}

/** Runs a decoder step, turning a throw into an explicit protocol-error with the bytes. */
export function decodeSafely(
  step: () => UnstampedEvent[],
  where: { conn: string; hop: Hop; dir: Dir; t: number },
  chunk: Uint8Array,
): UnstampedEvent[] {
  try {
    return step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        kind: 'protocol-error',
        layer: 'tcp',
        message: `decoder failed: ${message}`,
        raw: toBase64(chunk),
        t: where.t,
        conn: where.conn,
        hop: where.hop,
        dir: where.dir,
      },
    ];
  }
}

/** What a run of bytes left out of the capture becomes in the log. */
function elidedEvent(record: ElidedRecord, skipped: boolean): UnstampedEvent {
  const { t, conn, hop, dir } = record;
  const what = `${record.length.toLocaleString('en-US')} B`;
  if (skipped) {
    return {
      kind: 'marker',
      label: 'capture thinned',
      detail: `${record.frames.toLocaleString('en-US')} WebSocket frames (${what}) crossed this hop but were not carried: the session was over its mirror budget`,
      t,
      conn,
      hop,
      dir,
    };
  }
  return {
    kind: 'protocol-error',
    layer: 'tcp',
    message: `${what} not captured (mirror budget): decoding of this direction stops here`,
    raw: '',
    t,
    conn,
    hop,
    dir,
  };
}
