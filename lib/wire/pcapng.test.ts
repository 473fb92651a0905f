import { describe, expect, it } from 'vitest';
import { ConnectionDecoder } from '@/lib/mirror/connection-decoder';
import type { WireEvent } from '@/lib/mirror/types';
import { concatBytes, fromBase64, utf8Encode } from './bytes';
import { capturePcapng, ownsWireBytes, tcpPacket } from './pcapng';
import { encodeFrame } from './ws-frame';

interface Block {
  type: number;
  body: Uint8Array;
}

function readBlocks(file: Uint8Array): Block[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const blocks: Block[] = [];
  let offset = 0;
  while (offset < file.length) {
    const type = view.getUint32(offset, true);
    const length = view.getUint32(offset + 4, true);
    expect(view.getUint32(offset + length - 4, true)).toBe(length);
    expect(length % 4).toBe(0);
    blocks.push({ type, body: file.subarray(offset + 8, offset + length - 4) });
    offset += length;
  }
  expect(offset).toBe(file.length);
  return blocks;
}

function sum16(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2)
    sum += ((bytes[i] as number) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function capture(): WireEvent[] {
  const decoder = new ConnectionDecoder({ conn: 'c3', hop: 'browser-edge' });
  const script: ['up' | 'down', Uint8Array][] = [
    ['up', utf8Encode('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')],
    [
      'down',
      utf8Encode(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      ),
    ],
    ['up', encodeFrame({ opcode: 1, mask: new Uint8Array(4), payload: utf8Encode('hi') })],
    ['down', encodeFrame({ opcode: 2, payload: new Uint8Array(70_000) })],
  ];
  const events = script.flatMap(([dir, bytes], i) => decoder.push(dir, bytes, i * 1.5));
  const stamped = events.map((e, i) => ({ ...e, seq: i + 1 }) as WireEvent);
  stamped.push({
    kind: 'conn-close',
    how: 'end',
    by: 'client',
    seq: 99,
    t: 9,
    conn: 'c3',
    hop: 'browser-edge',
    dir: 'up',
  });
  return stamped;
}

describe('capturePcapng', () => {
  const events = capture();
  const file = capturePcapng(events, { startEpochMs: 1_700_000_000_000 });
  const blocks = readBlocks(file);

  it('writes a section header, one raw-IP interface and one packet block per segment', () => {
    expect(blocks[0]?.type).toBe(0x0a0d0d0a);
    expect(
      new DataView(blocks[0]!.body.buffer, blocks[0]!.body.byteOffset).getUint32(0, true),
    ).toBe(0x1a2b3c4d);
    expect(blocks[1]?.type).toBe(1);
    expect(
      new DataView(blocks[1]!.body.buffer, blocks[1]!.body.byteOffset).getUint16(0, true),
    ).toBe(101);
    // 3 handshake + 4 data (the 70 000-byte frame splits in two) + 2 FIN
    expect(blocks.slice(2).map((b) => b.type)).toEqual(new Array(10).fill(6));
  });

  it('carries every owned byte per direction in order, with valid IP and TCP checksums', () => {
    const payloads: Record<number, Uint8Array[]> = { 40003: [], 80: [] };
    for (const block of blocks.slice(2)) {
      const view = new DataView(block.body.buffer, block.body.byteOffset);
      const length = view.getUint32(12, true);
      const packet = block.body.subarray(20, 20 + length);
      expect(sum16(packet.subarray(0, 20))).toBe(0xffff);
      const pseudo = new Uint8Array(12);
      pseudo.set(packet.subarray(12, 20), 0);
      pseudo[9] = 6;
      new DataView(pseudo.buffer).setUint16(10, packet.length - 20);
      expect(sum16(concatBytes([pseudo, packet.subarray(20)]))).toBe(0xffff);
      const srcPort = new DataView(packet.buffer, packet.byteOffset).getUint16(20);
      payloads[srcPort]?.push(packet.subarray(40));
    }
    const owned = (dir: 'up' | 'down') =>
      concatBytes(
        events.flatMap((e) =>
          e.dir === dir && ownsWireBytes(e) && 'raw' in e
            ? [fromBase64(e.raw) ?? new Uint8Array()]
            : [],
        ),
      );
    expect(concatBytes(payloads[40003] ?? [])).toEqual(owned('up'));
    expect(concatBytes(payloads[80] ?? [])).toEqual(owned('down'));
  });

  it('stamps packets with the session start plus the event time in microseconds', () => {
    const view = new DataView(blocks[2]!.body.buffer, blocks[2]!.body.byteOffset);
    const micros = view.getUint32(4, true) * 2 ** 32 + view.getUint32(8, true);
    expect(micros).toBe(1_700_000_000_000_000);
  });

  it('writes the given sequence number and a 40-byte IPv4 + TCP header', () => {
    const a = tcpPacket(
      { ip: [10, 0, 0, 1], port: 1 },
      { ip: [10, 0, 0, 2], port: 2 },
      100,
      0,
      0x18,
      new Uint8Array(5),
    );
    expect(new DataView(a.buffer).getUint32(24)).toBe(100);
    expect(a.length).toBe(45);
  });
});
