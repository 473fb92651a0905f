/**
 * One row per WebSocket frame of the lesson's connections, as the browser ↔ edge hop carried it:
 * the header fields the page measured (header size 2-14 bytes, length encoding, mask) and a short
 * payload preview. Pure: no React, no DOM.
 */
import type { Reducer } from '@/lib/live/fold-store';
import { framePayload } from '@/lib/mirror/message-bytes';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { WireEvent, WsFrameEvent } from '@/lib/mirror/types';

export interface FrameRow {
  seq: number;
  conn: string;
  dir: 'up' | 'down';
  opcode: number;
  opcodeName: string;
  fin: boolean;
  rsv: string;
  masked: boolean;
  maskKey?: string;
  lengthBits: 7 | 16 | 64;
  payloadLength: number;
  headerLength: number;
  /** Header + payload as on the wire. */
  totalLength: number;
  /** What the payload says, shortened. */
  preview: string;
}

export interface FrameTotals {
  frames: number;
  up: number;
  down: number;
  maskedUp: number;
  maskedDown: number;
  continuation: number;
  /** Frames per length encoding. */
  byLength: Record<7 | 16 | 64, number>;
  minHeader?: number;
  maxHeader?: number;
}

const PREVIEW_CHARS = 40;

function previewOf(e: WsFrameEvent): string {
  const f = e.frame;
  if (f.opcodeName === 'close') {
    if (f.close?.code === undefined) return 'no status code';
    return `code ${f.close.code}${f.close.reason ? ` reason ${JSON.stringify(f.close.reason)}` : ''}`;
  }
  if (f.payloadLength === 0) return 'empty';
  if (f.opcodeName === 'text' || (f.opcodeName === 'continuation' && e.message?.type === 'text')) {
    const text = e.message?.text ?? new TextDecoder().decode(framePayload(e));
    return text.length > PREVIEW_CHARS
      ? `${JSON.stringify(text.slice(0, PREVIEW_CHARS))}… (${text.length} chars)`
      : JSON.stringify(text);
  }
  const bytes = framePayload(e);
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 8 ? `${hex} … (${f.payloadLength} bytes)` : hex;
}

/** The row of one frame event. */
export function frameRowOf(e: WsFrameEvent): FrameRow {
  const f = e.frame;
  return {
    seq: e.seq,
    conn: e.conn,
    dir: e.dir,
    opcode: f.opcode,
    opcodeName: f.opcodeName,
    fin: f.fin,
    rsv: `${f.rsv1 ? 1 : 0}${f.rsv2 ? 1 : 0}${f.rsv3 ? 1 : 0}`,
    masked: f.masked,
    ...(f.maskKey ? { maskKey: f.maskKey } : {}),
    lengthBits: f.lengthBits,
    payloadLength: f.payloadLength,
    headerLength: f.headerLength,
    totalLength: f.headerLength + f.payloadLength,
    preview: previewOf(e),
  };
}

/** Frames on the browser ↔ edge hop of the given connections (all WebSocket frames when omitted). */
export function frameRowsOf(events: readonly WireEvent[], conns?: ReadonlySet<string>): FrameRow[] {
  const rows: FrameRow[] = [];
  for (const e of events) {
    if (e.kind !== 'ws-frame' || e.hop !== 'browser-edge') continue;
    if (conns !== undefined && !conns.has(e.conn)) continue;
    rows.push(frameRowOf(e));
  }
  return rows;
}

const NO_FRAMES: FrameTotals = {
  frames: 0,
  up: 0,
  down: 0,
  maskedUp: 0,
  maskedDown: 0,
  continuation: 0,
  byLength: { 7: 0, 16: 0, 64: 0 },
};

export interface FrameTotalsState {
  /** Connections that began with a WebSocket upgrade request on the browser ↔ edge hop. */
  conns: ReadonlySet<string>;
  /** frameTotals of their frames' rows, kept as they grow (the rows themselves are the frame list's). */
  totals: FrameTotals;
}

/**
 * frameTotals as an incremental fold (each event once): every frame on the browser ↔ edge hop of
 * a connection that began with a WebSocket upgrade request. The rows are not kept: the page's
 * frame list (components/frame-list) shows them, with its memory cap.
 */
export const frameTotalsFold: Reducer<FrameTotalsState, WireEvent> = {
  init: () => ({ conns: new Set(), totals: NO_FRAMES }),
  step: (s, e) => {
    if (e.hop !== 'browser-edge') return s;
    if (e.kind === 'http-request' && isWebSocketUpgrade(e) && !s.conns.has(e.conn))
      return { ...s, conns: new Set(s.conns).add(e.conn) };
    if (e.kind !== 'ws-frame' || !s.conns.has(e.conn)) return s;
    return { ...s, totals: addToTotals(s.totals, frameRowOf(e)) };
  },
};

/** The totals with one more row (a new object; `totals` is left as it was). */
function addToTotals(totals: FrameTotals, r: FrameRow): FrameTotals {
  const t: FrameTotals = { ...totals, frames: totals.frames + 1, byLength: { ...totals.byLength } };
  if (r.dir === 'up') {
    t.up++;
    if (r.masked) t.maskedUp++;
  } else {
    t.down++;
    if (r.masked) t.maskedDown++;
  }
  if (r.opcodeName === 'continuation' || !r.fin) t.continuation++;
  t.byLength[r.lengthBits]++;
  t.minHeader = Math.min(t.minHeader ?? r.headerLength, r.headerLength);
  t.maxHeader = Math.max(t.maxHeader ?? r.headerLength, r.headerLength);
  return t;
}

export function frameTotals(rows: readonly FrameRow[]): FrameTotals {
  return rows.reduce(addToTotals, NO_FRAMES);
}

/** Why the header has this size: 2 fixed bytes + extended length + masking key. */
export function headerBreakdown(r: Pick<FrameRow, 'lengthBits' | 'masked'>): string {
  const parts = ['2'];
  if (r.lengthBits === 16) parts.push('2 (16-bit length)');
  if (r.lengthBits === 64) parts.push('8 (64-bit length)');
  if (r.masked) parts.push('4 (mask key)');
  return parts.join(' + ');
}
