/**
 * IPv4/TCP packets: the writer builds them around tapped bytes (checksums included, so Wireshark's
 * checks pass when enabled), the reader parses them back out of captured frames (raw IP, Ethernet,
 * BSD loopback, Linux cooked), IPv4 or IPv6.
 */

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

/** Link-layer header types (https://www.tcpdump.org/linktypes.html) the reader understands. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in host order
  ETHERNET: 1,
  RAW: 101, // raw IPv4/IPv6, no link-layer header
  LINUX_SLL: 113, // Linux "cooked" capture (tcpdump -i any)
  IPV4: 228,
} as const;

/** Largest TCP payload in one IPv4 packet: 65535 - 20 (IPv4) - 20 (TCP). */
export const MAX_SEGMENT = 65_495;

export type Ip = readonly number[];

export interface Endpoint {
  /** 4 bytes (IPv4) or 16 (IPv6). */
  ip: Ip;
  port: number;
}

/** The Internet checksum (RFC 1071) over several byte runs taken as one. */
export function internetChecksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd = false; // the runs so far had an odd length: the next byte is a low byte
  for (const bytes of parts) {
    let i = 0;
    if (odd && bytes.length > 0) {
      sum += bytes[0] as number;
      i = 1;
      odd = false;
    }
    const end = bytes.length - 1;
    for (; i < end; i += 2) {
      sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
      if (sum > 0x7fffffff) sum = (sum & 0xffff) + (sum >>> 16);
    }
    if (i === end) {
      sum += (bytes[i] as number) << 8;
      odd = true;
    }
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface SegmentSpec {
  from: Endpoint;
  to: Endpoint;
  seq: number;
  ack: number;
  flags: number;
  payload?: Uint8Array;
  /** SYN options: MSS and window scale (so one window covers a whole record). */
  synOptions?: { mss: number; windowShift: number };
  /** IPv4 identification field. */
  id?: number;
}

/** One IPv4 packet carrying one TCP segment, IP and TCP checksums filled in. */
export function tcpPacket(spec: SegmentSpec): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  const optionBytes = spec.synOptions ? 8 : 0;
  const tcpLength = 20 + optionBytes;
  const packet = new Uint8Array(20 + tcpLength + payload.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x45; // IPv4, 5-word header
  view.setUint16(2, packet.length);
  view.setUint16(4, (spec.id ?? 0) & 0xffff);
  view.setUint16(6, 0x4000); // don't fragment
  packet[8] = 64; // TTL
  packet[9] = 6; // TCP
  packet.set(spec.from.ip, 12);
  packet.set(spec.to.ip, 16);
  view.setUint16(10, internetChecksum([packet.subarray(0, 20)]));
  view.setUint16(20, spec.from.port);
  view.setUint16(22, spec.to.port);
  view.setUint32(24, spec.seq >>> 0);
  view.setUint32(28, spec.ack >>> 0);
  packet[32] = (tcpLength / 4) << 4; // data offset in 32-bit words
  packet[33] = spec.flags;
  view.setUint16(34, 0xffff); // window (scaled after the handshake when synOptions were sent)
  if (spec.synOptions) {
    packet[40] = 2; // MSS
    packet[41] = 4;
    view.setUint16(42, spec.synOptions.mss);
    packet[44] = 1; // NOP
    packet[45] = 3; // window scale
    packet[46] = 3;
    packet[47] = spec.synOptions.windowShift;
  }
  packet.set(payload, 20 + tcpLength);
  const pseudo = new Uint8Array(12);
  pseudo.set(spec.from.ip, 0);
  pseudo.set(spec.to.ip, 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, tcpLength + payload.length);
  view.setUint16(36, internetChecksum([pseudo, packet.subarray(20)]));
  return packet;
}

export interface TcpSegment {
  src: Endpoint;
  dst: Endpoint;
  seq: number;
  ack: number;
  flags: number;
  payload: Uint8Array;
  /** Bytes the IP header says the segment carried but the capture cut off (snap length). */
  missing: number;
}

export type ParsedFrame =
  | { kind: 'tcp'; segment: TcpSegment }
  | { kind: 'other'; what: string }
  | { kind: 'bad'; why: string };

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;

/** The IP packet inside a link-layer frame, or what else the frame is. */
function ipOf(frame: Uint8Array, linkType: number): Uint8Array | ParsedFrame {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  switch (linkType) {
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
      return frame;
    case LINKTYPE.NULL: {
      if (frame.length < 4) return { kind: 'bad', why: 'loopback header cut short' };
      const family = view.getUint32(0, true) > 0xffff ? view.getUint32(0) : view.getUint32(0, true);
      if (family === 2 || family === 24 || family === 28 || family === 30) return frame.subarray(4);
      return { kind: 'other', what: `loopback family ${family}` };
    }
    case LINKTYPE.ETHERNET:
    case LINKTYPE.LINUX_SLL: {
      let offset = linkType === LINKTYPE.ETHERNET ? 12 : 14;
      if (frame.length < offset + 2) return { kind: 'bad', why: 'link-layer header cut short' };
      let type = view.getUint16(offset);
      while (type === ETHERTYPE_VLAN && frame.length >= offset + 6) {
        offset += 4;
        type = view.getUint16(offset);
      }
      if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return frame.subarray(offset + 2);
      return { kind: 'other', what: `ethertype 0x${type.toString(16).padStart(4, '0')}` };
    }
    default:
      return { kind: 'other', what: `link type ${linkType}` };
  }
}

/** Parses a captured frame down to its TCP segment. */
export function parseFrame(frame: Uint8Array, linkType: number): ParsedFrame {
  const ip = ipOf(frame, linkType);
  if (!(ip instanceof Uint8Array)) return ip;
  if (ip.length < 1) return { kind: 'bad', why: 'empty IP packet' };
  const view = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  const version = (ip[0] as number) >> 4;
  let src: number[];
  let dst: number[];
  let tcpStart: number;
  let ipEnd: number;
  if (version === 4) {
    const headerLength = ((ip[0] as number) & 0x0f) * 4;
    if (ip.length < 20 || headerLength < 20) return { kind: 'bad', why: 'IPv4 header cut short' };
    if (ip[9] !== 6) return { kind: 'other', what: `IP protocol ${ip[9]}` };
    if ((view.getUint16(6) & 0x3fff) !== 0) return { kind: 'other', what: 'IPv4 fragment' };
    src = [...ip.subarray(12, 16)];
    dst = [...ip.subarray(16, 20)];
    tcpStart = headerLength;
    ipEnd = view.getUint16(2);
  } else if (version === 6) {
    if (ip.length < 40) return { kind: 'bad', why: 'IPv6 header cut short' };
    if (ip[6] !== 6) return { kind: 'other', what: `IPv6 next header ${ip[6]}` };
    src = [...ip.subarray(8, 24)];
    dst = [...ip.subarray(24, 40)];
    tcpStart = 40;
    ipEnd = 40 + view.getUint16(4);
  } else {
    return { kind: 'other', what: `IP version ${version}` };
  }
  if (ip.length < tcpStart + 20) return { kind: 'bad', why: 'TCP header cut short' };
  const dataOffset = ((ip[tcpStart + 12] as number) >> 4) * 4;
  if (dataOffset < 20) return { kind: 'bad', why: `TCP data offset ${dataOffset} < 20` };
  const payloadStart = tcpStart + dataOffset;
  // ipEnd 0: TSO-sized packets captured before segmentation (IPv4 total length left 0).
  const end = ipEnd === 0 ? ip.length : Math.min(ipEnd, ip.length);
  return {
    kind: 'tcp',
    segment: {
      src: { ip: src, port: view.getUint16(tcpStart) },
      dst: { ip: dst, port: view.getUint16(tcpStart + 2) },
      seq: view.getUint32(tcpStart + 4),
      ack: view.getUint32(tcpStart + 8),
      flags: (ip[tcpStart + 13] as number) & 0x3f,
      payload: ip.slice(Math.min(payloadStart, end), end),
      missing: ipEnd > ip.length ? ipEnd - Math.max(ip.length, payloadStart) : 0,
    },
  };
}

/** 'a.b.c.d:port' or '[v6]:port'. */
export function endpointText(e: Endpoint): string {
  if (e.ip.length === 4) return `${e.ip.join('.')}:${e.port}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((e.ip[i] as number) << 8) | (e.ip[i + 1] as number)).toString(16));
  return `[${words.join(':')}]:${e.port}`;
}
