/**
 * Dissects Engine.IO v4 packets and polling payloads into spans: the type digit (or the 'b' marker
 * of base64 binary), the data, and the Socket.IO packet a message carries. Packets are read with
 * decodeEioPacket and the payload split at the same record separator decodeEioPayload uses.
 */
import { utf8DecodeStrict } from './bytes';
import {
  BINARY_PREFIX,
  decodeEioPacket,
  EIO_PACKET_MEANINGS,
  EIO_PACKET_TYPES,
  parseOpen,
  RECORD_SEPARATOR,
} from './engineio';
import { decodeSioPacket } from './socketio';
import { sioSpans } from './socketio-dissect';
import { type Dissection, notText, preview, type Span, shiftSpans, utf8Offsets } from './spans';

export interface EioDissectOptions {
  /**
   * Read a message's data as a Socket.IO packet: true = always (its errors show), 'auto' (default)
   * = when it decodes as one, false = never.
   */
  sio?: boolean | 'auto';
}

const RS = RECORD_SEPARATOR.charCodeAt(0);

function dataSpan(
  type: keyof typeof EIO_PACKET_TYPES,
  data: string,
  offset: number,
  length: number,
): Span {
  const span: Span = { name: 'data', offset, length, value: preview(data) };
  if (type === 'open') {
    span.name = 'handshake JSON';
    const open = parseOpen(data);
    if (open.ok) {
      const o = open.packet;
      span.meaning = `session ${o.sid}; upgrades [${o.upgrades.join(', ')}]; ping every ${o.pingInterval} ms, timeout ${o.pingTimeout} ms; max payload ${o.maxPayload} bytes`;
    } else span.problem = open.error;
  } else if ((type === 'ping' || type === 'pong') && data === 'probe') {
    span.meaning =
      type === 'ping'
        ? 'the client probes the new transport before upgrading'
        : 'the server answers the probe: the new transport works';
  } else if (type === 'message') {
    span.name = 'message data';
  }
  return span;
}

/** Spans of one packet's text, covering its UTF-8 bytes exactly; `error` when it does not decode. */
export function eioSpans(
  text: string,
  options: EioDissectOptions = {},
): { spans: Span[]; error?: string } {
  const bytesOf = utf8Offsets(text);
  const total = bytesOf(text.length);
  const decoded = decodeEioPacket(text);
  if (!decoded.ok) {
    const spans: Span[] = total
      ? [
          {
            name: 'Engine.IO packet',
            offset: 0,
            length: total,
            value: preview(text),
            problem: decoded.error,
          },
        ]
      : [];
    return { spans, error: decoded.error };
  }
  const { packet } = decoded;
  if (text.charAt(0) === BINARY_PREFIX) {
    const binary = packet.binary as Uint8Array;
    return {
      spans: [
        {
          name: 'Engine.IO binary marker',
          offset: 0,
          length: 1,
          value: BINARY_PREFIX,
          meaning: 'a binary message, base64 in a text transport (polling)',
        },
        {
          name: 'base64 data',
          offset: 1,
          length: total - 1,
          value: `${text.length - 1} characters, ${binary.length} bytes`,
          derived: {
            title: 'Binary data, base64-decoded',
            bytes: binary,
            spans: binary.length
              ? [
                  {
                    name: 'binary data',
                    offset: 0,
                    length: binary.length,
                    value: `${binary.length} bytes`,
                  },
                ]
              : [],
          },
        },
      ],
    };
  }
  const spans: Span[] = [
    {
      name: 'Engine.IO type',
      offset: 0,
      length: 1,
      value: `${EIO_PACKET_TYPES[packet.type]} ${packet.type}`,
      meaning: EIO_PACKET_MEANINGS[packet.type],
    },
  ];
  const data = packet.data;
  if (data === undefined) return { spans };
  const sioWanted = options.sio ?? 'auto';
  const asSio =
    packet.type === 'message' &&
    (sioWanted === true || (sioWanted === 'auto' && decodeSioPacket(data).ok));
  if (!asSio) {
    spans.push(dataSpan(packet.type, data, 1, total - 1));
    return { spans };
  }
  const sio = sioSpans(data);
  const span: Span = {
    name: 'Socket.IO packet',
    offset: 1,
    length: total - 1,
    value: preview(data),
    meaning: 'Socket.IO v5, inside the Engine.IO message',
    children: shiftSpans(sio.spans, 1),
  };
  if (sio.error) span.problem = sio.error;
  spans.push(span);
  return sio.error ? { spans, error: sio.error } : { spans };
}

/** One text packet as sent in a WebSocket text frame ('4hello', '2probe', '42["chat"]'). */
export function dissectEioPacket(bytes: Uint8Array, options: EioDissectOptions = {}): Dissection {
  const title = 'Engine.IO packet';
  const text = utf8DecodeStrict(bytes);
  if (text === null) return notText(bytes, title, 'not UTF-8 text');
  const { spans, error } = eioSpans(text, options);
  return error ? { title, bytes, spans, error } : { title, bytes, spans };
}

/**
 * A binary WebSocket message on an Engine.IO connection: a message packet with no type byte. When
 * it is a Socket.IO attachment, `attachment` says which.
 */
export function dissectEioBinary(
  bytes: Uint8Array,
  attachment?: { index: number; total: number },
): Dissection {
  const span: Span = {
    name: 'binary message',
    offset: 0,
    length: bytes.length,
    value: `${bytes.length} bytes`,
    meaning: attachment
      ? `Socket.IO attachment ${attachment.index + 1} of ${attachment.total}: it replaces placeholder num ${attachment.index}`
      : 'Engine.IO message packet: over WebSocket, binary data carries no type byte',
  };
  return { title: 'Engine.IO binary message', bytes, spans: bytes.length ? [span] : [] };
}

/** A polling body: packets separated by the record separator 0x1e. */
export function dissectEioPayload(bytes: Uint8Array, options: EioDissectOptions = {}): Dissection {
  const title = 'Engine.IO payload';
  if (utf8DecodeStrict(bytes) === null) return notText(bytes, title, 'not UTF-8 text');
  const spans: Span[] = [];
  const errors: string[] = [];
  let start = 0;
  let n = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== RS) continue;
    n += 1;
    const text = utf8DecodeStrict(bytes.subarray(start, i)) as string;
    const inner = eioSpans(text, options);
    const span: Span = {
      name: `packet ${n}`,
      offset: start,
      length: i - start,
      value: preview(text),
      children: shiftSpans(inner.spans, start),
    };
    if (inner.error) {
      span.problem = inner.error;
      errors.push(`packet ${n}: ${inner.error}`);
    }
    spans.push(span);
    if (i < bytes.length) {
      spans.push({
        name: 'record separator',
        offset: i,
        length: 1,
        value: '0x1e',
        meaning: 'separates packets in a polling payload (Engine.IO v4)',
      });
    }
    start = i + 1;
  }
  if (bytes.length === 0) return { title, bytes, spans: [] };
  return errors.length
    ? { title, bytes, spans, error: errors.join('; ') }
    : { title, bytes, spans };
}
