/**
 * The one RFC 6455 §5.2 frame-header reader. The streaming FrameDecoder, the dissector the inspector
 * renders (dissectWsFrame) and the edge's frame cutter all call readFrameHeader, so the three cannot
 * disagree about where a frame's header, length or payload is.
 *
 *   byte 0: FIN RSV1 RSV2 RSV3 opcode(4)    byte 1: MASK payload-len(7)
 *   then 2 bytes (len7 = 126) or 8 bytes (len7 = 127) of extended length, big-endian,
 *   then the 4-byte masking key when MASK is set.
 *
 * It reads grammar only: whether a reserved opcode or an RSV bit is allowed depends on the
 * connection (extensions, an open fragmented message), which the FrameDecoder checks.
 */

/** What the first two bytes say (enough to know how long the whole header is). */
export interface FrameStart {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  /** 0x0-0xf; names in ws-constants.ts. */
  opcode: number;
  masked: boolean;
  /** The 7-bit length field as sent: 0-125 is the length, 126 / 127 announce a 16 / 64-bit one. */
  length7: number;
  lengthBits: 7 | 16 | 64;
  /** 2 + extended length bytes (0, 2 or 8) + masking key (0 or 4): 2 to 14. */
  headerLength: number;
}

export interface FrameHeader extends FrameStart {
  /**
   * Payload bytes after the header. A 64-bit length above 2^53 − 1 is not exact as a number
   * (Number.isSafeInteger tells); no real peer sends one, and callers refuse it.
   */
  payloadLength: number;
  /** The 4 masking-key bytes: a view into the input, valid while the input is. */
  maskKey?: Uint8Array;
}

export type FrameHeaderRead =
  | { type: 'header'; header: FrameHeader }
  /** Not enough bytes yet: `need` is the header's whole length (2 until byte 1 is known). */
  | { type: 'incomplete'; need: number; start?: FrameStart }
  /** The bytes cannot be a frame header (64-bit length with its top bit set, RFC 6455 §5.2). */
  | { type: 'error'; message: string; start: FrameStart };

/** Longest possible header: 2 + 8 (64-bit length) + 4 (masking key). */
export const MAX_HEADER_LENGTH = 14;

/**
 * The whole header's length from byte 1 alone: 2 + extended length (0, 2 or 8) + masking key (0 or
 * 4). Allocates nothing: hot paths (the edge follows every frame of every connection) read a
 * header in place with this and payloadLengthAt.
 */
export function headerLengthOf(b1: number): number {
  const length7 = b1 & 0x7f;
  return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + ((b1 & 0x80) !== 0 ? 4 : 0);
}

/**
 * The payload length of the frame whose whole header starts at `offset` (the caller made sure it
 * is all there); -1 for a 64-bit length with its most significant bit set (RFC 6455 §5.2).
 * Above 2^53 − 1 the number is not exact (Number.isSafeInteger tells).
 */
export function payloadLengthAt(bytes: Uint8Array, offset: number): number {
  const length7 = (bytes[offset + 1] as number) & 0x7f;
  const at = offset + 2;
  if (length7 === 126) return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
  if (length7 !== 127) return length7;
  if (((bytes[at] as number) & 0x80) !== 0) return -1;
  let high = 0;
  for (let k = 0; k < 4; k++) high = high * 256 + (bytes[at + k] as number);
  let low = 0;
  for (let k = 4; k < 8; k++) low = low * 256 + (bytes[at + k] as number);
  return high * 0x100000000 + low;
}

/** Decodes bytes 0 and 1 of a frame. */
export function readFrameStart(b0: number, b1: number): FrameStart {
  const masked = (b1 & 0x80) !== 0;
  const length7 = b1 & 0x7f;
  const lengthBits: 7 | 16 | 64 = length7 === 126 ? 16 : length7 === 127 ? 64 : 7;
  return {
    fin: (b0 & 0x80) !== 0,
    rsv1: (b0 & 0x40) !== 0,
    rsv2: (b0 & 0x20) !== 0,
    rsv3: (b0 & 0x10) !== 0,
    opcode: b0 & 0x0f,
    masked,
    length7,
    lengthBits,
    headerLength: headerLengthOf(b1),
  };
}

/**
 * Reads the frame header at `offset` in `bytes[offset, end)`. Never throws; never reads past `end`.
 */
export function readFrameHeader(
  bytes: Uint8Array,
  offset = 0,
  end = bytes.length,
): FrameHeaderRead {
  if (end - offset < 2) return { type: 'incomplete', need: 2 };
  const start = readFrameStart(bytes[offset] as number, bytes[offset + 1] as number);
  if (end - offset < start.headerLength) {
    return { type: 'incomplete', need: start.headerLength, start };
  }
  const payloadLength = payloadLengthAt(bytes, offset);
  if (payloadLength < 0) {
    return {
      type: 'error',
      message: '64-bit payload length has its most significant bit set',
      start,
    };
  }
  const header: FrameHeader = { ...start, payloadLength };
  if (start.masked) {
    const keyAt = offset + start.headerLength - 4;
    header.maskKey = bytes.subarray(keyAt, keyAt + 4);
  }
  return { type: 'header', header };
}
