/**
 * RFC 6455 §5 frames: an encoder and a streaming decoder that accepts bytes split anywhere.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 */

import { ByteQueue } from './byte-queue';
import { concatBytes, toBase64, toHex, utf8DecodeStrict } from './bytes';
import type { WsFrameInfo } from './types';
import {
  isControlOpcode,
  isValidCloseCode,
  MAX_CONTROL_PAYLOAD,
  opcodeName,
  type WsErrorCloseCode,
} from './ws-constants';
import { MAX_HEADER_LENGTH, readFrameHeader } from './ws-header';

export interface FrameInput {
  /** Defaults to true. */
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  /** 4-byte masking key; present = masked (client-to-server frames). */
  mask?: Uint8Array;
  payload: Uint8Array;
}

export type FrameItem =
  | {
      type: 'frame';
      /** Exactly the mirror's WsFrameInfo (payload unmasked, base64). */
      frame: WsFrameInfo;
      /** The unmasked payload bytes (same content as frame.payload). */
      payload: Uint8Array;
      /** The whole frame as on the wire: header + (masked) payload. */
      raw: Uint8Array;
    }
  | { type: 'error'; message: string; raw: Uint8Array; closeCode: WsErrorCloseCode };

export interface FrameDecoderOptions {
  /** Largest payload accepted in one frame; larger fails with 1009. Default 16 MiB. */
  maxPayload?: number;
  /** permessage-deflate (RFC 7692) negotiated: RSV1 is allowed on a message's first frame. */
  extensionsNegotiated?: boolean;
  /** true: frames must be masked (server side); false: must not be (client side); unset: no check. */
  requireMask?: boolean;
}

export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

/** XORs payload with the 4-byte key into a new array (masking and unmasking are the same). */
export function applyMask(payload: Uint8Array, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) {
    out[i] = (payload[i] as number) ^ (mask[i & 3] as number);
  }
  return out;
}

export function encodeFrame(input: FrameInput): Uint8Array {
  const { payload, mask } = input;
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = new Uint8Array(2 + lengthBytes + (mask ? 4 : 0));
  header[0] =
    ((input.fin ?? true) ? 0x80 : 0) |
    (input.rsv1 ? 0x40 : 0) |
    (input.rsv2 ? 0x20 : 0) |
    (input.rsv3 ? 0x10 : 0) |
    (input.opcode & 0x0f);
  const maskBit = mask ? 0x80 : 0;
  if (lengthBytes === 0) {
    header[1] = maskBit | length;
  } else if (lengthBytes === 2) {
    header[1] = maskBit | 126; // 16-bit length follows
    header[2] = length >>> 8;
    header[3] = length & 0xff;
  } else {
    header[1] = maskBit | 127; // 64-bit length follows
    const high = Math.floor(length / 0x100000000);
    const low = length >>> 0;
    for (let i = 0; i < 4; i++) {
      header[2 + i] = (high >>> (24 - 8 * i)) & 0xff;
      header[6 + i] = (low >>> (24 - 8 * i)) & 0xff;
    }
  }
  if (mask) header.set(mask.subarray(0, 4), header.length - 4);
  return concatBytes([header, mask ? applyMask(payload, mask) : payload]);
}

/** Close frame payload: 2-byte status code (big-endian) + UTF-8 reason (RFC 6455 §5.5.1). */
export function encodeClosePayload(code?: number, reason = ''): Uint8Array {
  if (code === undefined) return new Uint8Array(0);
  const text = new TextEncoder().encode(reason);
  const out = new Uint8Array(2 + text.length);
  out[0] = code >>> 8;
  out[1] = code & 0xff;
  out.set(text, 2);
  return out;
}

type CloseParse =
  | { close: { code?: number; reason: string } }
  | { error: string; closeCode: WsErrorCloseCode };

export function parseClosePayload(payload: Uint8Array): CloseParse {
  if (payload.length === 0) return { close: { reason: '' } };
  if (payload.length === 1) {
    return { error: 'close payload of 1 byte: a status code needs 2', closeCode: 1002 };
  }
  const code = ((payload[0] as number) << 8) | (payload[1] as number);
  if (!isValidCloseCode(code)) {
    return { error: `invalid close code ${code} (RFC 6455 §7.4)`, closeCode: 1002 };
  }
  const reason = utf8DecodeStrict(payload.subarray(2));
  if (reason === null) return { error: 'close reason is not valid UTF-8', closeCode: 1007 };
  return { close: { code, reason } };
}

export class FrameDecoder {
  private readonly queue = new ByteQueue();
  private readonly maxPayload: number;
  private readonly extensions: boolean;
  private readonly requireMask: boolean | undefined;
  /** A fragmented data message is open (its first frame had FIN clear). */
  private inMessage = false;
  private failed = false;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.extensions = options.extensionsNegotiated ?? false;
    this.requireMask = options.requireMask;
  }

  /** True once a protocol error was reported; every later byte is reported as an error too. */
  get errored(): boolean {
    return this.failed;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.queue.length;
  }

  push(chunk: Uint8Array): FrameItem[] {
    if (this.failed) {
      if (chunk.length === 0) return [];
      return [
        {
          type: 'error',
          message: 'bytes after a protocol error',
          raw: chunk.slice(),
          closeCode: 1002,
        },
      ];
    }
    this.queue.push(chunk);
    const items: FrameItem[] = [];
    for (;;) {
      const item = this.next();
      if (item === null) break;
      items.push(item);
      if (item.type === 'error') break;
    }
    return items;
  }

  /** Reports bytes still buffered (a truncated frame at end of stream) as an error, if any. */
  end(): FrameItem[] {
    if (this.queue.length === 0) return [];
    const raw = this.queue.takeAll();
    this.failed = true;
    return [
      {
        type: 'error',
        message: `stream ended inside a frame (${raw.length} bytes of an incomplete frame)`,
        raw,
        closeCode: 1002,
      },
    ];
  }

  private fail(message: string, closeCode: WsErrorCloseCode, taken?: Uint8Array): FrameItem {
    this.failed = true;
    const rest = this.queue.takeAll();
    const raw = taken ? concatBytes([taken, rest]) : rest;
    return { type: 'error', message, raw, closeCode };
  }

  private next(): FrameItem | null {
    const q = this.queue;
    if (q.length < 2) return null;
    const read = readFrameHeader(q.peek(MAX_HEADER_LENGTH));
    const start = read.type === 'header' ? read.header : read.start;
    if (start === undefined) return null;
    const { fin, rsv1, rsv2, rsv3, opcode, masked, length7, lengthBits, headerLength } = start;
    const name = opcodeName(opcode);
    const control = isControlOpcode(opcode);

    if (name === 'reserved') {
      return this.fail(`reserved opcode 0x${opcode.toString(16)}`, 1002);
    }
    if (rsv2 || rsv3) {
      return this.fail(`${rsv2 ? 'RSV2' : 'RSV3'} set without a negotiated extension`, 1002);
    }
    if (rsv1) {
      if (!this.extensions) return this.fail('RSV1 set without a negotiated extension', 1002);
      if (control)
        return this.fail(`RSV1 set on a ${name} frame (control frames are never compressed)`, 1002);
      if (opcode === 0)
        return this.fail('RSV1 set on a continuation frame (only a first frame may be)', 1002);
    }
    if (control && !fin)
      return this.fail(`${name} frame is fragmented (FIN clear on a control frame)`, 1002);
    if (control && length7 > MAX_CONTROL_PAYLOAD) {
      return this.fail(`${name} frame payload longer than 125 bytes`, 1002);
    }
    if (opcode === 0 && !this.inMessage)
      return this.fail('continuation frame without a message to continue', 1002);
    if (!control && opcode !== 0 && this.inMessage) {
      return this.fail(`new ${name} frame while a fragmented message is unfinished`, 1002);
    }
    if (this.requireMask === true && !masked)
      return this.fail('client frame is not masked (RFC 6455 §5.1)', 1002);
    if (this.requireMask === false && masked)
      return this.fail('server frame is masked (RFC 6455 §5.1)', 1002);

    if (read.type === 'incomplete') return null;
    if (read.type === 'error') return this.fail(read.message, 1002);
    const { payloadLength } = read.header;
    if (payloadLength > this.maxPayload) {
      return this.fail(`payload length ${payloadLength} > max ${this.maxPayload}`, 1009);
    }
    if (q.length < headerLength + payloadLength) return null;

    const raw = q.take(headerLength + payloadLength);
    const maskKey = masked ? raw.subarray(headerLength - 4, headerLength) : undefined;
    const body = raw.subarray(headerLength);
    const payload = maskKey ? applyMask(body, maskKey) : body.slice();

    let close: WsFrameInfo['close'];
    if (opcode === 0x8) {
      const parsed = parseClosePayload(payload);
      if ('error' in parsed) return this.fail(parsed.error, parsed.closeCode, raw);
      close = parsed.close;
    }
    if (!control) this.inMessage = !fin;

    const frame: WsFrameInfo = {
      fin,
      rsv1,
      rsv2,
      rsv3,
      opcode,
      opcodeName: name,
      masked,
      payloadLength,
      lengthBits,
      headerLength,
      payload: toBase64(payload),
    };
    if (maskKey) frame.maskKey = toHex(maskKey);
    if (close) frame.close = close;
    if (rsv1 && this.extensions && (opcode === 0x1 || opcode === 0x2)) frame.compressed = true;
    return { type: 'frame', frame, payload, raw };
  }
}
