/**
 * pcapng or classic pcap → TapRecords.
 *
 * TCP packets are grouped into streams by their 4-tuple (a new SYN after a close starts a new
 * stream), each direction is reassembled in sequence order (lib/capture/tcp-reassembly.ts), and the
 * pieces of all streams are put back in capture order. A run of segments up to one with PSH is one
 * bytes record.
 *
 * - Streams written by lib/capture/pcapng-write.ts carry a `stream` note on their SYN: they keep
 *   their connection id and hop, and their edge events and elided runs come from the notes, so such
 *   a file round-trips exactly (t to the microsecond).
 * - Any other stream becomes connection c1, c2, … (in order of first packet) on hop 'browser-edge';
 *   the client is the SYN's sender (else: who speaks HTTP first, else the higher port, else who
 *   sends first); conn-open at its first packet, conn-close at the first FIN ('end') or RST
 *   ('reset'); bytes the capture missed become an elided record.
 */
import { concatBytes, utf8Decode } from '@/lib/wire/bytes';
import type { Dir, Hop } from '../mirror/types';
import type { ImportedCapture } from './imported';
import {
  type CaptureItem,
  isPcap,
  isPcapng,
  type PacketCapture,
  readPcapngBlocks,
  readPcapRecords,
} from './pcapng-blocks';
import { type CaptureInfo, parseNote } from './pcapng-notes';
import type { BytesRecord, TapRecord } from './records';
import { type Endpoint, endpointText, parseFrame, TCP_FLAGS, type TcpSegment } from './tcp-ip';
import { type Arrival, type Piece, type Reassembled, reassemble } from './tcp-reassembly';
import { ImportError } from './validate';

const { FIN, SYN, RST, PSH, ACK } = TCP_FLAGS;

interface Packet {
  p: number;
  micros: number;
  segment: TcpSegment;
}

interface Stream {
  /** Endpoints as first seen: a is the first packet's sender. */
  a: Endpoint;
  b: Endpoint;
  packets: Packet[];
  note?: { conn: string; hop: Hop };
  /** The note came from our writer's comment (not made up for a foreign stream). */
  ours: boolean;
  closed: boolean;
}

interface Output {
  p: number;
  /** Within one packet: notes, then conn-open, then data, then conn-close, then 'after' notes. */
  sub: number;
  record: TapRecord;
  /** Data pieces: stream and direction, and whether the record is complete (PSH). */
  run?: { stream: Stream; dir: Dir; psh: boolean };
}

const sameEndpoint = (x: Endpoint, y: Endpoint) =>
  x.port === y.port && x.ip.length === y.ip.length && x.ip.every((v, i) => v === y.ip[i]);

const HTTP_REQUEST = /^[A-Z]{3,10} \S+ HTTP\/\d/;

/** Which endpoint is the client (the one whose bytes go 'up'). */
function clientOf(stream: Stream): Endpoint {
  const syn = stream.packets.find((k) => k.segment.flags & SYN);
  if (syn) return syn.segment.flags & ACK ? syn.segment.dst : syn.segment.src;
  const first = stream.packets.find((k) => k.segment.payload.length > 0);
  if (first) {
    const head = utf8Decode(first.segment.payload.subarray(0, 32));
    if (HTTP_REQUEST.test(head)) return first.segment.src;
    if (head.startsWith('HTTP/')) return first.segment.dst;
  }
  if (stream.a.port !== stream.b.port) return stream.a.port > stream.b.port ? stream.a : stream.b;
  return first?.segment.src ?? stream.a;
}

class Reader {
  readonly outputs: Output[] = [];
  readonly warnings: string[] = [];
  info: CaptureInfo | null = null;
  private readonly streams: Stream[] = [];
  private readonly current = new Map<string, Stream>();
  private readonly skipped = new Map<string, number>();
  private badNotes = 0;

  constructor(private readonly capture: PacketCapture) {}

  read(): void {
    for (const c of this.capture.sectionComments) {
      const note = parseNote(c);
      if (note && !(note instanceof Error) && 'capture' in note) this.info = note.capture;
    }
    for (const [p, item] of this.capture.items.entries()) this.item(item, p);
    const used = new Set(this.streams.flatMap((s) => (s.note ? [s.note.conn] : [])));
    let n = 0;
    for (const stream of this.streams) {
      stream.ours = stream.note !== undefined;
      if (!stream.ours) {
        do n++;
        while (used.has(`c${n}`));
        this.foreignEvents(stream, `c${n}`);
      }
      this.streamData(stream);
    }
    for (const [what, count] of this.skipped)
      this.warnings.push(`${count} packet${count === 1 ? '' : 's'} skipped: ${what}`);
    if (this.badNotes > 0)
      this.warnings.push(
        `${this.badNotes} Wire Lab comment${this.badNotes === 1 ? '' : 's'} did not parse and were ignored`,
      );
  }

  private skip(what: string): void {
    this.skipped.set(what, (this.skipped.get(what) ?? 0) + 1);
  }

  private item(item: CaptureItem, p: number): void {
    let streamNote: Stream['note'];
    for (const c of item.comments) {
      const note = parseNote(c);
      if (note instanceof Error) this.badNotes++;
      else if (note && 'record' in note)
        this.outputs.push({ p, sub: note.after ? 4 : 0, record: note.record });
      else if (note && 'stream' in note) streamNote = note.stream;
    }
    if (item.type !== 'packet') return;
    const parsed = parseFrame(item.data, item.linkType);
    if (parsed.kind !== 'tcp') {
      this.skip(parsed.kind === 'other' ? `not TCP (${parsed.what})` : `malformed (${parsed.why})`);
      return;
    }
    const segment = parsed.segment;
    if (segment.missing > 0) this.skip('cut short by the capture’s snap length');
    const stream = this.streamFor(segment);
    if (streamNote && !stream.note) stream.note = streamNote;
    stream.packets.push({ p, micros: item.micros, segment });
  }

  private streamFor(segment: TcpSegment): Stream {
    const ends = [endpointText(segment.src), endpointText(segment.dst)].sort();
    const key = ends.join(' ');
    let stream = this.current.get(key);
    const isSyn = (segment.flags & (SYN | ACK)) === SYN;
    if (stream && isSyn) {
      const earlier = stream.packets.find((k) => (k.segment.flags & (SYN | ACK)) === SYN);
      if (stream.closed || (earlier && earlier.segment.seq !== segment.seq)) stream = undefined;
    }
    if (!stream) {
      stream = { a: segment.src, b: segment.dst, packets: [], ours: false, closed: false };
      this.current.set(key, stream);
      this.streams.push(stream);
    }
    if (segment.flags & (FIN | RST)) stream.closed = true;
    return stream;
  }

  /** conn-open and conn-close for a stream the writer did not annotate. */
  private foreignEvents(stream: Stream, conn: string): void {
    stream.note = { conn, hop: 'browser-edge' };
    const client = clientOf(stream);
    const server = sameEndpoint(client, stream.a) ? stream.b : stream.a;
    const first = stream.packets[0] as Packet;
    this.outputs.push({
      p: first.p,
      sub: 1,
      record: {
        kind: 'event',
        event: {
          kind: 'conn-open',
          t: this.t(first.micros),
          conn,
          hop: 'browser-edge',
          dir: 'up',
          peer: endpointText(client),
        },
      },
    });
    const close = stream.packets.find((k) => k.segment.flags & (FIN | RST));
    if (!close) return;
    const by = sameEndpoint(close.segment.src, server) ? 'server' : 'client';
    this.outputs.push({
      p: close.p,
      sub: 3,
      record: {
        kind: 'event',
        event: {
          kind: 'conn-close',
          how: close.segment.flags & RST ? 'reset' : 'end',
          by,
          t: this.t(close.micros),
          conn,
          hop: 'browser-edge',
          dir: by === 'server' ? 'down' : 'up',
        },
      },
    });
  }

  private streamData(stream: Stream): void {
    const note = stream.note as { conn: string; hop: Hop };
    const ours = stream.ours;
    const client = clientOf(stream);
    for (const dir of ['up', 'down'] as const) {
      const arrivals: Arrival[] = [];
      let dataStart: number | undefined;
      let missing = 0;
      for (const k of stream.packets) {
        const s = k.segment;
        if (sameEndpoint(s.src, client) !== (dir === 'up')) continue;
        if (s.flags & SYN) dataStart = (s.seq + 1) >>> 0;
        missing += s.missing;
        arrivals.push({
          p: k.p,
          micros: k.micros,
          seq: s.seq,
          payload: s.payload,
          psh: !!(s.flags & PSH),
        });
      }
      // Our writer never reorders or repeats: its streams are read in packet order (an elided run
      // of 4 GiB or more would wrap the sequence numbers).
      const result = ours ? inOrder(arrivals) : reassemble(arrivals, dataStart);
      const where = `${note.conn} ${dir}`;
      if (result.retransmits > 0)
        this.warnings.push(
          `${where}: ${result.retransmits} retransmitted segment${result.retransmits === 1 ? '' : 's'} dropped`,
        );
      if (result.gapBytes > 0 && !ours)
        this.warnings.push(
          `${where}: ${result.gapBytes} bytes not in the capture${missing > 0 ? ' (cut by the snap length)' : ''}: an elided record stands for them`,
        );
      for (const piece of result.pieces) this.piece(stream, dir, piece, ours);
    }
  }

  private piece(stream: Stream, dir: Dir, piece: Piece, ours: boolean): void {
    const { conn, hop } = stream.note as { conn: string; hop: Hop };
    const t = this.t(piece.micros);
    if (piece.kind === 'gap') {
      // Our writer's gaps are the elided records its comments carry.
      if (!ours)
        this.outputs.push({
          p: piece.p,
          sub: 2,
          record: { kind: 'elided', t, conn, hop, dir, length: piece.length, frames: 0 },
        });
      return;
    }
    this.outputs.push({
      p: piece.p,
      sub: 2,
      record: { kind: 'bytes', t, conn, hop, dir, data: piece.data },
      run: { stream, dir, psh: piece.psh },
    });
  }

  private t(micros: number): number {
    const start = this.startMicros();
    return (micros - start) / 1000;
  }

  startMicros(): number {
    if (this.info) return Math.round(this.info.startEpochMs * 1000);
    const first = this.capture.items.find((i) => i.type === 'packet');
    return first?.type === 'packet' ? first.micros : 0;
  }
}

function inOrder(arrivals: readonly Arrival[]): Reassembled {
  const pieces: Piece[] = arrivals
    .filter((a) => a.payload.length > 0)
    .map((a) => ({ kind: 'data', p: a.p, micros: a.micros, data: a.payload, psh: a.psh }));
  return { pieces, retransmits: 0, gapBytes: 0 };
}

/** Puts outputs in capture order and joins each run of segments up to PSH into one bytes record. */
function records(outputs: Output[]): TapRecord[] {
  const sorted = outputs
    .map((o, i) => ({ o, i }))
    .sort((x, y) => x.o.p - y.o.p || x.o.sub - y.o.sub || x.i - y.i)
    .map(({ o }) => o);
  const out: TapRecord[] = [];
  /** The bytes record still open (its last segment had no PSH), and its parts. */
  let open: { stream: Stream; dir: Dir; record: BytesRecord; parts: Uint8Array[] } | null = null;
  const finish = (run: NonNullable<typeof open>) => {
    if (run.parts.length > 1) run.record.data = concatBytes(run.parts);
  };
  for (const o of sorted) {
    const { run, record } = o;
    if (run && record.kind === 'bytes' && open?.stream === run.stream && open.dir === run.dir) {
      open.parts.push(record.data);
      open.record.t = record.t;
    } else {
      if (open) finish(open);
      open = null;
      out.push(record);
      if (run && record.kind === 'bytes')
        open = { stream: run.stream, dir: run.dir, record, parts: [record.data] };
    }
    if (open && run?.psh) {
      finish(open);
      open = null;
    }
  }
  if (open) finish(open);
  return out;
}

/** Reads a pcapng or classic pcap file into TapRecords. Throws an Error naming what is wrong. */
export function readPcapng(bytes: Uint8Array): ImportedCapture {
  let capture: PacketCapture;
  if (isPcapng(bytes)) capture = readPcapngBlocks(bytes);
  else if (isPcap(bytes)) capture = readPcapRecords(bytes);
  else
    throw new ImportError(
      'pcapng: the file starts with neither a pcapng section header nor a pcap magic',
    );
  const reader = new Reader(capture);
  reader.read();
  const result: ImportedCapture = {
    records: records(reader.outputs),
    format: capture.format,
    warnings: [...capture.warnings, ...reader.warnings],
    startEpochMs: reader.info?.startEpochMs ?? reader.startMicros() / 1000,
  };
  if (reader.info?.session !== undefined) result.session = reader.info.session;
  if (reader.info?.maxPayload !== undefined) result.maxPayload = reader.info.maxPayload;
  if (capture.items.length === 0)
    result.warnings.push(`${capture.format}: the file holds no packets or Wire Lab records`);
  return result;
}
