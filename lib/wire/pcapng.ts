/**
 * A capture as pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) that
 * Wireshark opens and dissects itself: each (connection, hop) becomes one TCP flow between made-up
 * IPv4 addresses, with a handshake, the recorded bytes as segments in order, and FIN/RST at close.
 *
 * The bytes come from the events that own them (the connection decoder's accounting rule):
 * http-request, http-response, http-body, ws-frame and protocol-errors of layer http/ws/tcp.
 * Segment boundaries follow those events, not the original TCP segments (which the tap never saw).
 */
import type { Dir, Hop, WireEvent } from '@/lib/mirror/types';
import { fromBase64 } from './bytes';

const LINKTYPE_RAW = 101; // raw IPv4/IPv6, no link-layer header
const MAX_SEGMENT = 65_495; // 65535 - 20 (IPv4) - 20 (TCP)

const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

/** Which events' raw bytes are the connection's own bytes (not a nested decode failure). */
export function ownsWireBytes(event: WireEvent): boolean {
  switch (event.kind) {
    case 'http-request':
    case 'http-response':
    case 'http-body':
    case 'ws-frame':
      return true;
    case 'protocol-error':
      return event.layer === 'http' || event.layer === 'ws' || event.layer === 'tcp';
    default:
      return false;
  }
}

interface Endpoint {
  ip: [number, number, number, number];
  port: number;
}

interface Flow {
  client: Endpoint;
  server: Endpoint;
  /** Next sequence number per direction ('up' = client's). */
  seq: Record<Dir, number>;
  closed: boolean;
}

function checksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | null = null;
  for (const bytes of parts) {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (odd === null) odd = b;
      else {
        sum += (odd << 8) | b;
        odd = null;
      }
    }
  }
  if (odd !== null) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One IPv4 packet carrying one TCP segment, checksums included. */
export function tcpPacket(
  from: Endpoint,
  to: Endpoint,
  seq: number,
  ack: number,
  flags: number,
  payload: Uint8Array,
): Uint8Array {
  const packet = new Uint8Array(40 + payload.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x45; // IPv4, 5-word header
  view.setUint16(2, packet.length);
  view.setUint16(6, 0x4000); // don't fragment
  packet[8] = 64; // TTL
  packet[9] = 6; // TCP
  packet.set(from.ip, 12);
  packet.set(to.ip, 16);
  view.setUint16(10, checksum([packet.subarray(0, 20)]));
  view.setUint16(20, from.port);
  view.setUint16(22, to.port);
  view.setUint32(24, seq >>> 0);
  view.setUint32(28, ack >>> 0);
  packet[32] = 5 << 4; // data offset: 5 words
  packet[33] = flags;
  view.setUint16(34, 0xffff); // window
  packet.set(payload, 40);
  const pseudo = new Uint8Array(12);
  pseudo.set(from.ip, 0);
  pseudo.set(to.ip, 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, 20 + payload.length);
  view.setUint16(36, checksum([pseudo, packet.subarray(20)]));
  return packet;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, out.length, true);
  out.set(body, 8);
  view.setUint32(out.length - 4, out.length, true);
  return out;
}

function sectionHeader(): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint32(0, 0x1a2b3c4d, true); // byte-order magic
  view.setUint16(4, 1, true); // major version
  view.setUint16(6, 0, true); // minor version
  view.setBigInt64(8, -1n, true); // section length: unknown
  return block(0x0a0d0d0a, body);
}

function interfaceDescription(): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, LINKTYPE_RAW, true);
  view.setUint32(4, 0, true); // snaplen: no limit
  return block(0x00000001, body); // timestamps default to microseconds
}

function enhancedPacket(timestampMicros: number, packet: Uint8Array): Uint8Array {
  const body = new Uint8Array(20 + packet.length);
  const view = new DataView(body.buffer);
  const ts = BigInt(Math.max(0, Math.round(timestampMicros)));
  view.setUint32(0, 0, true); // interface 0
  view.setUint32(4, Number(ts >> 32n), true);
  view.setUint32(8, Number(ts & 0xffffffffn), true);
  view.setUint32(12, packet.length, true);
  view.setUint32(16, packet.length, true);
  body.set(packet, 20);
  return block(0x00000006, body);
}

function endpoints(conn: string, hop: Hop, index: number): { client: Endpoint; server: Endpoint } {
  const n = Number(/\d+/.exec(conn)?.[0] ?? index) % 20_000;
  const net = hop === 'browser-edge' ? 1 : 2;
  return {
    client: { ip: [10, net, 0, 1], port: 40_000 + n },
    server: { ip: [10, net, 0, 2], port: 80 },
  };
}

export interface PcapngOptions {
  /** Wall-clock ms of session time 0 (event t is relative to it). Default 0. */
  startEpochMs?: number;
}

/** Builds a pcapng file from a capture's WireEvents (in log order). */
export function capturePcapng(
  events: readonly WireEvent[],
  options: PcapngOptions = {},
): Uint8Array {
  const start = options.startEpochMs ?? 0;
  const blocks: Uint8Array[] = [sectionHeader(), interfaceDescription()];
  const flows = new Map<string, Flow>();
  const emit = (t: number, flow: Flow, dir: Dir, flags: number, payload: Uint8Array) => {
    const [from, to] = dir === 'up' ? [flow.client, flow.server] : [flow.server, flow.client];
    const other: Dir = dir === 'up' ? 'down' : 'up';
    const packet = tcpPacket(from, to, flow.seq[dir], flow.seq[other], flags, payload);
    blocks.push(enhancedPacket((start + t) * 1000, packet));
    flow.seq[dir] = (flow.seq[dir] + payload.length + (flags & (TCP.SYN | TCP.FIN) ? 1 : 0)) >>> 0;
  };
  const flowFor = (event: WireEvent): Flow => {
    const key = `${event.conn} ${event.hop}`;
    let flow = flows.get(key);
    if (!flow) {
      flow = {
        ...endpoints(event.conn, event.hop, flows.size),
        seq: { up: 1000, down: 5000 },
        closed: false,
      };
      flows.set(key, flow);
      emit(event.t, flow, 'up', TCP.SYN, new Uint8Array(0));
      emit(event.t, flow, 'down', TCP.SYN | TCP.ACK, new Uint8Array(0));
      emit(event.t, flow, 'up', TCP.ACK, new Uint8Array(0));
    }
    return flow;
  };

  for (const event of events) {
    if (event.kind === 'conn-close') {
      const flow = flows.get(`${event.conn} ${event.hop}`);
      if (!flow || flow.closed) continue;
      flow.closed = true;
      const dir: Dir = event.by === 'server' ? 'down' : 'up';
      if (event.how === 'reset') emit(event.t, flow, dir, TCP.RST | TCP.ACK, new Uint8Array(0));
      else {
        emit(event.t, flow, dir, TCP.FIN | TCP.ACK, new Uint8Array(0));
        emit(event.t, flow, dir === 'up' ? 'down' : 'up', TCP.FIN | TCP.ACK, new Uint8Array(0));
      }
      continue;
    }
    if (!ownsWireBytes(event) || !('raw' in event)) continue;
    const bytes = fromBase64(event.raw);
    if (!bytes || bytes.length === 0) continue;
    const flow = flowFor(event);
    for (let offset = 0; offset < bytes.length; offset += MAX_SEGMENT) {
      emit(
        event.t,
        flow,
        event.dir,
        TCP.PSH | TCP.ACK,
        bytes.subarray(offset, offset + MAX_SEGMENT),
      );
    }
  }
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
