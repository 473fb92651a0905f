/**
 * TapRecord: what the edge captured, before any dissection. The mirror carries these (binary, see
 * lib/mirror/tap-stream.ts), the page dissects them (lib/mirror/record-decoder.ts), and a capture
 * file is a list of them: capture raw, dissect where the learner looks.
 *
 * - `bytes`: a chunk as the edge read or wrote it on one hop, in one direction.
 * - `elided`: bytes that crossed the wire but were not carried (the session's mirror budget). The
 *   edge only elides at WebSocket frame boundaries (`frames` whole frames) or inside one frame's
 *   payload (`frames` = 0), so the page's decoder stays in step.
 * - `event`: one of the edge's own events (conn-open, conn-close, fault, marker); a fault's
 *   affected bytes travel as bytes, not base64.
 */
import type { Dir, Hop, UnstampedEvent } from '../mirror/types';

export interface RecordBase {
  /** ms since the session started (monotonic, µs precision). */
  t: number;
  conn: string;
  hop: Hop;
  dir: Dir;
}

export interface BytesRecord extends RecordBase {
  kind: 'bytes';
  data: Uint8Array;
}

export interface ElidedRecord extends RecordBase {
  kind: 'elided';
  /** Bytes that crossed the wire and were not carried. */
  length: number;
  /** Whole WebSocket frames those bytes were (0: they are the rest of one frame's payload). */
  frames: number;
}

/** The edge's own events: everything that is not a decode of bytes. */
export type EdgeEvent = Extract<
  UnstampedEvent,
  { kind: 'conn-open' | 'conn-close' | 'fault' | 'marker' }
>;

export interface EventRecord {
  kind: 'event';
  /** `affected` (a fault's bytes) is left out here and carried in `affected`. */
  event: EdgeEvent;
  affected?: Uint8Array;
}

export type TapRecord = BytesRecord | ElidedRecord | EventRecord;

/** Session time of any record. */
export function recordTime(record: TapRecord): number {
  return record.kind === 'event' ? record.event.t : record.t;
}
