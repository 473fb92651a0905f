import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BinaryReconstructor,
  decodePacket,
  deconstructPacket,
  encodePacket,
  SIO_PACKET_TYPES,
  type SioPacket,
} from './socketio';

describe('Socket.IO packets: protocol document vectors', () => {
  const vectors: [string, SioPacket][] = [
    ['0', { type: 'CONNECT', nsp: '/' }],
    ['0/admin,{"token":"123"}', { type: 'CONNECT', nsp: '/admin', data: { token: '123' } }],
    [
      '0{"sid":"oSO0OpakMV_3jnilAAAA"}',
      { type: 'CONNECT', nsp: '/', data: { sid: 'oSO0OpakMV_3jnilAAAA' } },
    ],
    ['1/admin,', { type: 'DISCONNECT', nsp: '/admin' }],
    ['2["hello",1]', { type: 'EVENT', nsp: '/', data: ['hello', 1] }],
    [
      '2/admin,456["project:delete",123]',
      { type: 'EVENT', nsp: '/admin', id: 456, data: ['project:delete', 123] },
    ],
    ['3/admin,456[]', { type: 'ACK', nsp: '/admin', id: 456, data: [] }],
    [
      '4{"message":"Not authorized"}',
      { type: 'CONNECT_ERROR', nsp: '/', data: { message: 'Not authorized' } },
    ],
    [
      '51-["hello",{"_placeholder":true,"num":0}]',
      {
        type: 'BINARY_EVENT',
        nsp: '/',
        attachments: 1,
        data: ['hello', { _placeholder: true, num: 0 }],
      },
    ],
    [
      '61-/admin,456[{"_placeholder":true,"num":0}]',
      {
        type: 'BINARY_ACK',
        nsp: '/admin',
        id: 456,
        attachments: 1,
        data: [{ _placeholder: true, num: 0 }],
      },
    ],
  ];
  for (const [text, packet] of vectors) {
    it(`decodes ${text} and encodes it back`, () => {
      expect(decodePacket(text)).toEqual({ ok: true, packet });
      expect(encodePacket(packet)).toBe(text);
    });
  }

  it('decodes the Socket.IO part of an Engine.IO message 451-[...] as a BINARY_EVENT', () => {
    const engineIoMessage = '451-["hello",{"_placeholder":true,"num":0}]';
    expect(decodePacket(engineIoMessage.slice(1))).toMatchObject({
      ok: true,
      packet: { type: 'BINARY_EVENT', attachments: 1 },
    });
  });

  it('numbers the types 0 to 6', () => {
    expect(Object.values(SIO_PACKET_TYPES)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('Socket.IO packet errors', () => {
  const bad: [string, string][] = [
    ['', 'Socket.IO packet type missing is not 0-6'],
    ['7', 'Socket.IO packet type "7" is not 0-6'],
    ['2[bad json', 'EVENT payload is not JSON'],
    ['0[]', 'CONNECT payload is not an object'],
    ['2{"a":1}', 'EVENT payload is not a non-empty array'],
    ['2[]', 'EVENT payload is not a non-empty array'],
    ['2[{}]', 'EVENT event name is not a string'],
    ['2["disconnect"]', '"disconnect" is a reserved event name'],
    ['3/admin,1{}', 'ACK payload is not an array'],
    ['1{}', 'DISCONNECT carries no payload'],
    ['5["x"]', 'BINARY_EVENT has no "<attachments>-" count'],
    ['4[1]', 'CONNECT_ERROR payload is not an object'],
  ];
  for (const [text, message] of bad) {
    it(`rejects ${JSON.stringify(text)}: ${message}`, () => {
      const result = decodePacket(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain(message);
    });
  }

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => void decodePacket(text)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.string().map((s) => `2${s}`),
        (text) => void decodePacket(text),
      ),
      { numRuns: 500 },
    );
  });
});

describe('binary attachments', () => {
  it('replaces binary values with placeholders and puts them back', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { packet, buffers } = deconstructPacket({
      type: 'EVENT',
      nsp: '/',
      data: ['upload', { file: bytes }],
    });
    expect(encodePacket(packet)).toBe('51-["upload",{"file":{"_placeholder":true,"num":0}}]');
    const decoded = decodePacket(encodePacket(packet));
    if (!decoded.ok) throw new Error(decoded.error);
    const reconstructor = new BinaryReconstructor(decoded.packet);
    const result = reconstructor.takeBinaryData(buffers[0] as Uint8Array);
    expect(result).toEqual({
      ok: true,
      packet: { type: 'BINARY_EVENT', nsp: '/', data: ['upload', { file: bytes }] },
    });
  });

  it('waits for every attachment before returning the packet', () => {
    const reconstructor = new BinaryReconstructor({
      type: 'BINARY_ACK',
      nsp: '/',
      id: 3,
      attachments: 2,
      data: [
        { _placeholder: true, num: 1 },
        { _placeholder: true, num: 0 },
      ],
    });
    expect(reconstructor.takeBinaryData(new Uint8Array([0]))).toBeNull();
    expect(reconstructor.takeBinaryData(new Uint8Array([1]))).toMatchObject({
      ok: true,
      packet: { data: [new Uint8Array([1]), new Uint8Array([0])] },
    });
  });

  it('reports a placeholder that points past the attachments', () => {
    const reconstructor = new BinaryReconstructor({
      type: 'BINARY_EVENT',
      nsp: '/',
      attachments: 1,
      data: ['x', { _placeholder: true, num: 5 }],
    });
    expect(reconstructor.takeBinaryData(new Uint8Array())).toEqual({
      ok: false,
      error: 'placeholder num 5 has no attachment',
    });
  });
});
