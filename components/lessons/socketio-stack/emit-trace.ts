/**
 * One Socket.IO packet traced down the layers, from the captured bytes: which bytes of the Engine.IO
 * packet are Engine.IO's type digit, which are Socket.IO's envelope (type, attachments, namespace,
 * ack id, event name, JSON punctuation, binary placeholders) and which are the application's data;
 * and what the transport added (the WebSocket frame header, or the polling request's HTTP head).
 * Pure: no DOM, no React.
 */
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type { Dir, SioPacketInfo, WireEvent } from '@/lib/mirror/types';

export type SegmentLayer =
  | 'eio-type'
  | 'sio-type'
  | 'sio-attachments'
  | 'sio-nsp'
  | 'sio-id'
  | 'sio-name'
  | 'sio-punct'
  | 'placeholder'
  | 'data';

export const SEGMENT_LABELS: Record<SegmentLayer, string> = {
  'eio-type': 'Engine.IO packet type',
  'sio-type': 'Socket.IO packet type',
  'sio-attachments': 'Socket.IO attachment count',
  'sio-nsp': 'Socket.IO namespace',
  'sio-id': 'Socket.IO ack id',
  'sio-name': 'Socket.IO event name + punctuation',
  'sio-punct': 'Socket.IO JSON punctuation',
  placeholder: 'Socket.IO binary placeholder',
  data: 'your data',
};

export interface Segment {
  layer: SegmentLayer;
  text: string;
  bytes: number;
}

export interface EmitTrace {
  /** Seq of the event (frame or polling body) that carried the packet. */
  seq: number;
  conn: string;
  dir: Dir;
  transport: 'websocket' | 'polling';
  sio: SioPacketInfo;
  /** The Engine.IO packet text: '4' + the Socket.IO packet. */
  eio: string;
  segments: Segment[];
  /** Bytes of application data, of Socket.IO envelope, of Engine.IO envelope. */
  dataBytes: number;
  sioBytes: number;
  eioBytes: number;
  /** WebSocket: the frame header (2-14 B, mask key included). Polling: the HTTP head + chunk lines. */
  transportBytes: number;
  transportNote: string;
  /** Polling: how many Engine.IO packets shared the body (and so the HTTP head). */
  packetsInBody: number;
  /** WebSocket frame header bytes as hex, for the byte view. */
  frameHeaderHex?: string;
}

const encoder = new TextEncoder();
export const utf8Length = (s: string): number => encoder.encode(s).length;

const seg = (layer: SegmentLayer, text: string): Segment => ({
  layer,
  text,
  bytes: utf8Length(text),
});

function isPlaceholder(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as { _placeholder?: unknown })._placeholder === true
  );
}

/** Splits an encoded Socket.IO packet ('21["chat",{"msg":"hello"}]') into its parts. */
export function segmentSioPacket(sio: SioPacketInfo): Segment[] {
  const m = /^(\d)(\d+-)?(\/[^,]*,)?(\d+)?([\s\S]*)$/.exec(sio.encoded);
  if (!m) return [seg('data', sio.encoded)];
  const [, type = '', attach, nsp, id, json = ''] = m;
  const out: Segment[] = [seg('sio-type', type)];
  if (attach) out.push(seg('sio-attachments', attach));
  if (nsp) out.push(seg('sio-nsp', nsp));
  if (id) out.push(seg('sio-id', id));
  if (json === '') return out;
  const parts: Segment[] = [];
  const isEvent = sio.type === 'EVENT' || sio.type === 'BINARY_EVENT';
  if (Array.isArray(sio.data)) {
    const args = sio.data as unknown[];
    const first = isEvent ? 1 : 0;
    if (isEvent)
      parts.push(seg('sio-name', `[${JSON.stringify(args[0])}${args.length > 1 ? ',' : ''}`));
    else parts.push(seg('sio-punct', '['));
    args.slice(first).forEach((arg, i) => {
      if (i > 0) parts.push(seg('sio-punct', ','));
      parts.push(seg(isPlaceholder(arg) ? 'placeholder' : 'data', JSON.stringify(arg) ?? 'null'));
    });
    parts.push(seg('sio-punct', ']'));
  } else if (sio.data !== undefined) {
    parts.push(seg('data', JSON.stringify(sio.data) ?? ''));
  }
  // Only trust the split when it rebuilds the bytes exactly.
  if (parts.map((p) => p.text).join('') !== json) out.push(seg('data', json));
  else out.push(...parts);
  return out;
}

function traceOf(
  e: WireEvent,
  sio: SioPacketInfo,
  transport: EmitTrace['transport'],
  transportBytes: number,
  transportNote: string,
  packetsInBody: number,
  frameHeaderHex?: string,
): EmitTrace {
  const segments = [seg('eio-type', '4'), ...segmentSioPacket(sio)];
  const sum = (pred: (s: Segment) => boolean) =>
    segments.filter(pred).reduce((n, s) => n + s.bytes, 0);
  return {
    seq: e.seq,
    conn: e.conn,
    dir: e.dir,
    transport,
    sio,
    eio: `4${sio.encoded}`,
    segments,
    dataBytes: sum((s) => s.layer === 'data'),
    eioBytes: sum((s) => s.layer === 'eio-type'),
    sioBytes: sum((s) => s.layer !== 'data' && s.layer !== 'eio-type'),
    transportBytes,
    transportNote,
    packetsInBody,
    ...(frameHeaderHex !== undefined ? { frameHeaderHex } : {}),
  };
}

function hexOf(base64: string, count: number): string {
  const bin = atob(base64);
  const out: string[] = [];
  for (let i = 0; i < Math.min(count, bin.length); i++) {
    out.push(bin.charCodeAt(i).toString(16).padStart(2, '0'));
  }
  return out.join(' ');
}

/** The HTTP head that frames a polling body: its size and first line. */
export interface HttpHead {
  bytes: number;
  line: string;
}

/** The head an HTTP request/response event sets for its connection and direction, if any. */
export function httpHeadOf(e: WireEvent): { key: string; head: HttpHead } | undefined {
  if (e.kind === 'http-request') {
    return {
      key: `${e.conn} up`,
      head: {
        bytes: base64ByteLength(e.raw),
        line: `${e.method} ${e.target.length > 40 ? `${e.target.slice(0, 40)}…` : e.target}`,
      },
    };
  }
  if (e.kind === 'http-response') {
    return {
      key: `${e.conn} down`,
      head: { bytes: base64ByteLength(e.raw), line: `HTTP ${e.status} ${e.reason}` },
    };
  }
  return undefined;
}

/** The Socket.IO packets one event carried, traced (`head`: the last head on its conn + dir). */
export function tracesOfEvent(e: WireEvent, head: HttpHead | undefined): EmitTrace[] {
  if (e.kind === 'ws-frame') {
    const sio = e.message?.eio?.sio;
    if (!sio) return [];
    const f = e.frame;
    return [
      traceOf(
        e,
        sio,
        'websocket',
        f.headerLength,
        `WebSocket ${f.opcodeName} frame header: ${f.headerLength} B (${f.masked ? 'masked, client → server' : 'unmasked, server → client'}, ${f.lengthBits}-bit length)`,
        1,
        hexOf(e.raw, f.headerLength),
      ),
    ];
  }
  if (e.kind === 'http-body' && e.final && e.eio) {
    const all = e.eio;
    const framing = base64ByteLength(e.raw) - e.size;
    return all
      .filter((p) => p.sio !== undefined)
      .map((p) =>
        traceOf(
          e,
          p.sio as SioPacketInfo,
          'polling',
          (head?.bytes ?? 0) + Math.max(0, framing),
          `${head?.line ?? 'HTTP message'}: head ${head?.bytes ?? '?'} B${framing > 0 ? ` + ${framing} B chunk lines` : ''}, shared by ${all.length} Engine.IO packet${all.length === 1 ? '' : 's'} in the body (separated by 0x1e)`,
          all.length,
        ),
      );
  }
  return [];
}

/** Every Socket.IO packet on one hop, traced (in log order). */
export function emitTracesOf(
  events: readonly WireEvent[],
  hop: WireEvent['hop'] = 'browser-edge',
): EmitTrace[] {
  const out: EmitTrace[] = [];
  // Last HTTP head per connection and direction: a polling body's transport envelope.
  const heads = new Map<string, HttpHead>();
  for (const e of events) {
    if (e.hop !== hop) continue;
    const h = httpHeadOf(e);
    if (h) heads.set(h.key, h.head);
    else out.push(...tracesOfEvent(e, heads.get(`${e.conn} ${e.dir}`)));
  }
  return out;
}
