/** RFC 6455 wire constants: opcodes as a table next to a literal union, close codes, limits. */
import type { WsOpcodeName } from './types';

export const WS_OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  // 0x3-0x7 reserved for further non-control frames
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
  // 0xb-0xf reserved for further control frames
} as const;

export type WsOpcode = (typeof WS_OPCODES)[keyof typeof WS_OPCODES];

export function opcodeName(opcode: number): WsOpcodeName {
  switch (opcode) {
    case 0x0:
      return 'continuation';
    case 0x1:
      return 'text';
    case 0x2:
      return 'binary';
    case 0x8:
      return 'close';
    case 0x9:
      return 'ping';
    case 0xa:
      return 'pong';
    default:
      return 'reserved';
  }
}

/** What each opcode means, for dissectors (RFC 6455 §5.2, control frames §5.5, data frames §5.6). */
export const WS_OPCODE_MEANINGS = {
  continuation: 'continues a fragmented message (RFC 6455 §5.4)',
  text: 'text message, UTF-8 (RFC 6455 §5.6)',
  binary: 'binary message (RFC 6455 §5.6)',
  close: 'close (control frame, RFC 6455 §5.5.1)',
  ping: 'ping (control frame, RFC 6455 §5.5.2)',
  pong: 'pong (control frame, RFC 6455 §5.5.3)',
  reserved: 'reserved opcode: a protocol error unless an extension defines it (RFC 6455 §5.2)',
} as const satisfies Record<WsOpcodeName, string>;

/** Opcodes with the high bit set (0x8-0xf) are control frames (RFC 6455 §5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** Control frames carry at most 125 payload bytes (RFC 6455 §5.5). */
export const MAX_CONTROL_PAYLOAD = 125;

/** The close codes a decoder reports with its errors (RFC 6455 §7.4.1). */
export const WS_CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005, // never on the wire
  abnormal: 1006, // never on the wire
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  mandatoryExtension: 1010,
  internalError: 1011,
} as const;

export type WsErrorCloseCode = 1002 | 1007 | 1009;

/** What the defined status codes mean (RFC 6455 §7.4.1, 1012-1014 from the IANA registry). */
export const WS_CLOSE_CODE_MEANINGS: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away (page left, server shutting down)',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code was present (never sent on the wire)',
  1006: 'closed abnormally, without a close frame (never sent on the wire)',
  1007: 'invalid payload data (e.g. text that is not UTF-8)',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'the client expected an extension the server did not agree to',
  1011: 'internal server error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
};

/** A close code's meaning with its source, for dissectors. */
export function closeCodeMeaning(code: number): string {
  const known = WS_CLOSE_CODE_MEANINGS[code];
  if (known) return `${known} (RFC 6455 §7.4.1)`;
  if (code >= 3000 && code <= 3999)
    return 'registered with IANA by a library or framework (RFC 6455 §7.4.2)';
  if (code >= 4000 && code <= 4999) return 'private use by the application (RFC 6455 §7.4.2)';
  return 'not a code a close frame may carry (RFC 6455 §7.4)';
}

/**
 * Whether a close frame may carry this status code (RFC 6455 §7.4, same rule as `ws`):
 * 1000-1014 except 1004 (reserved), 1005 and 1006 (never sent), plus 3000-4999 (registered/private).
 */
export function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}
