/**
 * Cross-checks our codecs against the parsers the real servers and clients use (engine.io-parser
 * and socket.io-parser, installed with socket.io): same strings out, same packets in.
 */
import * as eioParser from 'engine.io-parser';
import fc from 'fast-check';
import * as sioParser from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { decodePayload, EIO_PACKET_TYPES, type EioPacket, encodePayload } from './engineio';
import { decodePacket, encodePacket, SIO_PACKET_TYPES, type SioPacket } from './socketio';

const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const sioPacketArb: fc.Arbitrary<SioPacket> = fc
  .record({
    type: fc.constantFrom<SioPacket['type']>(
      'CONNECT',
      'DISCONNECT',
      'EVENT',
      'ACK',
      'CONNECT_ERROR',
    ),
    nsp: fc.constantFrom('/', '/admin', '/chat-room'),
    id: fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }),
    name: fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((s) => !['connect', 'disconnect'].includes(s)),
    args: fc.array(json, { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 3 }),
  })
  .map(({ type, nsp, id, name, args, object }) => {
    const packet: SioPacket = { type, nsp };
    if (type === 'EVENT') packet.data = [name, ...args];
    if (type === 'ACK') packet.data = args;
    if (type === 'CONNECT' || type === 'CONNECT_ERROR') packet.data = object;
    if ((type === 'EVENT' || type === 'ACK') && id !== undefined) packet.id = id;
    return packet;
  });

function referenceDecode(text: string): unknown {
  const decoder = new sioParser.Decoder();
  let out: unknown;
  decoder.on('decoded', (p: unknown) => {
    out = p;
  });
  decoder.add(text);
  return out;
}

describe('Socket.IO codec against socket.io-parser', () => {
  it('encodes exactly what socket.io-parser encodes', () => {
    const encoder = new sioParser.Encoder();
    fc.assert(
      fc.property(sioPacketArb, (packet) => {
        const [reference] = encoder.encode({
          ...packet,
          type: SIO_PACKET_TYPES[packet.type],
        } as sioParser.Packet);
        expect(encodePacket(packet)).toBe(reference);
      }),
      { numRuns: 200 },
    );
  });

  it('decodes what socket.io-parser decodes', () => {
    fc.assert(
      fc.property(sioPacketArb, (packet) => {
        const text = encodePacket(packet);
        const reference = referenceDecode(text) as Record<string, unknown>;
        const ours = decodePacket(text);
        if (!ours.ok) throw new Error(ours.error);
        expect(SIO_PACKET_TYPES[ours.packet.type]).toBe(reference.type);
        expect(ours.packet.nsp).toBe(reference.nsp);
        expect(ours.packet.id).toBe(reference.id);
        expect(ours.packet.data).toEqual(reference.data);
      }),
      { numRuns: 200 },
    );
  });
});

const eioPacketArb: fc.Arbitrary<EioPacket> = fc.oneof(
  fc.record({
    type: fc.constantFrom(...(Object.keys(EIO_PACKET_TYPES) as EioPacket['type'][])),
    data: fc.string({ minLength: 1 }).filter((s) => !s.includes('\x1e')),
  }),
  fc.uint8Array({ maxLength: 20 }).map((binary) => ({ type: 'message' as const, binary })),
);

describe('Engine.IO codec against engine.io-parser', () => {
  it('encodes polling payloads exactly as engine.io-parser does', () => {
    fc.assert(
      fc.asyncProperty(fc.array(eioPacketArb, { minLength: 1, maxLength: 5 }), async (packets) => {
        const reference = await new Promise<string>((resolve) => {
          eioParser.encodePayload(
            packets.map((p) => ({ type: p.type, data: p.binary ? Buffer.from(p.binary) : p.data })),
            resolve,
          );
        });
        expect(encodePayload(packets)).toBe(reference);
      }),
      { numRuns: 100 },
    );
  });

  it('decodes polling payloads into the same packets as engine.io-parser', () => {
    fc.assert(
      fc.property(fc.array(eioPacketArb, { minLength: 1, maxLength: 5 }), (packets) => {
        const text = encodePayload(packets);
        const reference = eioParser.decodePayload(text, 'nodebuffer');
        const ours = decodePayload(text);
        expect(ours.map((e) => (e.ok ? e.packet.type : 'error'))).toEqual(
          reference.map((p) => p.type),
        );
        for (const [i, entry] of ours.entries()) {
          const ref = reference[i];
          if (!entry.ok || !ref) continue;
          if (entry.packet.binary) expect(Buffer.from(entry.packet.binary)).toEqual(ref.data);
          else expect(entry.packet.data).toBe(ref.data);
        }
      }),
      { numRuns: 200 },
    );
  });
});
