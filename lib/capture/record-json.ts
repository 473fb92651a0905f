/**
 * TapRecords as plain JSON (bytes as base64): the JSON capture file's `records` and the structured
 * part of the pcapng writer's comments. The reader checks every field and names the one that is
 * wrong (`capture: records[4].hop is the string "edge", expected one of 'browser-edge', 'edge-node'`).
 */
import { fromBase64, toBase64 } from '@/lib/wire/bytes';
import { type Dir, FAULT_KINDS, type FaultKind, type Hop } from '../mirror/types';
import type { EdgeEvent, TapRecord } from './records';
import type { Checker, Json } from './validate';

export type RecordJson =
  | { kind: 'bytes'; t: number; conn: string; hop: Hop; dir: Dir; data: string }
  | { kind: 'elided'; t: number; conn: string; hop: Hop; dir: Dir; length: number; frames: number }
  | { kind: 'event'; event: EdgeEvent; affected?: string };

const HOPS: readonly Hop[] = ['browser-edge', 'edge-node'];
const DIRS: readonly Dir[] = ['up', 'down'];
const EVENT_KINDS = ['conn-open', 'conn-close', 'fault', 'marker'] as const;
const CLOSE_HOW = ['end', 'reset', 'error'] as const;
const CLOSE_BY = ['client', 'server', 'edge'] as const;
const FAULTS: readonly FaultKind[] = FAULT_KINDS;

export function recordToJson(record: TapRecord): RecordJson {
  switch (record.kind) {
    case 'bytes': {
      const { data, ...rest } = record;
      return { ...rest, data: toBase64(data) };
    }
    case 'elided':
      return { ...record };
    case 'event':
      return record.affected
        ? { kind: 'event', event: record.event, affected: toBase64(record.affected) }
        : { kind: 'event', event: record.event };
  }
}

function base64(c: Checker, value: unknown, path: string): Uint8Array {
  const bytes = fromBase64(c.string(value, path));
  if (bytes === null) c.fail(path, 'is not standard base64');
  return bytes;
}

/** Validates an edge event (the shape lib/mirror/types.ts gives it), keeping its known fields. */
export function eventFromJson(c: Checker, value: unknown, path: string): EdgeEvent {
  const o = c.object(value, path);
  const kind = c.oneOf(o.kind, `${path}.kind`, EVENT_KINDS);
  const base = {
    t: c.number(o.t, `${path}.t`),
    conn: c.string(o.conn, `${path}.conn`),
    hop: c.oneOf(o.hop, `${path}.hop`, HOPS),
    dir: c.oneOf(o.dir, `${path}.dir`, DIRS),
  };
  const opt = <K extends string>(key: K, read: (v: unknown, p: string) => unknown) =>
    o[key] === undefined ? {} : { [key]: read(o[key], `${path}.${key}`) };
  const str = (v: unknown, p: string) => c.string(v, p);
  const num = (v: unknown, p: string) => c.number(v, p);
  switch (kind) {
    case 'conn-open':
      return { kind, ...base, ...opt('path', str), ...opt('peer', str) };
    case 'conn-close':
      return {
        kind,
        ...base,
        how: c.oneOf(o.how, `${path}.how`, CLOSE_HOW),
        by: c.oneOf(o.by, `${path}.by`, CLOSE_BY),
        ...opt('message', str),
      };
    case 'marker':
      return { kind, ...base, label: c.string(o.label, `${path}.label`), ...opt('detail', str) };
    case 'fault':
      return {
        kind,
        ...base,
        fault: c.oneOf(o.fault, `${path}.fault`, FAULTS),
        detail: c.string(o.detail, `${path}.detail`),
        ...opt('delayMs', num),
        ...opt('bytes', num),
        ...opt('affected', str),
        ...opt('count', num),
      };
  }
}

export function recordFromJson(c: Checker, value: unknown, path: string): TapRecord {
  const o: Json = c.object(value, path);
  const kind = c.oneOf(o.kind, `${path}.kind`, ['bytes', 'elided', 'event'] as const);
  if (kind === 'event') {
    const event = eventFromJson(c, o.event, `${path}.event`);
    return o.affected === undefined
      ? { kind, event }
      : { kind, event, affected: base64(c, o.affected, `${path}.affected`) };
  }
  const base = {
    t: c.number(o.t, `${path}.t`),
    conn: c.string(o.conn, `${path}.conn`),
    hop: c.oneOf(o.hop, `${path}.hop`, HOPS),
    dir: c.oneOf(o.dir, `${path}.dir`, DIRS),
  };
  if (kind === 'bytes') return { kind, ...base, data: base64(c, o.data, `${path}.data`) };
  const length = c.number(o.length, `${path}.length`);
  const frames = c.number(o.frames, `${path}.frames`);
  if (!Number.isInteger(length) || length < 0) c.fail(`${path}.length`, 'is not a byte count');
  if (!Number.isInteger(frames) || frames < 0) c.fail(`${path}.frames`, 'is not a frame count');
  return { kind, ...base, length, frames };
}
