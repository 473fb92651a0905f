/**
 * pcapng blocks (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) and classic pcap
 * files, as bytes: the writer's block builders, and a reader that turns either format, in either
 * byte order, into one list of packets and comments.
 *
 *   Block:  u32 type · u32 total length · body (padded to 32 bits) · u32 total length
 *   Option: u16 code · u16 length · value (padded to 32 bits); the list ends with code 0
 */
import { utf8Decode, utf8Encode } from '@/lib/wire/bytes';
import { ImportError } from './validate';

export const BLOCK = {
  SHB: 0x0a0d0d0a, // section header
  IDB: 0x00000001, // interface description
  PB: 0x00000002, // (obsolete) packet block
  SPB: 0x00000003, // simple packet block
  ISB: 0x00000005, // interface statistics
  EPB: 0x00000006, // enhanced packet block
} as const;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

export interface BlockOption {
  code: number;
  value: Uint8Array;
}

export const comment = (text: string): BlockOption => ({
  code: OPT_COMMENT,
  value: utf8Encode(text),
});

function optionsBytes(options: readonly BlockOption[]): Uint8Array {
  if (options.length === 0) return new Uint8Array(0);
  let length = 4; // opt_endofopt
  for (const o of options) length += 4 + ((o.value.length + 3) & ~3);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const o of options) {
    view.setUint16(offset, o.code, true);
    view.setUint16(offset + 2, o.value.length, true);
    out.set(o.value, offset + 4);
    offset += 4 + ((o.value.length + 3) & ~3);
  }
  view.setUint16(offset, OPT_END, true);
  return out;
}

/** A little-endian block: fixed body fields, then options. */
function block(type: number, fixed: Uint8Array, options: readonly BlockOption[] = []): Uint8Array {
  const opts = optionsBytes(options);
  const padded = (fixed.length + 3) & ~3;
  const out = new Uint8Array(12 + padded + opts.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, out.length, true);
  out.set(fixed, 8);
  out.set(opts, 8 + padded);
  view.setUint32(out.length - 4, out.length, true);
  return out;
}

export function sectionHeaderBlock(userAppl: string, comments: readonly string[]): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true); // major version
  view.setUint16(6, 0, true); // minor version
  view.setBigInt64(8, -1n, true); // section length: unknown
  return block(BLOCK.SHB, body, [
    { code: SHB_USERAPPL, value: utf8Encode(userAppl) },
    ...comments.map(comment),
  ]);
}

export function interfaceBlock(linkType: number, name: string, description: string): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setUint16(0, linkType, true);
  view.setUint32(4, 0, true); // snaplen: no limit
  return block(BLOCK.IDB, body, [
    { code: IF_NAME, value: utf8Encode(name) },
    { code: IF_DESCRIPTION, value: utf8Encode(description) },
    { code: IF_TSRESOL, value: new Uint8Array([6]) }, // microseconds
  ]);
}

function timestampFields(view: DataView, offset: number, micros: number): void {
  const ts = Math.max(0, Math.round(micros)); // < 2^53: exact as a double
  view.setUint32(offset, Math.floor(ts / 0x1_0000_0000), true);
  view.setUint32(offset + 4, ts % 0x1_0000_0000, true);
}

export function enhancedPacketBlock(
  interfaceId: number,
  micros: number,
  packet: Uint8Array,
  comments: readonly string[],
): Uint8Array {
  if (comments.length > 0) {
    const body = new Uint8Array(20 + packet.length);
    body.set(packet, 20);
    epbFields(new DataView(body.buffer), 0, interfaceId, micros, packet.length);
    return block(BLOCK.EPB, body, comments.map(comment));
  }
  // The common case, written in place: 8 header + 20 fields + padded packet + 4 trailer.
  const out = new Uint8Array(32 + ((packet.length + 3) & ~3));
  const view = new DataView(out.buffer);
  view.setUint32(0, BLOCK.EPB, true);
  view.setUint32(4, out.length, true);
  epbFields(view, 8, interfaceId, micros, packet.length);
  out.set(packet, 28);
  view.setUint32(out.length - 4, out.length, true);
  return out;
}

function epbFields(view: DataView, at: number, id: number, micros: number, length: number): void {
  view.setUint32(at, id, true);
  timestampFields(view, at + 4, micros);
  view.setUint32(at + 12, length, true); // captured length
  view.setUint32(at + 16, length, true); // original length
}

/** Interface statistics: here only a carrier for comments that follow the last packet. */
export function statisticsBlock(
  interfaceId: number,
  micros: number,
  comments: readonly string[],
): Uint8Array {
  const body = new Uint8Array(12);
  const view = new DataView(body.buffer);
  view.setUint32(0, interfaceId, true);
  timestampFields(view, 4, micros);
  return block(BLOCK.ISB, body, comments.map(comment));
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────────

export type CaptureItem =
  | {
      type: 'packet';
      /** 1-based frame number, as Wireshark counts. */
      frame: number;
      linkType: number;
      interfaceName?: string;
      /** Epoch microseconds (fractional for finer resolutions). */
      micros: number;
      data: Uint8Array;
      /** Bytes the capture cut off (snap length). */
      cut: number;
      comments: string[];
    }
  | { type: 'note'; micros?: number; comments: string[] };

export interface PacketCapture {
  format: 'pcapng' | 'pcap';
  userAppl?: string;
  sectionComments: string[];
  items: CaptureItem[];
  warnings: string[];
}

interface Interface {
  linkType: number;
  name?: string;
  /** Timestamp units per second, and the offset in seconds. */
  unitsPerSecond: bigint;
  offsetSeconds: bigint;
}

function toMicros(units: bigint, iface: Interface): number {
  const total = units + iface.offsetSeconds * iface.unitsPerSecond;
  if (iface.unitsPerSecond === 1_000_000n) return Number(total);
  const whole = (total * 1_000_000n) / iface.unitsPerSecond;
  const rest = (total * 1_000_000n) % iface.unitsPerSecond;
  return Number(whole) + Number(rest) / Number(iface.unitsPerSecond);
}

function readOptions(view: DataView, start: number, end: number, le: boolean): BlockOption[] {
  const out: BlockOption[] = [];
  let offset = start;
  while (offset + 4 <= end) {
    const code = view.getUint16(offset, le);
    const length = view.getUint16(offset + 2, le);
    if (code === OPT_END) break;
    if (offset + 4 + length > end) break;
    const at = view.byteOffset + offset + 4;
    out.push({ code, value: new Uint8Array(view.buffer, at, length) });
    offset += 4 + ((length + 3) & ~3);
  }
  return out;
}

const commentsOf = (options: readonly BlockOption[]) =>
  options.filter((o) => o.code === OPT_COMMENT).map((o) => utf8Decode(o.value));

function interfaceOf(view: DataView, at: number, end: number, le: boolean): Interface {
  const iface: Interface = {
    linkType: view.getUint16(at, le),
    unitsPerSecond: 1_000_000n,
    offsetSeconds: 0n,
  };
  for (const o of readOptions(view, at + 8, end, le)) {
    if (o.code === IF_NAME) iface.name = utf8Decode(o.value);
    if (o.code === IF_TSRESOL && o.value.length >= 1) {
      const r = o.value[0] as number;
      iface.unitsPerSecond = r & 0x80 ? 2n ** BigInt(r & 0x7f) : 10n ** BigInt(r);
    }
    if (o.code === IF_TSOFFSET && o.value.length >= 8) {
      iface.offsetSeconds = new DataView(o.value.buffer, o.value.byteOffset, 8).getBigInt64(0, le);
    }
  }
  return iface;
}

export function readPcapngBlocks(bytes: Uint8Array): PacketCapture {
  if (bytes.length < 28)
    throw new ImportError(
      `pcapng: the file has ${bytes.length} bytes, too few for a section header block (28)`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const capture: PacketCapture = { format: 'pcapng', sectionComments: [], items: [], warnings: [] };
  let le = true;
  let interfaces: Interface[] = [];
  let offset = 0;
  let frame = 0;
  let lastMicros = 0;
  while (offset + 12 <= bytes.length) {
    const where = `pcapng: block at byte ${offset}`;
    if (view.getUint32(offset, true) === BLOCK.SHB) {
      const magic = view.getUint32(offset + 8, true);
      if (magic === BYTE_ORDER_MAGIC) le = true;
      else if (magic === 0x4d3c2b1a) le = false;
      else
        throw new ImportError(
          `${where}: section header has byte-order magic 0x${magic.toString(16)}`,
        );
      interfaces = [];
    } else if (offset === 0) {
      throw new ImportError('pcapng: the file does not start with a section header block');
    }
    const type = view.getUint32(offset, le);
    const length = view.getUint32(offset + 4, le);
    if (length < 12 || length % 4 !== 0)
      throw new ImportError(
        `${where}: total length ${length} is not a multiple of 4 of at least 12`,
      );
    if (offset + length > bytes.length) {
      capture.warnings.push(
        `${where} is cut short (${length} bytes declared, ${bytes.length - offset} left): the rest is ignored`,
      );
      return capture;
    }
    if (view.getUint32(offset + length - 4, le) !== length)
      throw new ImportError(
        `${where}: trailing length does not match the leading length ${length}`,
      );
    const body = offset + 8;
    const end = offset + length - 4;
    if (type === BLOCK.SHB) {
      for (const o of readOptions(view, body + 16, end, le)) {
        if (o.code === SHB_USERAPPL) capture.userAppl = utf8Decode(o.value);
        if (o.code === OPT_COMMENT) capture.sectionComments.push(utf8Decode(o.value));
      }
    } else if (type === BLOCK.IDB) {
      interfaces.push(interfaceOf(view, body, end, le));
    } else if (type === BLOCK.EPB || type === BLOCK.PB || type === BLOCK.SPB) {
      const simple = type === BLOCK.SPB;
      const id = simple
        ? 0
        : type === BLOCK.PB
          ? view.getUint16(body, le)
          : view.getUint32(body, le);
      const iface = interfaces[id];
      if (!iface)
        throw new ImportError(`${where}: packet on interface ${id}, which was not described`);
      const fixed = simple ? 4 : 20;
      const original = view.getUint32(body + (simple ? 0 : 16), le);
      const captured = simple ? Math.min(original, end - body - 4) : view.getUint32(body + 12, le);
      if (body + fixed + captured > end)
        throw new ImportError(`${where}: packet of ${captured} bytes overruns its block`);
      if (!simple) {
        const units =
          (BigInt(view.getUint32(body + 4, le)) << 32n) | BigInt(view.getUint32(body + 8, le));
        lastMicros = toMicros(units, iface);
      }
      const optionsAt = body + fixed + ((captured + 3) & ~3);
      frame++;
      capture.items.push({
        type: 'packet',
        frame,
        linkType: iface.linkType,
        ...(iface.name !== undefined ? { interfaceName: iface.name } : {}),
        micros: lastMicros,
        data: bytes.subarray(body + fixed, body + fixed + captured),
        cut: Math.max(0, original - captured),
        comments: simple ? [] : commentsOf(readOptions(view, optionsAt, end, le)),
      });
    } else if (type === BLOCK.ISB) {
      const comments = commentsOf(readOptions(view, body + 12, end, le));
      if (comments.length > 0) capture.items.push({ type: 'note', comments });
    }
    offset += length;
  }
  if (offset !== bytes.length)
    capture.warnings.push(`pcapng: ${bytes.length - offset} stray bytes after the last block`);
  return capture;
}

const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const PCAP_MAGIC_NANOS = 0xa1b23c4d;

export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const magics = [view.getUint32(0, true), view.getUint32(0, false)];
  return magics.includes(PCAP_MAGIC_MICROS) || magics.includes(PCAP_MAGIC_NANOS);
}

export function isPcapng(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === BLOCK.SHB
  );
}

/** Classic libpcap files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-01.html). */
export function readPcapRecords(bytes: Uint8Array): PacketCapture {
  if (bytes.length < 24)
    throw new ImportError(`pcap: file header needs 24 bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = [PCAP_MAGIC_MICROS, PCAP_MAGIC_NANOS].includes(view.getUint32(0, true));
  const magic = view.getUint32(0, le);
  if (magic !== PCAP_MAGIC_MICROS && magic !== PCAP_MAGIC_NANOS)
    throw new ImportError(`pcap: magic 0x${view.getUint32(0).toString(16)} is not a pcap magic`);
  const divisor = magic === PCAP_MAGIC_NANOS ? 1000 : 1;
  const linkType = view.getUint32(20, le) & 0xffff;
  const capture: PacketCapture = { format: 'pcap', sectionComments: [], items: [], warnings: [] };
  let offset = 24;
  let frame = 0;
  while (offset + 16 <= bytes.length) {
    const captured = view.getUint32(offset + 8, le);
    const original = view.getUint32(offset + 12, le);
    if (offset + 16 + captured > bytes.length) {
      capture.warnings.push(
        `pcap: packet ${frame + 1} at byte ${offset} is cut short; the rest is ignored`,
      );
      return capture;
    }
    frame++;
    capture.items.push({
      type: 'packet',
      frame,
      linkType,
      micros: view.getUint32(offset, le) * 1e6 + view.getUint32(offset + 4, le) / divisor,
      data: bytes.subarray(offset + 16, offset + 16 + captured),
      cut: Math.max(0, original - captured),
      comments: [],
    });
    offset += 16 + captured;
  }
  if (offset !== bytes.length)
    capture.warnings.push(`pcap: ${bytes.length - offset} stray bytes after the last packet`);
  return capture;
}
