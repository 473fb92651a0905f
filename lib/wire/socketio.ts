/**
 * Socket.IO v5 packets (socket.io's docs/socket.io-protocol/v5-current.md), carried in Engine.IO
 * message packets:
 *
 *   <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]
 *   2["hello",1]   2/admin,456["project:delete",123]   451-["hello",{"_placeholder":true,"num":0}]
 *
 * Decoding never throws: failures are values with a specific message.
 */
import type { SioPacketType } from './types';

export type { SioPacketType } from './types';

export const SIO_PACKET_TYPES = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const satisfies Record<SioPacketType, number>;

/** What each packet type means (Socket.IO v5 protocol, "Packet types"). */
export const SIO_PACKET_MEANINGS = {
  CONNECT: 'join a namespace (the server answers with the Socket.IO sid)',
  DISCONNECT: 'leave a namespace',
  EVENT: 'an emitted event: [name, ...args]',
  ACK: 'the answer to an event that asked for an acknowledgement',
  CONNECT_ERROR: 'the namespace refused the connection',
  BINARY_EVENT: 'an event with binary attachments sent as separate messages',
  BINARY_ACK: 'an acknowledgement with binary attachments',
} as const satisfies Record<SioPacketType, string>;

const TYPE_BY_DIGIT: Record<string, SioPacketType> = Object.fromEntries(
  Object.entries(SIO_PACKET_TYPES).map(([name, digit]) => [String(digit), name as SioPacketType]),
);

/** Event names the server reserves; a packet using one is refused (socket.io-parser RESERVED_EVENTS). */
export const RESERVED_EVENTS = [
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
] as const;

export const SIO_PROTOCOL_VERSION = 5;

export interface SioPacket {
  type: SioPacketType;
  /** '/' when absent on the wire. */
  nsp: string;
  id?: number;
  data?: unknown;
  /** BINARY_EVENT / BINARY_ACK: how many binary attachments follow. */
  attachments?: number;
}

export type SioResult<T> = { ok: true; packet: T } | { ok: false; error: string };

export interface Placeholder {
  _placeholder: true;
  num: number;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)._placeholder === true &&
    typeof (value as Record<string, unknown>).num === 'number'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function encodePacket(packet: SioPacket): string {
  let out = String(SIO_PACKET_TYPES[packet.type]);
  if (packet.type === 'BINARY_EVENT' || packet.type === 'BINARY_ACK')
    out += `${packet.attachments ?? 0}-`;
  if (packet.nsp && packet.nsp !== '/') out += `${packet.nsp},`;
  if (packet.id !== undefined) out += String(packet.id);
  if (packet.data !== undefined) out += JSON.stringify(packet.data);
  return out;
}

/** What the data must be for each type; null when fine, else the reason. */
function checkData(type: SioPacketType, data: unknown, present: boolean): string | null {
  switch (type) {
    case 'CONNECT':
      return !present || isObject(data) ? null : 'CONNECT payload is not an object';
    case 'DISCONNECT':
      return present ? 'DISCONNECT carries no payload' : null;
    case 'CONNECT_ERROR':
      return !present || isObject(data) || typeof data === 'string'
        ? null
        : 'CONNECT_ERROR payload is not an object';
    case 'EVENT':
    case 'BINARY_EVENT': {
      if (!present || !Array.isArray(data) || data.length === 0) {
        return `${type} payload is not a non-empty array [eventName, ...args]`;
      }
      const name = data[0];
      if (typeof name !== 'string' && typeof name !== 'number')
        return `${type} event name is not a string`;
      if ((RESERVED_EVENTS as readonly unknown[]).includes(name))
        return `"${name}" is a reserved event name`;
      return null;
    }
    case 'ACK':
    case 'BINARY_ACK':
      return present && Array.isArray(data) ? null : `${type} payload is not an array`;
  }
}

/** Character range [start, end) of one part of an encoded packet. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Where each part of an encoded packet is: the grammar, shared by decodePacket and the dissector.
 * Ranges are character indices into the text; a part not sent has no range.
 */
export interface SioPacketParts {
  type: SioPacketType;
  /** BINARY_*: the count and its '-'. */
  attachments?: TextRange & { count: number };
  /** '/admin,': the namespace and its ','. */
  nsp?: TextRange & { name: string };
  id?: TextRange & { value: number };
  /** The JSON text, to the end of the packet. */
  data?: TextRange;
}

export type SioScan =
  | { ok: true; parts: SioPacketParts }
  /** `type` when the first character was a type digit; `at` is where the problem is. */
  | { ok: false; error: string; type?: SioPacketType; at: number };

/** Splits `<type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]` without parsing the JSON. */
export function scanPacket(text: string): SioScan {
  const type = TYPE_BY_DIGIT[text.charAt(0)];
  if (type === undefined) {
    const shown = text.length ? JSON.stringify(text.charAt(0)) : 'missing';
    return { ok: false, error: `Socket.IO packet type ${shown} is not 0-6`, at: 0 };
  }
  let i = 1;
  const parts: SioPacketParts = { type };
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const dash = text.indexOf('-', i);
    const count = dash < 0 ? '' : text.slice(i, dash);
    if (!/^\d{1,6}$/.test(count))
      return { ok: false, error: `${type} has no "<attachments>-" count`, type, at: i };
    parts.attachments = { start: i, end: dash + 1, count: Number(count) };
    i = dash + 1;
  }
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    parts.nsp = { start: i, end: comma < 0 ? end : comma + 1, name: text.slice(i, end) };
    i = parts.nsp.end;
  }
  const idMatch = /^\d+/.exec(text.slice(i));
  if (idMatch) {
    if (idMatch[0].length > 15)
      return { ok: false, error: 'ack id is longer than 15 digits', type, at: i };
    parts.id = { start: i, end: i + idMatch[0].length, value: Number(idMatch[0]) };
    i = parts.id.end;
  }
  if (i < text.length) parts.data = { start: i, end: text.length };
  return { ok: true, parts };
}

export function decodePacket(text: string): SioResult<SioPacket> {
  const scan = scanPacket(text);
  if (!scan.ok) return { ok: false, error: scan.error };
  const { type, attachments, nsp, id, data: range } = scan.parts;
  const packet: SioPacket = { type, nsp: nsp?.name ?? '/' };
  if (attachments) packet.attachments = attachments.count;
  if (id) packet.id = id.value;
  const rest = range ? text.slice(range.start) : '';
  let data: unknown;
  if (rest !== '') {
    try {
      data = JSON.parse(rest);
    } catch {
      return {
        ok: false,
        error: `${type} payload is not JSON: ${JSON.stringify(rest.slice(0, 40))}`,
      };
    }
  }
  const problem = checkData(type, data, rest !== '');
  if (problem) return { ok: false, error: problem };
  if (rest !== '') packet.data = data;
  return { ok: true, packet };
}

/** Replaces binary values with placeholders for encoding: returns the packet to send and its attachments. */
export function deconstructPacket(packet: SioPacket): { packet: SioPacket; buffers: Uint8Array[] } {
  const buffers: Uint8Array[] = [];
  const walk = (value: unknown): unknown => {
    if (value instanceof Uint8Array) {
      buffers.push(value);
      return { _placeholder: true, num: buffers.length - 1 };
    }
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const data = walk(packet.data);
  const out: SioPacket = { ...packet, data };
  if (buffers.length > 0) {
    out.type =
      packet.type === 'ACK' || packet.type === 'BINARY_ACK' ? 'BINARY_ACK' : 'BINARY_EVENT';
    out.attachments = buffers.length;
  }
  return { packet: out, buffers };
}

/** Puts attachments back where the placeholders are; a placeholder without its attachment is an error. */
export function reconstructPacket(
  packet: SioPacket,
  buffers: readonly Uint8Array[],
): SioResult<SioPacket> {
  let missing: number | null = null;
  const walk = (value: unknown): unknown => {
    if (isPlaceholder(value)) {
      const buffer = buffers[value.num];
      if (!buffer) missing = value.num;
      return buffer;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const data = walk(packet.data);
  if (missing !== null) return { ok: false, error: `placeholder num ${missing} has no attachment` };
  const { attachments: _, ...rest } = packet;
  return { ok: true, packet: { ...rest, data } };
}

/**
 * Collects the binary attachments that follow a BINARY_EVENT / BINARY_ACK packet and, once all
 * `attachments` have arrived, returns the packet with the placeholders replaced.
 */
export class BinaryReconstructor {
  private readonly buffers: Uint8Array[] = [];

  constructor(readonly packet: SioPacket) {}

  get expected(): number {
    return this.packet.attachments ?? 0;
  }

  get received(): number {
    return this.buffers.length;
  }

  /** Adds one attachment; returns the finished packet after the last one, null before. */
  takeBinaryData(data: Uint8Array): SioResult<SioPacket> | null {
    this.buffers.push(data);
    if (this.buffers.length < this.expected) return null;
    return reconstructPacket(this.packet, this.buffers);
  }
}

export {
  decodePacket as decodeSioPacket,
  encodePacket as encodeSioPacket,
  scanPacket as scanSioPacket,
};
