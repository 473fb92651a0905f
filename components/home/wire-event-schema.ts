/**
 * A runtime check of `WireEvent` (lib/mirror/types.ts) for recorded captures read from disk
 * (content/captures/). Strict: a field the type does not name is an error, so a fixture cannot
 * drift from the type unnoticed. Server and tests only; never imported by client code.
 */
import { z } from 'zod';
import { FAULT_KINDS, type WireEvent } from '@/lib/mirror/types';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const header = z.tuple([z.string(), z.string()]);

const base = {
  seq: z.number().int().positive(),
  t: z.number().nonnegative(),
  conn: z.string(),
  hop: z.enum(['browser-edge', 'edge-node']),
  dir: z.enum(['up', 'down']),
};

const sioPacket = z.strictObject({
  type: z.enum([
    'CONNECT',
    'DISCONNECT',
    'EVENT',
    'ACK',
    'CONNECT_ERROR',
    'BINARY_EVENT',
    'BINARY_ACK',
  ]),
  nsp: z.string(),
  id: z.number().int().optional(),
  data: z.unknown().optional(),
  attachments: z.number().int().optional(),
  encoded: z.string(),
});

const eioPacket = z.strictObject({
  type: z.enum(['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop']),
  data: z.string().optional(),
  binary: base64.optional(),
  encoded: z.string().optional(),
  open: z
    .strictObject({
      sid: z.string(),
      upgrades: z.array(z.string()),
      pingInterval: z.number(),
      pingTimeout: z.number(),
      maxPayload: z.number(),
    })
    .optional(),
  sio: sioPacket.optional(),
  sioAttachment: z.strictObject({ index: z.number().int(), total: z.number().int() }).optional(),
});

const wsFrame = z.strictObject({
  fin: z.boolean(),
  rsv1: z.boolean(),
  rsv2: z.boolean(),
  rsv3: z.boolean(),
  opcode: z.number().int().min(0).max(15),
  opcodeName: z.enum(['continuation', 'text', 'binary', 'close', 'ping', 'pong', 'reserved']),
  masked: z.boolean(),
  maskKey: z
    .string()
    .regex(/^[0-9a-f]{8}$/)
    .optional(),
  payloadLength: z.number().int().nonnegative(),
  lengthBits: z.union([z.literal(7), z.literal(16), z.literal(64)]),
  headerLength: z.number().int().min(2).max(14),
  payload: base64.optional(),
  close: z.strictObject({ code: z.number().int().optional(), reason: z.string() }).optional(),
  compressed: z.boolean().optional(),
});

const wsMessage = z.strictObject({
  type: z.enum(['text', 'binary']),
  text: z.string().optional(),
  data: base64.optional(),
  frames: z.number().int().positive(),
  eio: eioPacket.optional(),
});

export const wireEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...base,
    kind: z.literal('fault'),
    fault: z.enum(FAULT_KINDS),
    detail: z.string(),
    delayMs: z.number().optional(),
    bytes: z.number().optional(),
    affected: base64.optional(),
    count: z.number().int().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('conn-open'),
    path: z.string().optional(),
    peer: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('conn-close'),
    how: z.enum(['end', 'reset', 'error']),
    by: z.enum(['client', 'server', 'edge']),
    message: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('http-request'),
    method: z.string(),
    target: z.string(),
    version: z.string(),
    headers: z.array(header),
    raw: base64,
  }),
  z.strictObject({
    ...base,
    kind: z.literal('http-response'),
    version: z.string(),
    status: z.number().int(),
    reason: z.string(),
    headers: z.array(header),
    raw: base64,
    requestSeq: z.number().int().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('http-body'),
    raw: base64,
    size: z.number().int().nonnegative(),
    final: z.boolean(),
    eio: z.array(eioPacket).optional(),
    sse: z
      .array(
        z.strictObject({
          id: z.string().optional(),
          event: z.string(),
          data: z.string(),
          retry: z.number().optional(),
        }),
      )
      .optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('ws-frame'),
    frame: wsFrame,
    raw: base64,
    message: wsMessage.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('protocol-error'),
    layer: z.enum(['tcp', 'http', 'ws', 'eio', 'sio', 'sse']),
    message: z.string(),
    raw: base64,
  }),
  z.strictObject({
    ...base,
    kind: z.literal('marker'),
    label: z.string(),
    detail: z.string().optional(),
  }),
]);

/** Recorded events: a non-empty list in strictly increasing seq order. */
export const captureSchema = z
  .array(wireEventSchema)
  .min(1)
  .refine((events) => events.every((e, i) => i === 0 || e.seq > (events[i - 1]?.seq ?? 0)), {
    message: 'events must be in strictly increasing seq order',
  });

// The schema's output must be usable as WireEvent (a compile-time check that they agree).
type Parsed = z.infer<typeof wireEventSchema>;
const _agrees = (p: Parsed): WireEvent => p;
void _agrees;

export function parseCapture(value: unknown): WireEvent[] {
  return captureSchema.parse(value);
}
