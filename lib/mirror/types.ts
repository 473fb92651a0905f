/**
 * WireEvent: the one record type that flows from the server's tap to the page.
 *
 * Every arrow, row and state highlight on screen is derived from a WireEvent, and every WireEvent is
 * derived from bytes the edge saw (or from a server-side fact reported as such: kind 'marker').
 * Byte fields are standard base64 so a batch is plain JSON (the capture download is these objects).
 */
import type {
  Base64,
  EioPacketInfo,
  Header,
  ProtocolLayer,
  SseEventInfo,
  WsFrameInfo,
} from '@/lib/wire/types';

/** The codecs' own types, owned by lib/wire; re-exported so the mirror's users import one module. */
export type {
  Base64,
  EioPacketInfo,
  EioPacketType,
  Header,
  ProtocolLayer,
  SioPacketInfo,
  SioPacketType,
  SseEventInfo,
  WsFrameInfo,
  WsOpcodeName,
} from '@/lib/wire/types';

/** Which hop of the path the bytes crossed. */
export type Hop = 'browser-edge' | 'edge-node';
export const HOPS: readonly Hop[] = ['browser-edge', 'edge-node'];

/** 'up' = client → server (browser → edge, edge → node); 'down' = server → client. */
export type Dir = 'up' | 'down';

export interface EventBase {
  /** Session-wide order, 1-based, strictly increasing: the log's index. */
  seq: number;
  /** Milliseconds since the session started, from the server's monotonic clock (µs precision). */
  t: number;
  /** Connection id within the session ('c1', 'c2', …). The same id names both hops of one proxied connection. */
  conn: string;
  hop: Hop;
  dir: Dir;
}

export interface HttpRequestEvent extends EventBase {
  kind: 'http-request';
  method: string;
  target: string;
  version: string;
  /** Raw order and case, as received. */
  headers: Header[];
  /** The head's bytes, request line to the blank line inclusive. */
  raw: Base64;
}

export interface HttpResponseEvent extends EventBase {
  kind: 'http-response';
  version: string;
  status: number;
  reason: string;
  headers: Header[];
  raw: Base64;
  /** The request this answers (its seq on the same hop), when known. */
  requestSeq?: number;
}

export interface HttpBodyEvent extends EventBase {
  kind: 'http-body';
  /** Wire bytes of this piece, chunk-size lines included for chunked bodies. */
  raw: Base64;
  /** Decoded (de-chunked) length of this piece. */
  size: number;
  /** True on the piece that completes the message body. */
  final: boolean;
  /** Engine.IO polling payload, decoded from the whole body, on the final piece. */
  eio?: EioPacketInfo[];
  /** Server-sent events completed by this piece (text/event-stream). */
  sse?: SseEventInfo[];
}

export interface WsMessageInfo {
  type: 'text' | 'binary';
  /** Text messages only. */
  text?: string;
  /**
   * Binary messages that span several frames or were compressed. Absent when derivable (the bytes
   * travel once on the mirror): text messages are `text`, one-frame binary ones are the frame's
   * payload (`framePayload()`).
   * Read it with `messageBytes()` from lib/mirror/message-bytes.ts.
   */
  data?: Base64;
  /** Number of frames the message used (more than 1 = fragmented). */
  frames: number;
  eio?: EioPacketInfo;
}

export interface WsFrameEvent extends EventBase {
  kind: 'ws-frame';
  frame: WsFrameInfo;
  /** The whole frame as on the wire (header + masked payload). */
  raw: Base64;
  /** Present on the frame that completes a data message (FIN) — reassembled and decoded. */
  message?: WsMessageInfo;
}

export interface ProtocolErrorEvent extends EventBase {
  kind: 'protocol-error';
  layer: ProtocolLayer;
  /** Specific and human: 'RSV2 set without a negotiated extension', 'payload length 70000 > max 65536'. */
  message: string;
  /** The offending bytes. */
  raw: Base64;
}

export interface ConnOpenEvent extends EventBase {
  kind: 'conn-open';
  /** Request path that opened it, when known (lab paths only). */
  path?: string;
  /** Remote address:port as seen by the listener. */
  peer?: string;
}

export interface ConnCloseEvent extends EventBase {
  kind: 'conn-close';
  /** 'end' = FIN, 'reset' = RST/destroy, 'error' = socket error. */
  how: 'end' | 'reset' | 'error';
  /** Which side's action closed this hop. */
  by: 'client' | 'server' | 'edge';
  message?: string;
}

/** A server-side fact that did not cross the wire but explains what did (run started, node restarted). */
export interface MarkerEvent extends EventBase {
  kind: 'marker';
  label: string;
  detail?: string;
}

/** What a fault at the edge did to real bytes, where it did it (hop + dir say which side it held back). */
export const FAULT_KINDS = [
  'loss',
  'latency',
  'bandwidth',
  'drop',
  'dup',
  'reorder',
  'blackhole',
  'reset',
  'idle-timeout',
  'slow-close',
  'strip-upgrade',
  'restart-node',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultEvent extends EventBase {
  kind: 'fault';
  fault: FaultKind;
  /** Short and specific: 'segment lost: retransmitted after 200 ms (… TCP_RTO_MIN …) …', 'frame dropped (text, 12 B)'. */
  detail: string;
  /** Extra delay this fault added to the bytes it held (ms). */
  delayMs?: number;
  /** Bytes affected. */
  bytes?: number;
  /** The affected bytes, for drops / dups (a dropped frame is drawn leaving one hop and not reaching the other). */
  affected?: Base64;
  /** How many occurrences this event stands for (a rate-limited summary: "+37 more drops"); absent = 1. */
  count?: number;
}

export type WireEvent =
  | FaultEvent
  | ConnOpenEvent
  | ConnCloseEvent
  | HttpRequestEvent
  | HttpResponseEvent
  | HttpBodyEvent
  | WsFrameEvent
  | ProtocolErrorEvent
  | MarkerEvent;

export type WireEventKind = WireEvent['kind'];

/** A WireEvent before the session stamps seq on it. */
export type UnstampedEvent = WireEvent extends infer E
  ? E extends WireEvent
    ? Omit<E, 'seq'>
    : never
  : never;
