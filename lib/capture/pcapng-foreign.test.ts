/** readPcapng on captures other tools wrote: classic pcap, Ethernet, IPv6, reordering, loss. */
import { describe, expect, it } from 'vitest';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import { concatBytes, utf8Encode } from '@/lib/wire/bytes';
import { enhancedPacketBlock, interfaceBlock, sectionHeaderBlock } from './pcapng-blocks';
import { readPcapng } from './pcapng-read';
import { writePcapng } from './pcapng-write';
import { type Endpoint, LINKTYPE, TCP_FLAGS, tcpPacket } from './tcp-ip';

const { SYN, ACK, PSH, FIN, RST } = TCP_FLAGS;
const C: Endpoint = { ip: [192, 168, 0, 10], port: 50_000 };
const S: Endpoint = { ip: [93, 184, 216, 34], port: 80 };
const text = utf8Encode;

function pcap(
  packets: { micros: number; data: Uint8Array }[],
  linkType: number,
  bigEndian = false,
) {
  const le = !bigEndian;
  const header = new Uint8Array(24);
  const h = new DataView(header.buffer);
  h.setUint32(0, 0xa1b2c3d4, le);
  h.setUint16(4, 2, le);
  h.setUint16(6, 4, le);
  h.setUint32(16, 65_535, le);
  h.setUint32(20, linkType, le);
  const records = packets.map(({ micros, data }) => {
    const r = new Uint8Array(16 + data.length);
    const v = new DataView(r.buffer);
    v.setUint32(0, Math.floor(micros / 1e6), le);
    v.setUint32(4, micros % 1e6, le);
    v.setUint32(8, data.length, le);
    v.setUint32(12, data.length, le);
    r.set(data, 16);
    return r;
  });
  return concatBytes([header, ...records]);
}

const ether = (ip: Uint8Array, type = 0x0800) =>
  concatBytes([new Uint8Array([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, type >> 8, type & 0xff]), ip]);

const seg = (
  from: Endpoint,
  to: Endpoint,
  seq: number,
  ack: number,
  flags: number,
  payload?: string,
) =>
  tcpPacket({
    from,
    to,
    seq,
    ack,
    flags,
    ...(payload === undefined ? {} : { payload: text(payload) }),
  });

const REQUEST_A = 'GET /index.html HTTP/1.1\r\nHost: ';
const REQUEST_B = 'example.com\r\n\r\n';
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';

describe('readPcapng on a classic big-endian pcap with Ethernet frames', () => {
  const t0 = 1_600_000_000_000_000;
  const a = REQUEST_A.length;
  const packets = [
    seg(C, S, 100, 0, SYN),
    seg(S, C, 900, 101, SYN | ACK),
    seg(C, S, 101, 901, ACK),
    seg(C, S, 101 + a, 901, PSH | ACK, REQUEST_B), // arrives before the bytes it follows
    seg(C, S, 101, 901, ACK, REQUEST_A),
    seg(C, S, 101, 901, ACK, REQUEST_A), // retransmission
    seg(S, C, 901, 101 + a + REQUEST_B.length, PSH | ACK, RESPONSE),
    seg(S, C, 901 + RESPONSE.length, 0, FIN | ACK),
    seg(C, S, 101 + a + REQUEST_B.length, 0, FIN | ACK),
  ].map((ip, i) => ({ micros: t0 + i * 1000, data: ether(ip) }));
  const udp = new Uint8Array(28);
  udp[0] = 0x45;
  udp[9] = 17;
  packets.push(
    { micros: t0 + 9000, data: ether(udp) },
    { micros: t0 + 9500, data: ether(new Uint8Array(8), 0x0806) },
  );
  const read = readPcapng(pcap(packets, LINKTYPE.ETHERNET, true));

  it('finds the client by its SYN and reassembles its bytes in sequence order, once', () => {
    expect(read.format).toBe('pcap');
    expect(read.startEpochMs).toBe(t0 / 1000);
    expect(read.records).toEqual([
      {
        kind: 'event',
        event: {
          kind: 'conn-open',
          t: 0,
          conn: 'c1',
          hop: 'browser-edge',
          dir: 'up',
          peer: '192.168.0.10:50000',
        },
      },
      {
        kind: 'bytes',
        t: 4,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'up',
        data: text(REQUEST_A + REQUEST_B),
      },
      { kind: 'bytes', t: 6, conn: 'c1', hop: 'browser-edge', dir: 'down', data: text(RESPONSE) },
      {
        kind: 'event',
        event: {
          kind: 'conn-close',
          how: 'end',
          by: 'server',
          t: 7,
          conn: 'c1',
          hop: 'browser-edge',
          dir: 'down',
        },
      },
    ]);
  });

  it('says what it dropped and skipped', () => {
    expect(read.warnings).toEqual([
      'c1 up: 1 retransmitted segment dropped',
      '1 packet skipped: not TCP (IP protocol 17)',
      '1 packet skipped: not TCP (ethertype 0x0806)',
    ]);
  });

  it('decodes to the HTTP exchange', () => {
    const events = dissectRecords(read.records);
    expect(events.map((e) => e.kind)).toEqual([
      'conn-open',
      'http-request',
      'http-response',
      'http-body',
      'conn-close',
    ]);
    expect(events[1]).toMatchObject({ method: 'GET', target: '/index.html' });
  });
});

describe('readPcapng on a pcapng capture that started mid-stream and missed a segment', () => {
  const body = ['HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhell', 'o wo', 'rld!'];
  const client: Endpoint = { ip: [127, 0, 0, 1], port: 3000 };
  const server: Endpoint = { ip: [127, 0, 0, 1], port: 40_000 };
  const blocks = [
    sectionHeaderBlock('tcpdump', []),
    interfaceBlock(LINKTYPE.RAW, 'lo', 'loopback'),
    // No SYN; the server's port is the higher one, but it answers in HTTP.
    enhancedPacketBlock(0, 5_000_000, seg(server, client, 7, 1, PSH | ACK, body[0]), []),
    enhancedPacketBlock(
      0,
      5_001_000,
      seg(server, client, 7 + 4 + (body[0] as string).length, 1, PSH | ACK, body[2]),
      [],
    ),
    enhancedPacketBlock(0, 5_002_000, seg(client, server, 1, 0, RST), []),
  ];
  const read = readPcapng(concatBytes(blocks));

  it('takes the side that answers in HTTP as the server and stands an elided record in for the gap', () => {
    expect(read.records).toEqual([
      {
        kind: 'event',
        event: {
          kind: 'conn-open',
          t: 0,
          conn: 'c1',
          hop: 'browser-edge',
          dir: 'up',
          peer: '127.0.0.1:3000',
        },
      },
      {
        kind: 'bytes',
        t: 0,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        data: text(body[0] as string),
      },
      { kind: 'elided', t: 1, conn: 'c1', hop: 'browser-edge', dir: 'down', length: 4, frames: 0 },
      {
        kind: 'bytes',
        t: 1,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        data: text(body[2] as string),
      },
      {
        kind: 'event',
        event: {
          kind: 'conn-close',
          how: 'reset',
          by: 'client',
          t: 2,
          conn: 'c1',
          hop: 'browser-edge',
          dir: 'up',
        },
      },
    ]);
    expect(read.warnings).toEqual([
      'c1 down: 4 bytes not in the capture: an elided record stands for them',
    ]);
  });
});

describe('readPcapng on a big-endian pcapng with nanosecond timestamps', () => {
  it('reads the section in its byte order and converts the timestamps', () => {
    const packet = seg(C, S, 1, 1, PSH | ACK, 'GET / HTTP/1.1\r\n\r\n');
    const be = (type: number, body: number[]) => {
      const length = 12 + body.length;
      const out = new Uint8Array(length);
      const v = new DataView(out.buffer);
      v.setUint32(0, type);
      v.setUint32(4, length);
      out.set(body, 8);
      v.setUint32(length - 4, length);
      return out;
    };
    const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    const ns = 1_600_000_000_123_456_789n;
    const padded = [...packet, ...new Array((4 - (packet.length % 4)) % 4).fill(0)];
    const file = concatBytes([
      be(0x0a0d0d0a, [...u32(0x1a2b3c4d), 0, 1, 0, 0, ...u32(0xffffffff), ...u32(0xffffffff)]),
      // IDB: raw IP; if_tsresol = 9 (nanoseconds)
      be(1, [0, 101, 0, 0, ...u32(0), 0, 9, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0]),
      be(6, [
        ...u32(0),
        ...u32(Number(ns >> 32n)),
        ...u32(Number(ns & 0xffffffffn)),
        ...u32(packet.length),
        ...u32(packet.length),
        ...padded,
      ]),
    ]);
    const read = readPcapng(file);
    expect((read.startEpochMs ?? 0) - 1_600_000_000_000).toBeCloseTo(123.456789, 3); // doubles hold epoch ms to ~0.25 µs
    expect(read.records[1]).toMatchObject({ kind: 'bytes', dir: 'up', data: packet.subarray(40) });
  });
});

describe('readPcapng errors', () => {
  it('names what the file starts with when it is not a capture', () => {
    expect(() => readPcapng(text('hello world'))).toThrow(
      'pcapng: the file starts with neither a pcapng section header nor a pcap magic',
    );
  });

  it('names the block whose length is wrong', () => {
    const file = writePcapng([
      { kind: 'bytes', t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up', data: text('x') },
    ]);
    const bad = file.slice();
    new DataView(bad.buffer).setUint32(4, 13, true);
    expect(() => readPcapng(bad)).toThrow(
      'pcapng: block at byte 0: total length 13 is not a multiple of 4 of at least 12',
    );
    expect(() => readPcapng(text('\n\r\r\n'))).toThrow(
      'pcapng: the file has 4 bytes, too few for a section header block (28)',
    );
  });

  it('keeps what precedes a cut-off block, with a warning', () => {
    const records = [
      {
        kind: 'bytes' as const,
        t: 0,
        conn: 'c1',
        hop: 'browser-edge' as const,
        dir: 'up' as const,
        data: text('first'),
      },
      {
        kind: 'bytes' as const,
        t: 1,
        conn: 'c1',
        hop: 'browser-edge' as const,
        dir: 'down' as const,
        data: text('second'),
      },
    ];
    const file = writePcapng(records);
    const read = readPcapng(file.subarray(0, file.length - 10));
    expect(read.records).toEqual([records[0]]);
    expect(read.warnings[0]).toMatch(
      /^pcapng: block at byte \d+ is cut short \(\d+ bytes declared, \d+ left\): the rest is ignored$/,
    );
  });
});
