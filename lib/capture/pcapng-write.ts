/**
 * A capture (TapRecords) as pcapng that Wireshark and tshark open and dissect as the same HTTP and
 * WebSocket conversations.
 *
 * Each (connection, hop) is one TCP stream between made-up IPv4 endpoints on its own interface:
 *
 *   browser-edge  browser 10.1.k.1:(10000+n)  →  edge      10.1.0.2:80
 *   edge-node     edge    10.2.k.1:(10000+n)  →  lab node  10.2.0.2:8080
 *
 * (n from the connection id 'c<n>'; k counts streams of the same connection and hop, when bytes
 * follow a close). A stream starts with SYN / SYN-ACK / ACK at conn-open, or at its first record;
 * each bytes record is one or more segments of at most 65 495 bytes, PSH on the last, so the reader
 * finds the record boundaries again; conn-close is FIN / FIN / ACK ('end') or RST ('reset',
 * 'error') from the side that closed. An elided record leaves a gap in the sequence numbers
 * (Wireshark: "previous segment not captured"). Edge events, elided runs and empty chunks are
 * packet comments (lib/capture/pcapng-notes.ts) on the next packet, so they survive and come back.
 */
import type { Dir, Hop } from '../mirror/types';
import {
  enhancedPacketBlock,
  interfaceBlock,
  sectionHeaderBlock,
  statisticsBlock,
} from './pcapng-blocks';
import {
  type CaptureInfo,
  captureComment,
  recordComment,
  streamComment,
  USER_APPL,
} from './pcapng-notes';
import type { EdgeEvent, TapRecord } from './records';
import { type Endpoint, LINKTYPE, MAX_SEGMENT, TCP_FLAGS, tcpPacket } from './tcp-ip';

export interface PcapngWriteOptions {
  /** Wall-clock ms of session time 0 (record t is relative to it). Default 0. */
  startEpochMs?: number;
  session?: string;
  /** The session's WebSocket maxPayload, kept for the decoder on import. */
  maxPayload?: number;
}

const { FIN, SYN, RST, PSH, ACK } = TCP_FLAGS;
const WINDOW_SHIFT = 14; // 65535 << 14 ≈ 1 GiB: no record ever fills the window
const ISN: Record<Dir, number> = { up: 1000, down: 5000 };

export const HOP_NETWORK: Record<Hop, { net: number; serverPort: number; iface: number }> = {
  'browser-edge': { net: 1, serverPort: 80, iface: 0 },
  'edge-node': { net: 2, serverPort: 8080, iface: 1 },
};

interface Flow {
  hop: Hop;
  client: Endpoint;
  server: Endpoint;
  /** Next sequence number per direction ('up' = the client's). */
  seq: Record<Dir, number>;
}

class PcapngWriter {
  readonly blocks: Uint8Array[] = [];
  private readonly startMicros: number;
  private readonly flows = new Map<string, Flow>();
  /** Streams so far per connection and hop. */
  private readonly instances = new Map<string, number>();
  private readonly otherPorts = new Map<string, number>();
  /** Comments for the next packet: ready text, or records (rendered when they find a packet). */
  private pending: (string | TapRecord)[] = [];
  /** The last packet block, held back so that comments after it can still join it. */
  private held: { iface: number; micros: number; packet: Uint8Array; comments: string[] } | null =
    null;
  private lastMicros = 0;
  private ipId = 0;

  constructor(info: CaptureInfo) {
    this.startMicros = Math.round(info.startEpochMs * 1000);
    this.lastMicros = this.startMicros;
    this.blocks.push(
      sectionHeaderBlock(USER_APPL, [captureComment(info)]),
      interfaceBlock(LINKTYPE.RAW, 'browser-edge', 'Wire Lab: browser ⇄ edge'),
      interfaceBlock(LINKTYPE.RAW, 'edge-node', 'Wire Lab: edge ⇄ lab node'),
    );
  }

  write(record: TapRecord): void {
    if (record.kind === 'event') {
      this.event(record.event, record);
      return;
    }
    if (record.kind === 'bytes' && record.data.length === 0) {
      this.pending.push(record); // the tap never records one; keep it anyway
      return;
    }
    const flow = this.flowFor(record.conn, record.hop, record.t, []);
    if (record.kind === 'elided') {
      this.pending.push(record);
      flow.seq[record.dir] = (flow.seq[record.dir] + record.length) >>> 0;
      return;
    }
    const { data } = record;
    for (let offset = 0; offset < data.length; offset += MAX_SEGMENT) {
      const last = offset + MAX_SEGMENT >= data.length;
      const payload = data.subarray(offset, offset + MAX_SEGMENT);
      this.emit(record.t, flow, record.dir, last ? PSH | ACK : ACK, payload);
    }
  }

  finish(): Uint8Array {
    // Records after the last packet ride on it, marked 'after' (Wireshark keeps packet comments
    // when it saves a file; it drops statistics blocks). Without any packet: a statistics block.
    if (this.held) this.held.comments.push(...this.render(true));
    this.flush();
    if (this.pending.length > 0)
      this.blocks.push(statisticsBlock(0, this.lastMicros, this.render()));
    let total = 0;
    for (const b of this.blocks) total += b.length;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of this.blocks) {
      out.set(b, offset);
      offset += b.length;
    }
    return out;
  }

  private event(event: EdgeEvent, note: TapRecord): void {
    const key = `${event.conn} ${event.hop}`;
    if (event.kind === 'conn-open' && !this.flows.has(key)) {
      this.flowFor(event.conn, event.hop, event.t, [note]);
      return;
    }
    this.pending.push(note);
    if (event.kind !== 'conn-close') return;
    const flow = this.flows.get(key);
    if (!flow) return;
    this.flows.delete(key);
    const closer: Dir =
      event.by === 'client' || (event.by === 'edge' && event.hop === 'edge-node') ? 'up' : 'down';
    const other: Dir = closer === 'up' ? 'down' : 'up';
    if (event.how === 'end') {
      this.emit(event.t, flow, closer, FIN | ACK);
      this.emit(event.t, flow, other, FIN | ACK);
      this.emit(event.t, flow, closer, ACK);
    } else {
      this.emit(event.t, flow, closer, RST | ACK);
    }
  }

  /** The open stream of a connection and hop; a new one (with its handshake) if there is none. */
  private flowFor(conn: string, hop: Hop, t: number, notes: TapRecord[]): Flow {
    const key = `${conn} ${hop}`;
    const open = this.flows.get(key);
    if (open) {
      this.pending.push(...notes);
      return open;
    }
    const instance = this.instances.get(key) ?? 0;
    this.instances.set(key, instance + 1);
    const { net, serverPort } = HOP_NETWORK[hop];
    const flow: Flow = {
      hop,
      client: { ip: [10, net, instance & 0xff, 1], port: this.clientPort(conn) },
      server: { ip: [10, net, 0, 2], port: serverPort },
      seq: { ...ISN },
    };
    this.flows.set(key, flow);
    const syn = { mss: MAX_SEGMENT, windowShift: WINDOW_SHIFT };
    this.pending.push(streamComment(conn, hop), ...notes);
    this.emit(t, flow, 'up', SYN, undefined, syn);
    this.emit(t, flow, 'down', SYN | ACK, undefined, syn);
    this.emit(t, flow, 'up', ACK);
    return flow;
  }

  private render(after = false): string[] {
    const out = this.pending.map((p) => (typeof p === 'string' ? p : recordComment(p, after)));
    this.pending = [];
    return out;
  }

  private flush(): void {
    if (!this.held) return;
    const { iface, micros, packet, comments } = this.held;
    this.blocks.push(enhancedPacketBlock(iface, micros, packet, comments));
    this.held = null;
  }

  private clientPort(conn: string): number {
    const n = /^c(\d+)$/.exec(conn) ? Number(conn.slice(1)) : 0;
    if (n >= 1 && n <= 50_000) return 10_000 + n;
    let port = this.otherPorts.get(conn);
    if (port === undefined) {
      port = 60_001 + (this.otherPorts.size % 5000);
      this.otherPorts.set(conn, port);
    }
    return port;
  }

  private emit(
    t: number,
    flow: Flow,
    dir: Dir,
    flags: number,
    payload: Uint8Array = new Uint8Array(0),
    synOptions?: { mss: number; windowShift: number },
  ): void {
    const [from, to] = dir === 'up' ? [flow.client, flow.server] : [flow.server, flow.client];
    const other: Dir = dir === 'up' ? 'down' : 'up';
    const packet = tcpPacket({
      from,
      to,
      seq: flow.seq[dir],
      ack: flags & ACK ? flow.seq[other] : 0,
      flags,
      payload,
      id: this.ipId++,
      ...(synOptions ? { synOptions } : {}),
    });
    const micros = this.startMicros + Math.round(t * 1000);
    this.lastMicros = micros;
    this.flush();
    this.held = { iface: HOP_NETWORK[flow.hop].iface, micros, packet, comments: this.render() };
    flow.seq[dir] = (flow.seq[dir] + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  }
}

/** Builds a pcapng file from a capture's records, in capture order. */
export function writePcapng(
  records: Iterable<TapRecord>,
  options: PcapngWriteOptions = {},
): Uint8Array {
  const info: CaptureInfo = { startEpochMs: options.startEpochMs ?? 0 };
  if (options.session !== undefined) info.session = options.session;
  if (options.maxPayload !== undefined) info.maxPayload = options.maxPayload;
  const writer = new PcapngWriter(info);
  for (const record of records) writer.write(record);
  return writer.finish();
}

/** A download name for the capture: `wirelab-<session>.pcapng`. */
export function pcapngFileName(session: string): string {
  return `wirelab-${session.replace(/[^0-9a-zA-Z_-]/g, '')}.pcapng`;
}
