/**
 * The mirror's binary stream: TapRecords (lib/capture/records.ts) in batches, one batch per binary
 * WebSocket message. No JSON per frame, no base64.
 *
 * Batch:  u8 version (1) · u8 flags (0) · u16 0 · u32 records the server dropped before this batch
 * Record: u8 type · u8 hop<<1|dir · u32 conn · f64 t · u32 length · body (length bytes)
 *   type 0 bytes   body = the chunk
 *   type 1 same    body empty; the chunk is the last `bytes` chunk of the same connection and
 *                  direction on the other hop (the edge forwarded it unchanged); length = its size
 *   type 2 elided  body = u32 frames; length = bytes not carried
 *   type 3 event   body = u32 n · n bytes of JSON (an EdgeEvent without t/conn/hop/dir) · the
 *                  fault's affected bytes (the rest)
 * conn: 'c<n>' is n, '-' is 0. Numbers are little-endian. 18 bytes of header per record.
 *
 * Writer and reader keep the same small state (last chunk per connection, hop and direction), so a
 * `same` record always resolves. Both drop a connection's state when its hops close.
 */
import type { EdgeEvent, TapRecord } from '../capture/records';
import type { Dir, Hop } from './types';

export const TAP_STREAM_VERSION = 1;
export const BATCH_HEADER = 8;
export const RECORD_HEADER = 18;

const T_BYTES = 0;
const T_SAME = 1;
const T_ELIDED = 2;
const T_EVENT = 3;

const HOPS: readonly Hop[] = ['browser-edge', 'edge-node'];
const DIRS: readonly Dir[] = ['up', 'down'];

export function connNumber(conn: string): number {
  if (conn === '-') return 0;
  const n = conn.startsWith('c') ? Number(conn.slice(1)) : Number.NaN;
  if (!Number.isInteger(n) || n <= 0 || n > 0xffffffff) {
    throw new Error(`connection id ${JSON.stringify(conn)} is not c<n> or -`);
  }
  return n;
}

export function connName(n: number): string {
  return n === 0 ? '-' : `c${n}`;
}

function slot(hop: Hop, dir: Dir): number {
  return (hop === 'browser-edge' ? 0 : 2) | (dir === 'up' ? 0 : 1);
}

/** Last chunk per connection and (hop, dir) slot: what a `same` record refers to. */
class LastChunks {
  private readonly byConn = new Map<number, (Uint8Array | undefined)[]>();

  get(conn: number, hop: Hop, dir: Dir): Uint8Array | undefined {
    return this.byConn.get(conn)?.[slot(hop, dir)];
  }

  set(conn: number, hop: Hop, dir: Dir, data: Uint8Array): void {
    let slots = this.byConn.get(conn);
    if (slots === undefined) {
      slots = [undefined, undefined, undefined, undefined];
      this.byConn.set(conn, slots);
    }
    slots[slot(hop, dir)] = data;
  }

  /** A hop closed: its chunks can no longer be referred to. */
  closeHop(conn: number, hop: Hop): void {
    const slots = this.byConn.get(conn);
    if (slots === undefined) return;
    const base = hop === 'browser-edge' ? 0 : 2;
    slots[base] = undefined;
    slots[base + 1] = undefined;
    if (slots.every((s) => s === undefined)) this.byConn.delete(conn);
  }

  get size(): number {
    return this.byConn.size;
  }
}

function other(hop: Hop): Hop {
  return hop === 'browser-edge' ? 'edge-node' : 'browser-edge';
}

/** Node's Buffer compares natively; elsewhere a loop (only the server writes). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const native = (a as { equals?: (other: Uint8Array) => boolean }).equals;
  if (typeof native === 'function') return native.call(a, b);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The event without the fields every record header carries. */
function eventBody(event: EdgeEvent): Uint8Array {
  const { t: _t, conn: _c, hop: _h, dir: _d, ...rest } = event;
  if ('affected' in rest) delete (rest as { affected?: unknown }).affected;
  return encoder.encode(JSON.stringify(rest));
}

/** The server's side: turns records into batches, in order, with `same` references. */
export class TapStreamWriter {
  private readonly last = new LastChunks();

  /** Bytes a record will take in a batch (the writer may shrink a bytes record to a `same`). */
  static size(record: TapRecord): number {
    switch (record.kind) {
      case 'bytes':
        return RECORD_HEADER + record.data.length;
      case 'elided':
        return RECORD_HEADER + 4;
      case 'event':
        return RECORD_HEADER + 4 + 512 + (record.affected?.length ?? 0);
    }
  }

  /** One batch. `dropped`: records the server could not keep since the previous batch. */
  encode(records: readonly TapRecord[], dropped = 0): Uint8Array {
    const bodies: (Uint8Array | null)[] = [];
    const types: number[] = [];
    let total = BATCH_HEADER;
    for (const record of records) {
      if (record.kind === 'bytes') {
        const conn = connNumber(record.conn);
        const prev = this.last.get(conn, other(record.hop), record.dir);
        const same = prev !== undefined && sameBytes(prev, record.data);
        this.last.set(conn, record.hop, record.dir, record.data);
        types.push(same ? T_SAME : T_BYTES);
        bodies.push(same ? null : record.data);
        total += RECORD_HEADER + (same ? 0 : record.data.length);
      } else if (record.kind === 'elided') {
        types.push(T_ELIDED);
        bodies.push(null);
        total += RECORD_HEADER + 4;
      } else {
        const json = eventBody(record.event);
        const affected = record.affected ?? new Uint8Array(0);
        const body = new Uint8Array(4 + json.length + affected.length);
        new DataView(body.buffer).setUint32(0, json.length, true);
        body.set(json, 4);
        body.set(affected, 4 + json.length);
        types.push(T_EVENT);
        bodies.push(body);
        total += RECORD_HEADER + body.length;
        if (record.event.kind === 'conn-close') {
          this.last.closeHop(connNumber(record.event.conn), record.event.hop);
        }
      }
    }
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint8(0, TAP_STREAM_VERSION);
    view.setUint32(4, dropped, true);
    let at = BATCH_HEADER;
    records.forEach((record, i) => {
      const type = types[i] as number;
      const body = bodies[i] ?? null;
      const base = record.kind === 'event' ? record.event : record;
      view.setUint8(at, type);
      view.setUint8(at + 1, slot(base.hop, base.dir));
      view.setUint32(at + 2, connNumber(base.conn), true);
      view.setFloat64(at + 6, base.t, true);
      let length: number;
      if (record.kind === 'bytes') length = record.data.length;
      else if (record.kind === 'elided') length = record.length;
      else length = (body as Uint8Array).length;
      view.setUint32(at + 14, length, true);
      at += RECORD_HEADER;
      if (record.kind === 'elided') {
        view.setUint32(at, record.frames, true);
        at += 4;
      } else if (body !== null) {
        out.set(body, at);
        at += body.length;
      }
    });
    return out;
  }

  /** Connections whose last chunks are kept (for leak tests). */
  get tracked(): number {
    return this.last.size;
  }
}

export interface DecodedBatch {
  records: TapRecord[];
  dropped: number;
}

/** The page's side: batches back into records. Throws on a malformed batch (say which byte). */
export class TapStreamReader {
  private readonly last = new LastChunks();

  decode(batch: Uint8Array): DecodedBatch {
    if (batch.length < BATCH_HEADER)
      throw new Error(`mirror batch of ${batch.length} B is too short`);
    const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
    const version = view.getUint8(0);
    if (version !== TAP_STREAM_VERSION) {
      throw new Error(`mirror batch version ${version}; this page reads ${TAP_STREAM_VERSION}`);
    }
    const dropped = view.getUint32(4, true);
    const records: TapRecord[] = [];
    let at = BATCH_HEADER;
    while (at < batch.length) {
      if (at + RECORD_HEADER > batch.length) throw new Error(`record header cut at byte ${at}`);
      const type = view.getUint8(at);
      const s = view.getUint8(at + 1);
      const conn = view.getUint32(at + 2, true);
      const t = view.getFloat64(at + 6, true);
      const length = view.getUint32(at + 14, true);
      const hop = HOPS[s >> 1] as Hop;
      const dir = DIRS[s & 1] as Dir;
      if (s > 3) throw new Error(`record at byte ${at}: bad hop/dir ${s}`);
      at += RECORD_HEADER;
      const base = { t, conn: connName(conn), hop, dir };
      if (type === T_BYTES || type === T_SAME) {
        let data: Uint8Array;
        if (type === T_BYTES) {
          if (at + length > batch.length) throw new Error(`record at byte ${at}: body cut`);
          data = batch.slice(at, at + length);
          at += length;
        } else {
          const prev = this.last.get(conn, other(hop), dir);
          if (prev === undefined || prev.length !== length) {
            throw new Error(`record at byte ${at}: 'same' with no matching chunk on the other hop`);
          }
          data = prev;
        }
        this.last.set(conn, hop, dir, data);
        records.push({ kind: 'bytes', ...base, data });
      } else if (type === T_ELIDED) {
        if (at + 4 > batch.length) throw new Error(`record at byte ${at}: body cut`);
        records.push({ kind: 'elided', ...base, length, frames: view.getUint32(at, true) });
        at += 4;
      } else if (type === T_EVENT) {
        if (at + length > batch.length || length < 4)
          throw new Error(`record at byte ${at}: body cut`);
        const n = view.getUint32(at, true);
        if (4 + n > length) throw new Error(`record at byte ${at}: event JSON overruns its record`);
        const fields = JSON.parse(decoder.decode(batch.subarray(at + 4, at + 4 + n))) as object;
        const event = { ...fields, ...base } as EdgeEvent;
        const record: TapRecord = { kind: 'event', event };
        if (length > 4 + n) record.affected = batch.slice(at + 4 + n, at + length);
        records.push(record);
        at += length;
        if (event.kind === 'conn-close') this.last.closeHop(conn, hop);
      } else {
        throw new Error(`record at byte ${at - RECORD_HEADER}: unknown type ${type}`);
      }
    }
    return { records, dropped };
  }

  get tracked(): number {
    return this.last.size;
  }
}
