import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  decodePayload,
  EIO_PACKET_TYPES,
  type EioPacket,
  encodePacket,
  encodePayload,
  parseOpen,
  RECORD_SEPARATOR,
} from './engineio';

describe('Engine.IO packets', () => {
  it('maps every packet type to its digit', () => {
    expect(Object.values(EIO_PACKET_TYPES)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('decodes a message packet and keeps the text after the type digit', () => {
    expect(decodePacket('4hello')).toEqual({
      ok: true,
      packet: { type: 'message', data: 'hello' },
    });
  });

  it('decodes the probe ping and a bare noop', () => {
    expect(decodePacket('2probe')).toEqual({ ok: true, packet: { type: 'ping', data: 'probe' } });
    expect(decodePacket('6')).toEqual({ ok: true, packet: { type: 'noop' } });
  });

  it('decodes a binary WebSocket message as a message packet with binary data', () => {
    expect(decodePacket(new Uint8Array([1, 2, 3]))).toEqual({
      ok: true,
      packet: { type: 'message', binary: new Uint8Array([1, 2, 3]) },
    });
  });

  it('decodes a polling "b" packet as base64 binary', () => {
    expect(decodePacket('bAQIDBA==')).toEqual({
      ok: true,
      packet: { type: 'message', binary: new Uint8Array([1, 2, 3, 4]) },
    });
  });

  it('returns errors as values for an empty packet, an unknown type and bad base64', () => {
    expect(decodePacket('')).toEqual({
      ok: false,
      error: 'empty Engine.IO packet (no type digit)',
    });
    expect(decodePacket('9x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown Engine.IO packet type "9"'),
    });
    expect(decodePacket('b!!!')).toMatchObject({ ok: false });
  });

  it('encodes binary as raw bytes for WebSocket and as b+base64 for polling', () => {
    const packet: EioPacket = { type: 'message', binary: new Uint8Array([1, 2, 3, 4]) };
    expect(encodePacket(packet, true)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(encodePacket(packet, false)).toBe('bAQIDBA==');
  });
});

describe('Engine.IO payloads', () => {
  it('joins and splits packets on the record separator', () => {
    const packets: EioPacket[] = [
      { type: 'message', data: 'hello' },
      { type: 'message', binary: new Uint8Array([1, 2, 3, 4]) },
      { type: 'ping' },
    ];
    const text = encodePayload(packets);
    expect(text).toBe(`4hello${RECORD_SEPARATOR}bAQIDBA==${RECORD_SEPARATOR}2`);
    expect(decodePayload(text).map((e) => e.ok && e.packet)).toEqual(packets);
  });

  it('reports one bad packet without hiding the others', () => {
    const entries = decodePayload('4a\x1ex\x1e4b');
    expect(entries.map((e) => e.ok)).toEqual([true, false, true]);
    expect(entries[1]?.encoded).toBe('x');
  });

  it('round-trips arbitrary text and binary packets', () => {
    const packetArb: fc.Arbitrary<EioPacket> = fc.oneof(
      fc.record({
        type: fc.constantFrom(...(Object.keys(EIO_PACKET_TYPES) as EioPacket['type'][])),
        data: fc.string({ minLength: 1 }).filter((s) => !s.includes(RECORD_SEPARATOR)),
      }),
      fc.uint8Array().map((binary) => ({ type: 'message' as const, binary })),
    );
    fc.assert(
      fc.property(fc.array(packetArb, { minLength: 1, maxLength: 6 }), (packets) => {
        expect(decodePayload(encodePayload(packets)).map((e) => e.ok && e.packet)).toEqual(packets);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => void decodePayload(text)));
  });
});

describe('parseOpen', () => {
  it('reads the handshake fields', () => {
    const result = parseOpen(
      '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
    );
    expect(result).toEqual({
      ok: true,
      packet: {
        sid: 'lv_VI97HAXpY6yYWAAAC',
        upgrades: ['websocket'],
        pingInterval: 25000,
        pingTimeout: 20000,
        maxPayload: 1000000,
      },
    });
  });

  it('says which field is missing or not JSON', () => {
    expect(parseOpen('{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":2}')).toEqual({
      ok: false,
      error: 'open packet has no number "maxPayload"',
    });
    expect(parseOpen('nope')).toEqual({ ok: false, error: 'open packet data is not JSON' });
    expect(parseOpen(undefined).ok).toBe(false);
  });
});
