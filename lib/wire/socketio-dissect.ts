/**
 * Dissects one Socket.IO v5 packet (the text of an Engine.IO message) into spans: type digit,
 * attachment count, namespace, ack id, JSON data. The parts come from scanSioPacket, the same
 * scanner decodeSioPacket uses; semantic problems (bad JSON, wrong payload shape) come from
 * decodeSioPacket itself.
 */
import { utf8DecodeStrict } from './bytes';
import {
  decodeSioPacket,
  SIO_PACKET_MEANINGS,
  SIO_PACKET_TYPES,
  type SioPacketParts,
  scanSioPacket,
} from './socketio';
import { type Dissection, notText, preview, type Span, utf8Offsets } from './spans';

/** Spans of one packet's text, covering its UTF-8 bytes exactly; `error` when it does not decode. */
export function sioSpans(text: string): { spans: Span[]; error?: string } {
  const byteAt = utf8Offsets(text);
  const total = byteAt(text.length);
  const scan = scanSioPacket(text);
  if (!scan.ok) {
    const spans: Span[] = [];
    if (scan.type) spans.push(typeSpan(scan.type));
    const from = byteAt(scan.at);
    if (total > from) {
      spans.push({
        name: 'undecodable rest',
        offset: from,
        length: total - from,
        value: preview(text.slice(scan.at)),
        problem: scan.error,
      });
    } else if (spans[0]) spans[0].problem = scan.error;
    return { spans, error: scan.error };
  }
  const decoded = decodeSioPacket(text);
  const error = decoded.ok ? undefined : decoded.error;
  const spans = partSpans(text, scan.parts, byteAt, error);
  return error ? { spans, error } : { spans };
}

function typeSpan(type: keyof typeof SIO_PACKET_TYPES): Span {
  return {
    name: 'Socket.IO type',
    offset: 0,
    length: 1,
    value: `${SIO_PACKET_TYPES[type]} ${type}`,
    meaning: SIO_PACKET_MEANINGS[type],
  };
}

function partSpans(
  text: string,
  parts: SioPacketParts,
  byteAt: (charIndex: number) => number,
  error: string | undefined,
): Span[] {
  const range = (r: { start: number; end: number }) => {
    const offset = byteAt(r.start);
    return { offset, length: byteAt(r.end) - offset };
  };
  const spans: Span[] = [typeSpan(parts.type)];
  if (parts.attachments) {
    spans.push({
      name: 'attachments',
      ...range(parts.attachments),
      value: String(parts.attachments.count),
      meaning: 'binary messages that follow this packet, then a "-"',
    });
  }
  const afterAttachments = parts.attachments?.end ?? 1;
  spans.push(
    parts.nsp
      ? { name: 'namespace', ...range(parts.nsp), value: parts.nsp.name, meaning: 'then a ","' }
      : {
          name: 'namespace',
          offset: byteAt(afterAttachments),
          length: 0,
          value: '/ (default, not sent)',
        },
  );
  if (parts.id) {
    const ack = parts.type === 'ACK' || parts.type === 'BINARY_ACK';
    spans.push({
      name: 'ack id',
      ...range(parts.id),
      value: String(parts.id.value),
      meaning: ack ? 'answers the event with this id' : 'the sender waits for an ACK with this id',
    });
  }
  if (parts.data) {
    const span: Span = {
      name: 'JSON data',
      ...range(parts.data),
      value: preview(text.slice(parts.data.start)),
    };
    if (parts.type === 'EVENT' || parts.type === 'BINARY_EVENT') {
      span.meaning = 'the event name, then its arguments';
    }
    if (error) span.problem = error;
    spans.push(span);
  }
  return spans;
}

/** One Socket.IO packet's bytes (UTF-8 text). Never throws. */
export function dissectSioPacket(bytes: Uint8Array): Dissection {
  const title = 'Socket.IO packet';
  const text = utf8DecodeStrict(bytes);
  if (text === null) {
    return notText(bytes, title, 'not UTF-8 text: a Socket.IO packet is text');
  }
  const { spans, error } = sioSpans(text);
  return error ? { title, bytes, spans, error } : { title, bytes, spans };
}
