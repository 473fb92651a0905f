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
