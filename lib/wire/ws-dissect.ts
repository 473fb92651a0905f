/**
 * Dissects one RFC 6455 frame into spans: the header's bit fields (FIN, RSV1-3, opcode, MASK, the
 * 7-bit length), the extended length, the masking key and the payload; the unmasked payload is a
 * derived dissection (close code and reason, or text, or whatever `options.payload` reads there).
 * The header is read by readFrameHeader, the same function the FrameDecoder and the edge use.
 */
import { toHex, utf8DecodeStrict } from './bytes';
import { type Dissection, preview, type Span } from './spans';
import { closeCodeMeaning, isControlOpcode, opcodeName, WS_OPCODE_MEANINGS } from './ws-constants';
import { applyMask } from './ws-frame';
import { type FrameHeader, type FrameStart, readFrameHeader } from './ws-header';

export interface WsDissectOptions {
  /**
   * Reads a data frame's unmasked payload as the protocol it carries (an Engine.IO packet, say):
   * spans covering `plain` exactly, or null when it is not that protocol.
   */
  payload?: (plain: Uint8Array, header: FrameHeader) => Dissection | null;
}

const bit = (on: boolean) => (on ? '1' : '0');

/** 0, 2 or 8: the bytes after byte 1 that hold a 16- or 64-bit length. */
function extendedLengthBytes(s: FrameStart): number {
  return s.headerLength - 2 - (s.masked ? 4 : 0);
}

/** The fields of bytes 0 and 1, as bit spans. */
function startSpans(s: FrameStart): Span[] {
  const name = opcodeName(s.opcode);
  const len7: Span = {
    name: 'payload length',
    offset: 1,
    length: 1,
    bits: { offset: 1, width: 7 },
    value:
      s.lengthBits === 7
        ? `${s.length7} bytes (7-bit)`
        : `${s.length7}: ${s.lengthBits}-bit length follows`,
    meaning:
      s.lengthBits === 7
        ? 'lengths up to 125 fit in the 7 bits (RFC 6455 §5.2)'
        : `${s.length7} = the next ${s.lengthBits / 8} bytes hold the length (RFC 6455 §5.2)`,
  };
  return [
    {
      name: 'FIN',
      offset: 0,
      length: 1,
      bits: { offset: 0, width: 1 },
      value: bit(s.fin),
      meaning: s.fin
        ? 'final fragment of the message (RFC 6455 §5.2)'
        : 'more fragments follow (RFC 6455 §5.4)',
    },
    {
      name: 'RSV1',
      offset: 0,
      length: 1,
      bits: { offset: 1, width: 1 },
      value: bit(s.rsv1),
      meaning: s.rsv1
        ? 'set: the message is compressed (permessage-deflate, RFC 7692 §6)'
        : 'not set: no extension in use (RFC 6455 §5.2)',
    },
    {
      name: 'RSV2',
      offset: 0,
      length: 1,
      bits: { offset: 2, width: 1 },
      value: bit(s.rsv2),
      meaning: 'reserved for extensions (RFC 6455 §5.2)',
    },
    {
      name: 'RSV3',
      offset: 0,
      length: 1,
      bits: { offset: 3, width: 1 },
      value: bit(s.rsv3),
      meaning: 'reserved for extensions (RFC 6455 §5.2)',
    },
    {
      name: 'opcode',
      offset: 0,
      length: 1,
      bits: { offset: 4, width: 4 },
      value: `0x${s.opcode.toString(16)} ${name}`,
      meaning: WS_OPCODE_MEANINGS[name],
    },
    {
      name: 'MASK',
      offset: 1,
      length: 1,
      bits: { offset: 0, width: 1 },
      value: bit(s.masked),
      meaning: s.masked
        ? 'payload is masked (client to server, RFC 6455 §5.3)'
        : 'not masked (server to client, RFC 6455 §5.1)',
    },
    len7,
  ];
}

function headerSpan(length: number, children: Span[], problem?: string): Span {
  const span: Span = {
    name: 'header',
    offset: 0,
    length,
    value: `${length} bytes`,
    meaning: 'between 2 and 14 bytes (RFC 6455 §5.2)',
    children,
  };
  if (problem) span.problem = problem;
  return span;
}

/** The close frame's payload: 2-byte status code, then a UTF-8 reason (RFC 6455 §5.5.1). */
function closeSpans(plain: Uint8Array): Span[] {
  if (plain.length === 1) {
    return [
      {
        name: 'close code',
        offset: 0,
        length: 1,
        value: '(1 byte)',
        problem: 'a status code takes 2 bytes (RFC 6455 §5.5.1)',
      },
    ];
  }
  const code = ((plain[0] as number) << 8) | (plain[1] as number);
  const spans: Span[] = [
    {
      name: 'close code',
      offset: 0,
      length: 2,
      value: String(code),
      meaning: closeCodeMeaning(code),
    },
  ];
  if (plain.length > 2) {
    const reason = utf8DecodeStrict(plain.subarray(2));
    const span: Span = {
      name: 'close reason',
      offset: 2,
      length: plain.length - 2,
      value: reason === null ? '(invalid UTF-8)' : JSON.stringify(preview(reason)),
      meaning: 'UTF-8, at most 123 bytes (RFC 6455 §5.5)',
    };
    if (reason === null)
      span.problem = 'the reason must be UTF-8 (RFC 6455 §5.5.1): close with 1007';
    spans.push(span);
  }
  return spans;
}

function payloadDissection(
  plain: Uint8Array,
  header: FrameHeader,
  options: WsDissectOptions,
): Dissection | undefined {
  const title = header.masked ? 'Payload, unmasked' : 'Payload';
  const name = opcodeName(header.opcode);
  if (plain.length === 0) return undefined;
  if (name === 'close') return { title, bytes: plain, spans: closeSpans(plain) };
  if (header.rsv1 && !isControlOpcode(header.opcode)) {
    const span: Span = {
      name: 'compressed payload',
      offset: 0,
      length: plain.length,
      value: `${plain.length} bytes of DEFLATE data`,
      meaning: 'permessage-deflate: the whole message inflates to the data (RFC 7692 §7.2.2)',
    };
    return { title, bytes: plain, spans: [span] };
  }
  if (name === 'text' || name === 'binary' || name === 'continuation') {
    const inner = options.payload?.(plain, header);
    if (inner) return { ...inner, title };
  }
  const text = name === 'binary' ? null : utf8DecodeStrict(plain);
  const span: Span =
    text !== null
      ? {
          name: 'payload text',
          offset: 0,
          length: plain.length,
          value: JSON.stringify(preview(text)),
          meaning: 'UTF-8',
        }
      : { name: 'payload bytes', offset: 0, length: plain.length, value: `${plain.length} bytes` };
  if (text === null && name === 'text') {
    span.problem = 'a text frame must carry UTF-8 (RFC 6455 §8.1): close with 1007';
  }
  return { title, bytes: plain, spans: [span] };
}

/** Spans for one frame as it crossed the wire (header + masked payload). Never throws. */
export function dissectWsFrame(raw: Uint8Array, options: WsDissectOptions = {}): Dissection {
  const title = 'Frame on the wire';
  const read = readFrameHeader(raw);
  if (read.type === 'incomplete' && read.start === undefined) {
    const error = 'fewer than 2 bytes: not a whole frame header';
    const spans: Span[] =
      raw.length > 0
        ? [{ name: 'truncated header', offset: 0, length: 1, value: '1 byte', problem: error }]
        : [];
    return { title, bytes: raw, spans, error };
  }
  if (read.type !== 'header') {
    const start = read.start as FrameStart;
    const error =
      read.type === 'error'
        ? read.message
        : raw.length < 2 + extendedLengthBytes(start)
          ? 'truncated extended length'
          : 'truncated masking key';
    const headerBytes = Math.min(raw.length, start.headerLength);
    const spans = [headerSpan(headerBytes, startSpans(start), error)];
    if (raw.length > headerBytes) {
      spans.push({
        name: 'rest',
        offset: headerBytes,
        length: raw.length - headerBytes,
        value: `${raw.length - headerBytes} bytes`,
        meaning: 'not read: the header before them is not valid',
      });
    }
    return { title, bytes: raw, spans, error };
  }
  const { header } = read;
  const children = startSpans(header);
  const extBytes = extendedLengthBytes(header);
  if (extBytes > 0) {
    children.push({
      name: `extended payload length (${header.lengthBits}-bit)`,
      offset: 2,
      length: extBytes,
      value: `${header.payloadLength} bytes`,
      meaning: 'network byte order, big-endian (RFC 6455 §5.2)',
    });
  }
  if (header.maskKey) {
    children.push({
      name: 'masking key',
      offset: header.headerLength - 4,
      length: 4,
      value: toHex(header.maskKey, ' '),
      meaning: 'random per frame; payload byte i is XORed with key[i mod 4] (RFC 6455 §5.3)',
    });
  }
  const spans: Span[] = [headerSpan(header.headerLength, children)];
  const at = header.headerLength;
  const end = Math.min(raw.length, at + header.payloadLength);
  let error: string | undefined;
  if (end > at) {
    const plain = header.maskKey
      ? applyMask(raw.subarray(at, end), header.maskKey)
      : raw.slice(at, end);
    const payload: Span = {
      name: header.masked ? 'masked payload' : 'payload',
      offset: at,
      length: end - at,
      value: `${header.payloadLength} bytes${header.masked ? ' (XORed with the key)' : ''}`,
      meaning: header.masked ? 'unmasked below' : 'sent as is',
    };
    if (end - at < header.payloadLength) {
      error = `frame has ${end - at} of ${header.payloadLength} payload bytes`;
      payload.problem = error;
    }
    const derived = payloadDissection(plain, header, options);
    if (derived) payload.derived = derived;
    spans.push(payload);
  } else if (header.payloadLength > 0) {
    error = `frame has 0 of ${header.payloadLength} payload bytes`;
  }
  if (raw.length > end) {
    error = `${raw.length - end} bytes after the end of the frame`;
    spans.push({
      name: 'bytes after the frame',
      offset: end,
      length: raw.length - end,
      value: `${raw.length - end} bytes`,
      problem: error,
    });
  }
  return error ? { title, bytes: raw, spans, error } : { title, bytes: raw, spans };
}
