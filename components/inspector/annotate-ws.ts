/**
 * Annotates one RFC 6455 frame from its raw wire bytes: FIN, RSV1-3, opcode, MASK, the 7-bit length
 * and its 16/64-bit extension, the masking key and the (masked) payload — and, as a second dump, the
 * unmasked payload computed here from the raw bytes and the key.
 */
import { utf8DecodeStrict } from '@/lib/wire/bytes';
import { opcodeName } from '@/lib/wire/ws-constants';
import { applyMask } from '@/lib/wire/ws-frame';
import { annotateEioText } from './annotate-eio';
import { type Annotated, type ByteField, bitString } from './fields';

const OPCODE_MEANING: Record<string, string> = {
  continuation: 'continues a fragmented message',
  text: 'text message (UTF-8)',
  binary: 'binary message',
  close: 'close (control frame)',
  ping: 'ping (control frame)',
  pong: 'pong (control frame)',
  reserved: 'reserved opcode: a protocol error unless an extension defines it',
};

export interface WsAnnotation {
  frame: Annotated;
  /** The payload after unmasking (the same bytes when the frame is not masked). */
  payload: Annotated | null;
  error?: string;
}

function u64(bytes: Uint8Array, at: number): number {
  let n = 0;
  for (let i = 0; i < 8; i++) n = n * 256 + (bytes[at + i] as number);
  return n;
}

export function annotateWsFrame(raw: Uint8Array): WsAnnotation {
  const fields: ByteField[] = [];
  const frame: Annotated = { title: 'Frame on the wire', bytes: raw, fields };
  if (raw.length < 2)
    return { frame, payload: null, error: 'fewer than 2 bytes: not a whole frame header' };
  const b0 = raw[0] as number;
  const b1 = raw[1] as number;
  const opcode = b0 & 0x0f;
  const name = opcodeName(opcode);
  const bit = (byte: number, n: number) => ((byte >> n) & 1 ? '1' : '0');
  fields.push(
    {
      id: 'fin',
      start: 0,
      end: 1,
      name: 'FIN',
      value: bit(b0, 7),
      bits: bitString(b0, 0x80),
      region: 0,
      meaning: b0 & 0x80 ? 'final fragment of the message' : 'more fragments follow',
    },
    {
      id: 'rsv1',
      start: 0,
      end: 1,
      name: 'RSV1',
      value: bit(b0, 6),
      bits: bitString(b0, 0x40),
      region: 0,
      meaning: b0 & 0x40 ? 'set: compressed (permessage-deflate)' : 'not set: no extension in use',
    },
    {
      id: 'rsv2',
      start: 0,
      end: 1,
      name: 'RSV2',
      value: bit(b0, 5),
      bits: bitString(b0, 0x20),
      region: 0,
      meaning: 'reserved for extensions',
    },
    {
      id: 'rsv3',
      start: 0,
      end: 1,
      name: 'RSV3',
      value: bit(b0, 4),
      bits: bitString(b0, 0x10),
      region: 0,
      meaning: 'reserved for extensions',
    },
    {
      id: 'opcode',
      start: 0,
      end: 1,
      name: 'opcode',
      value: `0x${opcode.toString(16)} ${name}`,
      bits: bitString(b0, 0x0f),
      region: 0,
      meaning: OPCODE_MEANING[name] ?? '',
    },
  );
  const masked = (b1 & 0x80) !== 0;
  const len7 = b1 & 0x7f;
  fields.push({
    id: 'mask-bit',
    start: 1,
    end: 2,
    name: 'MASK',
    value: masked ? '1' : '0',
    bits: bitString(b1, 0x80),
    region: 1,
    meaning: masked
      ? 'payload is masked (client to server, RFC 6455 §5.3)'
      : 'not masked (server to client)',
  });
  let at = 2;
  let length = len7;
  if (len7 < 126) {
    fields.push({
      id: 'len7',
      start: 1,
      end: 2,
      name: 'payload length',
      value: `${len7} bytes (7-bit)`,
      bits: bitString(b1, 0x7f),
      region: 1,
      meaning: 'lengths up to 125 fit in the 7 bits',
    });
  } else {
    const extBytes = len7 === 126 ? 2 : 8;
    fields.push({
      id: 'len7',
      start: 1,
      end: 2,
      name: 'payload length',
      value: `${len7}: ${extBytes === 2 ? '16' : '64'}-bit length follows`,
      bits: bitString(b1, 0x7f),
      region: 1,
      meaning:
        len7 === 126
          ? '126 = the next 2 bytes hold the length'
          : '127 = the next 8 bytes hold the length',
    });
    if (raw.length < 2 + extBytes)
      return { frame, payload: null, error: 'truncated extended length' };
    length = extBytes === 2 ? ((raw[2] as number) << 8) | (raw[3] as number) : u64(raw, 2);
    fields.push({
      id: 'len-ext',
      start: 2,
      end: 2 + extBytes,
      name: `extended payload length (${extBytes === 2 ? 16 : 64}-bit)`,
      value: `${length} bytes`,
      region: 2,
      meaning: 'network byte order (big-endian)',
    });
    at = 2 + extBytes;
  }
  let key: Uint8Array | null = null;
  if (masked) {
    if (raw.length < at + 4) return { frame, payload: null, error: 'truncated masking key' };
    key = raw.slice(at, at + 4);
    fields.push({
      id: 'mask-key',
      start: at,
      end: at + 4,
      name: 'masking key',
      value: [...key].map((b) => b.toString(16).padStart(2, '0')).join(' '),
      region: 3,
      meaning: 'random per frame; payload byte i is XORed with key[i mod 4]',
    });
    at += 4;
  }
  fields.push({
    id: 'header-size',
    start: 0,
    end: at,
    name: 'header size',
    value: `${at} bytes`,
    region: 0,
    meaning: 'between 2 and 14 bytes',
  });
  const end = Math.min(raw.length, at + length);
  const wire = raw.slice(at, end);
  if (length > 0) {
    fields.push({
      id: 'payload',
      start: at,
      end,
      name: masked ? 'masked payload' : 'payload',
      value: `${length} bytes${masked ? ' (XORed with the key)' : ''}`,
      region: 4,
      meaning: masked ? 'unmasked below' : 'sent as is',
    });
  }
  const error = end - at < length ? `frame has ${end - at} of ${length} payload bytes` : undefined;
  const plain = key ? applyMask(wire, key) : wire;
  const payload = annotatePayload(name, plain, masked);
  return error ? { frame, payload, error } : { frame, payload };
}

function annotatePayload(name: string, plain: Uint8Array, masked: boolean): Annotated | null {
  const title = masked ? 'Payload, unmasked (computed in this page)' : 'Payload';
  const fields: ByteField[] = [];
  if (name === 'close') {
    if (plain.length >= 2) {
      const code = ((plain[0] as number) << 8) | (plain[1] as number);
      fields.push({
        id: 'close-code',
        start: 0,
        end: 2,
        name: 'close code',
        value: String(code),
        region: 5,
        meaning: closeMeaning(code),
      });
      if (plain.length > 2) {
        fields.push({
          id: 'close-reason',
          start: 2,
          end: plain.length,
          name: 'close reason',
          value: JSON.stringify(utf8DecodeStrict(plain.slice(2)) ?? '(invalid UTF-8)'),
          region: 6,
        });
      }
    }
    return { title, bytes: plain, fields };
  }
  if (plain.length === 0) return null;
  const text =
    name === 'text' || name === 'ping' || name === 'pong' ? utf8DecodeStrict(plain) : null;
  if (text !== null && text.length > 0 && /^[0-6]/.test(text) && name === 'text') {
    const eio = annotateEioText(text, 0, 5);
    if (eio.length > 0) {
      fields.push({
        id: 'payload-text',
        start: 0,
        end: plain.length,
        name: 'payload text',
        value: JSON.stringify(text),
        region: 5,
      });
      fields.push(...eio);
      return { title, bytes: plain, fields };
    }
  }
  fields.push({
    id: 'payload-text',
    start: 0,
    end: plain.length,
    name: text !== null ? 'payload text' : 'payload bytes',
    value: text !== null ? JSON.stringify(text) : `${plain.length} bytes`,
    region: 5,
    meaning: text !== null ? 'UTF-8' : undefined,
  });
  return { title, bytes: plain, fields };
}

function closeMeaning(code: number): string {
  const known: Record<number, string> = {
    1000: 'normal closure',
    1001: 'going away',
    1002: 'protocol error',
    1003: 'unsupported data',
    1007: 'invalid payload data',
    1008: 'policy violation',
    1009: 'message too big',
    1010: 'mandatory extension',
    1011: 'internal error',
  };
  return `${known[code] ?? (code >= 3000 ? 'application-defined' : 'other')} (RFC 6455 §7.4.1)`;
}
