import { describe, expect, it } from 'vitest';
import { concatBytes } from '@/lib/wire/bytes';
import { type CaptureItem, readPcapngBlocks } from './pcapng-blocks';
import { pcapngFileName, writePcapng } from './pcapng-write';
import type { TapRecord } from './records';
import {
  internetChecksum,
  LINKTYPE,
  MAX_SEGMENT,
  parseFrame,
  type TcpSegment,
  tcpPacket,
} from './tcp-ip';
import { sampleRecords } from './test-captures';

const START = 1_700_000_000_000;
type Packet = Extract<CaptureItem, { type: 'packet' }>;

function sum16(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2)
    sum += ((bytes[i] as number) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function blocks(file: Uint8Array): { type: number; length: number }[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: { type: number; length: number }[] = [];
  for (let offset = 0; offset < file.length; ) {
    const length = view.getUint32(offset + 4, true);
    expect(view.getUint32(offset + length - 4, true)).toBe(length);
    expect(length % 4).toBe(0);
    out.push({ type: view.getUint32(offset, true), length });
    offset += length;
  }
  return out;
}

const segmentOf = (p: Packet): TcpSegment => {
  const parsed = parseFrame(p.data, p.linkType);
  if (parsed.kind !== 'tcp') throw new Error('not TCP');
  return parsed.segment;
};
const flagsOf = (s: TcpSegment) =>
  ['FIN', 'SYN', 'RST', 'PSH', 'ACK'].filter((_, i) => s.flags & (1 << i)).join('|');
const from = (s: TcpSegment) => `${s.src.ip.join('.')}:${s.src.port}`;

describe('writePcapng', () => {
  const file = writePcapng(sampleRecords(), {
    startEpochMs: START,
    session: 's1',
    maxPayload: 1 << 20,
  });
  const read = readPcapngBlocks(file);
  const packets = read.items.filter((i): i is Packet => i.type === 'packet');
  const streamOf = (port: number, net: number) =>
    packets.filter((p) => {
      const s = segmentOf(p);
      return (s.src.port === port || s.dst.port === port) && s.src.ip[1] === net;
    });

  it('writes a section header, one raw-IP interface per hop, then packets', () => {
    const types = blocks(file).map((b) => b.type);
    expect(types.slice(0, 3)).toEqual([0x0a0d0d0a, 1, 1]);
    expect(new Set(types.slice(3))).toEqual(new Set([6]));
    expect(read.userAppl).toBe('Wire Lab');
    expect(new Set(packets.map((p) => p.interfaceName))).toEqual(
      new Set(['browser-edge', 'edge-node']),
    );
    expect(new Set(packets.map((p) => p.linkType))).toEqual(new Set([LINKTYPE.RAW]));
  });

  it('gives every packet a valid IPv4 header checksum and TCP checksum', () => {
    for (const p of packets) {
      expect(sum16(p.data.subarray(0, 20))).toBe(0xffff);
      const pseudo = new Uint8Array(12);
      pseudo.set(p.data.subarray(12, 20), 0);
      pseudo[9] = 6;
      new DataView(pseudo.buffer).setUint16(10, p.data.length - 20);
      expect(sum16(concatBytes([pseudo, p.data.subarray(20)]))).toBe(0xffff);
    }
  });

  it('opens each stream with SYN / SYN-ACK / ACK and ends it with FIN / FIN / ACK or an RST from the closer', () => {
    const c1 = streamOf(10_001, 1).map((p) => `${from(segmentOf(p))} ${flagsOf(segmentOf(p))}`);
    expect(c1.slice(0, 3)).toEqual([
      '10.1.0.1:10001 SYN',
      '10.1.0.2:80 SYN|ACK',
      '10.1.0.1:10001 ACK',
    ]);
    expect(c1.slice(-3)).toEqual([
      '10.1.0.1:10001 FIN|ACK',
      '10.1.0.2:80 FIN|ACK',
      '10.1.0.1:10001 ACK',
    ]);
    // c2 reset by the server; c1 on edge-node by the edge, which is that hop's client.
    expect(
      streamOf(10_002, 1)
        .map((p) => flagsOf(segmentOf(p)))
        .at(-1),
    ).toBe('RST|ACK');
    expect(from(segmentOf(streamOf(10_002, 1).at(-1) as Packet))).toBe('10.1.0.2:80');
    expect(from(segmentOf(streamOf(10_001, 2).at(-1) as Packet))).toBe('10.2.0.1:10001');
    expect(streamOf(10_001, 2)[0] && segmentOf(streamOf(10_001, 2)[0] as Packet).dst.port).toBe(
      8080,
    );
  });

  it('numbers segments continuously per direction, with a gap where bytes were elided', () => {
    const seen = new Map<string, number>();
    const gaps: number[] = [];
    for (const p of streamOf(10_001, 1)) {
      const s = segmentOf(p);
      const key = from(s);
      const expected = seen.get(key);
      if (expected !== undefined && expected !== s.seq) gaps.push(s.seq - expected);
      seen.set(key, (s.seq + s.payload.length + (s.flags & 0x03 ? 1 : 0)) >>> 0);
    }
    expect(gaps).toEqual([24]);
    const last = segmentOf(streamOf(10_001, 1).at(-1) as Packet);
    expect(last.ack).toBe(seen.get('10.1.0.2:80'));
  });

  it('splits a 70 010-byte chunk into segments of at most 65 495 bytes, PSH on the last only', () => {
    const big = streamOf(10_001, 1)
      .map(segmentOf)
      .filter((s) => s.payload.length > 1000);
    expect(big.map((s) => [s.payload.length, flagsOf(s)])).toEqual([
      [MAX_SEGMENT, 'ACK'],
      [70_010 - MAX_SEGMENT, 'PSH|ACK'],
    ]);
  });

  it('stamps packets with the session start plus t, in microseconds', () => {
    expect(packets[0]?.micros).toBe(START * 1000 + 1000); // c1's conn-open at t = 1
    expect(packets.map((p) => p.micros)).toEqual(
      [...packets.map((p) => p.micros)].sort((a, b) => a - b),
    );
  });

  it('comments edge events and elided runs on the next packet, and the last ones on the last packet, marked after', () => {
    const first = packets[0]?.comments ?? [];
    expect(first[0]).toMatch(/^marker "run started"\nwirelab:/);
    expect(first.some((c) => c.startsWith('Wire Lab c1 on browser-edge'))).toBe(true);
    expect(
      first.some((c) => c.startsWith('conn-open c1 browser-edge /lab/s1/ws from 127.0.0.1:51234')),
    ).toBe(true);
    const elided = packets.find((p) => p.comments.some((c) => c.includes('24 B not carried')));
    expect(elided && segmentOf(elided).payload.length).toBe(15); // the frame after the gap
    const last = packets.at(-1)?.comments ?? [];
    expect(last[0]).toMatch(/^conn-close c1 edge-node: error by edge \(EPIPE\)\n/);
    expect(last[1]).toMatch(
      /^marker "run ended": by the learner\nwirelab:\{"record":.*,"after":true\}$/,
    );
  });

  it('puts the records of a capture without packets on a statistics block', () => {
    const marker: TapRecord = {
      kind: 'event',
      event: { kind: 'marker', label: 'idle', t: 1, conn: '-', hop: 'browser-edge', dir: 'up' },
    };
    const items = readPcapngBlocks(writePcapng([marker])).items;
    expect(items).toEqual([
      { type: 'note', comments: [expect.stringMatching(/^marker "idle"\n/)] },
    ]);
  });

  it('names the download after the session', () => {
    expect(pcapngFileName('ab/c')).toBe('wirelab-abc.pcapng');
  });
});

describe('tcpPacket', () => {
  it('writes a 40-byte IPv4 + TCP header (48 with SYN options) around the payload', () => {
    const a = { ip: [10, 0, 0, 1], port: 1 };
    const b = { ip: [10, 0, 0, 2], port: 2 };
    const p = tcpPacket({
      from: a,
      to: b,
      seq: 100,
      ack: 0,
      flags: 0x18,
      payload: new Uint8Array(5),
    });
    expect(new DataView(p.buffer).getUint32(24)).toBe(100);
    expect(p.length).toBe(45);
    const syn = tcpPacket({
      from: a,
      to: b,
      seq: 0,
      ack: 0,
      flags: 2,
      synOptions: { mss: 1460, windowShift: 7 },
    });
    expect(syn.length).toBe(48);
    expect(internetChecksum([syn.subarray(0, 20)])).toBe(0);
  });
});
