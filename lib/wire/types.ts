/**
 * What the codecs in lib/wire decode to: RFC 6455 frame fields, Engine.IO / Socket.IO packets,
 * server-sent events, HTTP header lists. lib/wire owns these types; the mirror builds its WireEvent
 * records out of them (and re-exports them), never the other way round.
 *
 * Byte fields are standard base64 so a value is plain JSON.
 */

export type Base64 = string;

/** One HTTP header field: raw name (case as received) and value. */
export type Header = readonly [name: string, value: string];

/** The protocol layer a decoder works at (a protocol error names the one that failed). */
export type ProtocolLayer = 'tcp' | 'http' | 'ws' | 'eio' | 'sio' | 'sse';

export type WsOpcodeName =
  | 'continuation'
  | 'text'
  | 'binary'
  | 'close'
  | 'ping'
  | 'pong'
  | 'reserved';

export interface WsFrameInfo {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: WsOpcodeName;
  masked: boolean;
  /** 4 bytes as hex, when masked. */
  maskKey?: string;
  payloadLength: number;
  /** How the length was encoded: 7-bit, 16-bit (126) or 64-bit (127). */
  lengthBits: 7 | 16 | 64;
  /** 2 to 14 bytes. */
  headerLength: number;
  /**
   * Unmasked payload. Left out of mirror events (the bytes travel once, in `raw`): read it with the
   * mirror's `framePayload()` (message-bytes.ts), which unmasks raw after headerLength.
   */
  payload?: Base64;
  /** Close frames: status code (absent when the payload is empty) and UTF-8 reason. */
  close?: { code?: number; reason: string };
  /** RSV1 on a first frame when permessage-deflate was negotiated: payload is compressed. */
  compressed?: boolean;
}

export type EioPacketType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';

export interface EioPacketInfo {
  type: EioPacketType;
  /** Text data after the type digit (or decoded base64 marker 'b' payloads in polling). */
  data?: string;
  /** Binary payload, base64. */
  binary?: Base64;
  /** The packet's encoded text as on the wire ('4hello', '2probe', 'bAQID'), for text packets. */
  encoded?: string;
  /** For 'open': the parsed handshake JSON. */
  open?: {
    sid: string;
    upgrades: string[];
    pingInterval: number;
    pingTimeout: number;
    maxPayload: number;
  };
  /** The Socket.IO packet carried by a 'message', when it decodes as one. */
  sio?: SioPacketInfo;
  /** This binary message is attachment `index` (0-based) of `total` for the preceding BINARY_* packet. */
  sioAttachment?: { index: number; total: number };
}

export type SioPacketType =
  | 'CONNECT'
  | 'DISCONNECT'
  | 'EVENT'
  | 'ACK'
  | 'CONNECT_ERROR'
  | 'BINARY_EVENT'
  | 'BINARY_ACK';

export interface SioPacketInfo {
  type: SioPacketType;
  /** '/' when absent on the wire. */
  nsp: string;
  id?: number;
  /** JSON payload (event name + args for EVENT; placeholders left in place for BINARY_*). */
  data?: unknown;
  attachments?: number;
  /** The encoded packet text ('2["chat",{"msg":"hello"}]', '420["x"]', '42/admin,["y"]'). */
  encoded: string;
}

export interface SseEventInfo {
  id?: string;
  event: string;
  data: string;
  retry?: number;
}
