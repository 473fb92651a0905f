/**
 * Engine.IO v4 packets and polling payloads (socket.io's docs/engine.io-protocol/v4-current.md).
 *
 *   packet  = type digit + data         '4hello', '2probe', '0{"sid":...}'
 *   binary  = WebSocket: a binary frame is a message packet with no type byte;
 *             polling: 'b' + base64 ('bAQIDBA==')
 *   payload = packets joined by the record separator 0x1e (polling bodies)
 *
 * Decoding never throws: failures are values with a specific message.
 */

import { fromBase64, toBase64 } from './bytes';
import type { EioPacketType } from './types';

export type { EioPacketType } from './types';

export const EIO_PACKET_TYPES = {
  open: '0',
  close: '1',
  ping: '2',
  pong: '3',
  message: '4',
  upgrade: '5',
  noop: '6',
} as const satisfies Record<EioPacketType, string>;

/** What each packet type means (Engine.IO v4 protocol, "Packet encoding"). */
export const EIO_PACKET_MEANINGS = {
  open: 'handshake: session id, upgrades, ping interval and timeout, max payload',
  close: 'the transport is closing',
  ping: 'heartbeat ping (v4: sent by the server; "probe" tests a new transport)',
  pong: 'heartbeat answer ("probe" answers a transport probe)',
  message: 'carries application data (here: a Socket.IO packet, when it reads as one)',
  upgrade: 'switch the session to the probed transport',
  noop: 'nothing: used to complete a pending poll during an upgrade',
} as const satisfies Record<EioPacketType, string>;

const TYPE_BY_DIGIT: Record<string, EioPacketType> = Object.fromEntries(
  Object.entries(EIO_PACKET_TYPES).map(([name, digit]) => [digit, name as EioPacketType]),
);

/** Separates packets in a polling payload. */
export const RECORD_SEPARATOR = '\x1e';
/** Prefix of a base64-encoded binary message in a polling payload. */
export const BINARY_PREFIX = 'b';
export const EIO_PROTOCOL_VERSION = 4;

export interface EioPacket {
  type: EioPacketType;
  /** Text after the type digit. */
  data?: string;
  /** Binary message data (always a 'message' packet). */
  binary?: Uint8Array;
}

export interface EioOpen {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

export type EioResult<T> = { ok: true; packet: T } | { ok: false; error: string };

/**
 * Encodes one packet. With `supportsBinary` (WebSocket) a binary packet becomes raw bytes;
 * without (polling) it becomes 'b' + base64.
 */
export function encodePacket(packet: EioPacket, supportsBinary = false): string | Uint8Array {
  if (packet.binary)
    return supportsBinary ? packet.binary : BINARY_PREFIX + toBase64(packet.binary);
  return EIO_PACKET_TYPES[packet.type] + (packet.data ?? '');
}

/** Decodes a text packet, or a binary WebSocket message (which is always a message packet). */
export function decodePacket(input: string | Uint8Array): EioResult<EioPacket> {
  if (typeof input !== 'string') return { ok: true, packet: { type: 'message', binary: input } };
  if (input.length === 0) return { ok: false, error: 'empty Engine.IO packet (no type digit)' };
  const first = input.charAt(0);
  if (first === BINARY_PREFIX) {
    const binary = fromBase64(input.slice(1));
    if (binary === null) return { ok: false, error: 'binary packet "b…" is not valid base64' };
    return { ok: true, packet: { type: 'message', binary } };
  }
  const type = TYPE_BY_DIGIT[first];
  if (type === undefined) {
    return {
      ok: false,
      error: `unknown Engine.IO packet type ${JSON.stringify(first)} (expected 0-6 or b)`,
    };
  }
  const packet: EioPacket = { type };
  if (input.length > 1) packet.data = input.slice(1);
  return { ok: true, packet };
}

/** Joins packets for a polling body; binary packets are base64 with the 'b' prefix. */
export function encodePayload(packets: readonly EioPacket[]): string {
  return packets.map((p) => encodePacket(p, false) as string).join(RECORD_SEPARATOR);
}

export type PayloadEntry = EioResult<EioPacket> & { encoded: string };

/** Splits a polling body into packets; each entry is decoded on its own so one bad packet does not hide the rest. */
export function decodePayload(text: string): PayloadEntry[] {
  return text.split(RECORD_SEPARATOR).map((encoded) => ({ ...decodePacket(encoded), encoded }));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Parses the open packet's JSON handshake: `{"sid":"…","upgrades":["websocket"],"pingInterval":25000,…}`. */
export function parseOpen(data: string | undefined): EioResult<EioOpen> {
  let value: unknown;
  try {
    value = JSON.parse(data ?? '');
  } catch {
    return { ok: false, error: 'open packet data is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'open packet data is not a JSON object' };
  }
  const o = value as Record<string, unknown>;
  if (typeof o.sid !== 'string') return { ok: false, error: 'open packet has no string "sid"' };
  if (!isStringArray(o.upgrades))
    return { ok: false, error: 'open packet "upgrades" is not an array of strings' };
  for (const field of ['pingInterval', 'pingTimeout', 'maxPayload'] as const) {
    if (typeof o[field] !== 'number')
      return { ok: false, error: `open packet has no number "${field}"` };
  }
  return {
    ok: true,
    packet: {
      sid: o.sid,
      upgrades: o.upgrades,
      pingInterval: o.pingInterval as number,
      pingTimeout: o.pingTimeout as number,
      maxPayload: o.maxPayload as number,
    },
  };
}

export {
  decodePacket as decodeEioPacket,
  decodePayload as decodeEioPayload,
  encodePacket as encodeEioPacket,
  encodePayload as encodeEioPayload,
};
