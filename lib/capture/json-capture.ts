/**
 * The JSON capture file.
 *
 * Version 2 (written here) is the raw capture: `{format: 'wirelab-capture', version: 2, session,
 * exportedAt, startEpochMs?, maxPayload?, records}` with TapRecords as JSON (bytes as base64).
 * Version 1 (components/mirror/capture.ts, decoded WireEvents) is still read: the events that own
 * wire bytes become bytes records again, the edge's own events become event records.
 */
import { fromBase64 } from '@/lib/wire/bytes';
import type { WireEvent } from '../mirror/types';
import type { ImportedCapture } from './imported';
import { eventFromJson, type RecordJson, recordFromJson, recordToJson } from './record-json';
import type { TapRecord } from './records';
import { Checker } from './validate';

export const CAPTURE_FORMAT = 'wirelab-capture';
export const CAPTURE_VERSION = 2;

export interface CaptureFileV2 {
  format: typeof CAPTURE_FORMAT;
  version: 2;
  session: string;
  exportedAt: string;
  /** Wall-clock ms of session time 0. */
  startEpochMs?: number;
  /** The session's WebSocket maxPayload, for the decoder on import. */
  maxPayload?: number;
  records: RecordJson[];
}

export interface CaptureJsonOptions {
  session: string;
  now: Date;
  startEpochMs?: number;
  maxPayload?: number;
}

export function buildCaptureJson(
  records: Iterable<TapRecord>,
  options: CaptureJsonOptions,
): CaptureFileV2 {
  const file: CaptureFileV2 = {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    session: options.session,
    exportedAt: options.now.toISOString(),
    records: [],
  };
  if (options.startEpochMs !== undefined) file.startEpochMs = options.startEpochMs;
  if (options.maxPayload !== undefined) file.maxPayload = options.maxPayload;
  for (const r of records) file.records.push(recordToJson(r));
  return file;
}

/** Which events' raw bytes are the connection's own bytes (not a nested decode failure). */
export function ownsWireBytes(event: WireEvent): boolean {
  switch (event.kind) {
    case 'http-request':
    case 'http-response':
    case 'http-body':
    case 'ws-frame':
      return true;
    case 'protocol-error':
      return event.layer === 'http' || event.layer === 'ws' || event.layer === 'tcp';
    default:
      return false;
  }
}

const WIRE_KINDS = [
  'conn-open',
  'conn-close',
  'fault',
  'marker',
  'http-request',
  'http-response',
  'http-body',
  'ws-frame',
  'protocol-error',
] as const;

/**
 * Decoded events back to records: bytes from the events that own them, in log order, and the
 * edge's events as they were (a fault's base64 `affected` becomes the record's bytes).
 */
export function eventsToRecords(events: readonly WireEvent[]): TapRecord[] {
  const out: TapRecord[] = [];
  for (const e of events) {
    if (e.kind === 'conn-open' || e.kind === 'conn-close' || e.kind === 'marker') {
      const { seq: _seq, ...event } = e;
      out.push({ kind: 'event', event });
    } else if (e.kind === 'fault') {
      const { seq: _seq, affected, ...event } = e;
      const bytes = affected === undefined ? null : fromBase64(affected);
      out.push(bytes ? { kind: 'event', event, affected: bytes } : { kind: 'event', event });
    } else if (ownsWireBytes(e) && 'raw' in e) {
      const data = fromBase64(e.raw);
      if (data && data.length > 0)
        out.push({ kind: 'bytes', t: e.t, conn: e.conn, hop: e.hop, dir: e.dir, data });
    }
  }
  return out;
}

function readV1(c: Checker, o: Record<string, unknown>): TapRecord[] {
  const events = c.array(o.events, 'events');
  const checked: WireEvent[] = [];
  events.forEach((value, i) => {
    const path = `events[${i}]`;
    const e = c.object(value, path);
    const kind = c.oneOf(e.kind, `${path}.kind`, WIRE_KINDS);
    if (kind === 'conn-open' || kind === 'conn-close' || kind === 'marker' || kind === 'fault') {
      const event = eventFromJson(c, e, path);
      checked.push({ ...event, seq: i + 1 } as WireEvent);
      return;
    }
    if (kind === 'protocol-error') c.string(e.layer, `${path}.layer`);
    const raw = c.string(e.raw, `${path}.raw`);
    if (fromBase64(raw) === null) c.fail(`${path}.raw`, 'is not standard base64');
    const base = eventFromJson(c, { ...e, kind: 'marker', label: '' }, path);
    checked.push({ ...e, t: base.t, conn: base.conn, hop: base.hop, dir: base.dir } as WireEvent);
  });
  return eventsToRecords(checked);
}

/** Reads a parsed JSON capture file, version 1 or 2. Throws an Error naming the bad field. */
export function readCaptureJson(value: unknown): ImportedCapture {
  const c: Checker = new Checker('capture');
  const o = c.object(value, 'file');
  if (o.format !== CAPTURE_FORMAT)
    c.fail('format', `is ${JSON.stringify(o.format)}, expected "${CAPTURE_FORMAT}"`);
  const version = c.number(o.version, 'version');
  let records: TapRecord[];
  if (version === 1) records = readV1(c, o);
  else if (version === 2)
    records = c.array(o.records, 'records').map((r, i) => recordFromJson(c, r, `records[${i}]`));
  else c.fail('version', `is ${version}; this build reads versions 1 and 2`);
  const result: ImportedCapture = { records, format: 'wirelab-json', warnings: [] };
  const session = c.optionalString(o.session, 'session');
  const start = c.optionalNumber(o.startEpochMs, 'startEpochMs');
  const maxPayload = c.optionalNumber(o.maxPayload, 'maxPayload');
  if (session !== undefined) result.session = session;
  if (start !== undefined) result.startEpochMs = start;
  if (maxPayload !== undefined) result.maxPayload = maxPayload;
  if (version === 1)
    result.warnings.push(
      'capture version 1 holds decoded events: bytes were rebuilt from them (no elided runs)',
    );
  return result;
}
