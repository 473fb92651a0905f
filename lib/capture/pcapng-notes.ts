/**
 * What the pcapng writer says in comments, so it survives Wireshark and comes back on import: a
 * line a person reads in Wireshark's "Packet comments", then one line `wirelab:{json}` that the
 * reader parses.
 *
 * - section header: the capture (session, start epoch, maxPayload)
 * - a TCP stream's SYN: which connection and hop the stream is
 * - the next packet after an edge event or an elided run: the record itself (records after the
 *   last packet ride on it, marked `after`; with no packet at all, on a statistics block)
 */
import type { Hop } from '../mirror/types';
import { type RecordJson, recordFromJson, recordToJson } from './record-json';
import type { TapRecord } from './records';
import { Checker } from './validate';

export const NOTE_PREFIX = 'wirelab:';
export const USER_APPL = 'Wire Lab';

export interface CaptureInfo {
  session?: string;
  /** Wall-clock ms of session time 0. */
  startEpochMs: number;
  maxPayload?: number;
}

export type Note =
  | { capture: CaptureInfo }
  | { stream: { conn: string; hop: Hop } }
  | { record: RecordJson; after?: true };

export type ParsedNote =
  | { capture: CaptureInfo }
  | { stream: { conn: string; hop: Hop } }
  | { record: TapRecord; after: boolean };

function withNote(human: string, note: Note): string {
  return `${human}\n${NOTE_PREFIX}${JSON.stringify(note)}`;
}

export function captureComment(info: CaptureInfo): string {
  const when = new Date(info.startEpochMs).toISOString();
  const session = info.session ? `session ${info.session}, ` : '';
  return withNote(`Wire Lab capture: ${session}started ${when}`, { capture: info });
}

export function streamComment(conn: string, hop: Hop): string {
  const path = hop === 'browser-edge' ? 'browser → edge' : 'edge → lab node';
  return withNote(`Wire Lab ${conn} on ${hop} (${path})`, { stream: { conn, hop } });
}

function describeRecord(record: TapRecord): string {
  if (record.kind === 'elided') {
    const frames =
      record.frames > 0
        ? `${record.frames} WebSocket frame${record.frames === 1 ? '' : 's'}`
        : 'frame payload';
    return `${record.conn} ${record.hop} ${record.dir}: ${record.length} B not carried (${frames}; the mirror's budget): previous segment not captured`;
  }
  if (record.kind === 'bytes')
    return `${record.conn} ${record.hop} ${record.dir}: ${record.data.length} B`;
  const e = record.event;
  const where = `${e.conn} ${e.hop}`;
  switch (e.kind) {
    case 'conn-open':
      return `conn-open ${where}${e.path ? ` ${e.path}` : ''}${e.peer ? ` from ${e.peer}` : ''}`;
    case 'conn-close':
      return `conn-close ${where}: ${e.how} by ${e.by}${e.message ? ` (${e.message})` : ''}`;
    case 'fault':
      return `fault ${e.fault} on ${where} ${e.dir}: ${e.detail}${e.count ? ` (×${e.count})` : ''}`;
    case 'marker':
      return `marker ${JSON.stringify(e.label)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** `after`: the record follows the packet that carries it (it came after the last packet). */
export function recordComment(record: TapRecord, after = false): string {
  const json = recordToJson(record);
  return withNote(describeRecord(record), after ? { record: json, after: true } : { record: json });
}

/**
 * The note in a comment: null when the comment has none (a person's own comment), an Error when
 * it has one that does not parse.
 */
export function parseNote(comment: string): ParsedNote | null | Error {
  const line = comment.split('\n').find((l) => l.startsWith(NOTE_PREFIX));
  if (line === undefined) return null;
  const c: Checker = new Checker('pcapng comment');
  try {
    const o = c.object(JSON.parse(line.slice(NOTE_PREFIX.length)), 'note');
    if (o.capture !== undefined) {
      const info = c.object(o.capture, 'capture');
      const out: CaptureInfo = {
        startEpochMs: c.number(info.startEpochMs, 'capture.startEpochMs'),
      };
      const session = c.optionalString(info.session, 'capture.session');
      const maxPayload = c.optionalNumber(info.maxPayload, 'capture.maxPayload');
      if (session !== undefined) out.session = session;
      if (maxPayload !== undefined) out.maxPayload = maxPayload;
      return { capture: out };
    }
    if (o.stream !== undefined) {
      const s = c.object(o.stream, 'stream');
      return {
        stream: {
          conn: c.string(s.conn, 'stream.conn'),
          hop: c.oneOf(s.hop, 'stream.hop', ['browser-edge', 'edge-node'] as const),
        },
      };
    }
    return { record: recordFromJson(c, o.record, 'record'), after: o.after === true };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
