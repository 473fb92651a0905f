/**
 * Cuts one direction of a proxied byte stream into the units message faults act on, without
 * decoding it (the tap worker does that): an HTTP head first (passed through), then RFC 6455 frames.
 *
 * Only whole unfragmented data frames (FIN + text/binary, no RSV bits, not inside a fragmented
 * message) are ever cut out as units a fault may drop, duplicate or hold; everything else — control
 * frames, fragments, frames too big to buffer, bytes after something that is not a frame — streams
 * through untouched, so the stream the next hop sees stays decodable.
 *
 * When cutting is not wanted (no message fault in force) every byte passes as it arrives and the
 * cutter only follows frame boundaries by reading headers, so it can start cutting at the next frame
 * when a fault is switched on mid-stream. Whether to cut is decided at each frame's first byte.
 */
import { concatBytes } from '../../../lib/wire/bytes';
import { type FrameHeader, MAX_HEADER_LENGTH, readFrameHeader } from '../../../lib/wire/ws-header';

export interface Unit {
  bytes: Uint8Array;
  /** Set on a whole unfragmented data frame (the only units message faults touch). */
  frame?: { opcode: 1 | 2; payloadLength: number };
}

export type CutterMode = 'head' | 'frames' | 'opaque';

export interface FrameCutterOptions {
  start: CutterMode;
  /** The head ended: what follows it (frames after a 101, opaque bytes otherwise). */
  onHead?: (head: Uint8Array) => CutterMode;
  /** Frames with more bytes than this stream through uncut (never buffered whole). */
  maxCut?: number;
}

const MAX_HEAD_KEPT = 64 * 1024;
const CRLFCRLF = [13, 10, 13, 10];

export class FrameCutter {
  private mode: CutterMode;
  private readonly maxCut: number;
  // head
  private matched = 0;
  private headParts: Uint8Array[] = [];
  private headKept = 0;
  // frames: the current frame's header bytes (copied) and what is left of it
  private readonly hdr = new Uint8Array(MAX_HEADER_LENGTH);
  private hdrLen = 0;
  private header: FrameHeader | null = null;
  /** Payload bytes of the current frame not yet passed or collected. */
  private remaining = 0;
  /** How the current frame is handled; null = at a frame boundary. */
  private frameMode: 'stream' | 'cut' | null = null;
  private cutParts: Uint8Array[] = [];
  private inMessage = false;

  constructor(private readonly options: FrameCutterOptions) {
    this.mode = options.start;
    this.maxCut = options.maxCut ?? 1024 * 1024 + 14;
  }

  get current(): CutterMode {
    return this.mode;
  }

  /** True between frames (cutting can start with the next byte). */
  get atBoundary(): boolean {
    return this.mode !== 'frames' || this.frameMode === null;
  }

  push(chunk: Uint8Array, wantCut: boolean): Unit[] {
    if (this.mode === 'opaque') return [{ bytes: chunk }];
    // No closures here: this runs for every chunk of every upgraded connection.
    const out: Unit[] = [];
    let passStart = -1;
    let i = 0;
    while (i < chunk.length) {
      // (a getter: the mode changes inside the loop)
      if (this.current === 'opaque') {
        if (passStart < 0) passStart = i;
        i = chunk.length;
      } else if (this.current === 'head') {
        if (passStart < 0) passStart = i;
        i = this.scanHead(chunk, i);
      } else {
        if (this.frameMode === null) {
          this.frameMode = wantCut ? 'cut' : 'stream';
          this.hdrLen = 0;
          this.header = null;
        }
        if (this.frameMode === 'stream') {
          if (passStart < 0) passStart = i;
        } else if (passStart >= 0) {
          if (i > passStart) out.push({ bytes: chunk.subarray(passStart, i) });
          passStart = -1;
        }
        if (this.header === null) i = this.readHeader(chunk, i, out);
        else if (this.frameMode === 'stream') i = this.skipPayload(chunk, i);
        else i = this.collect(chunk, i, out);
      }
    }
    if (passStart >= 0 && chunk.length > passStart) {
      out.push({ bytes: passStart === 0 ? chunk : chunk.subarray(passStart) });
    }
    return out;
  }

  /** The stream ended: bytes held in a partial unit go out as they are. */
  flush(): Unit[] {
    const out: Unit[] = [];
    if (this.frameMode === 'cut') {
      if (this.header === null && this.hdrLen > 0)
        out.push({ bytes: this.hdr.slice(0, this.hdrLen) });
      else if (this.cutParts.length > 0) out.push({ bytes: concatBytes(this.cutParts) });
    }
    this.cutParts = [];
    this.frameMode = null;
    this.mode = 'opaque';
    return out;
  }

  private scanHead(chunk: Uint8Array, from: number): number {
    let i = from;
    while (i < chunk.length) {
      const b = chunk[i] as number;
      i += 1;
      if (b === CRLFCRLF[this.matched]) this.matched += 1;
      else this.matched = b === 13 ? 1 : 0;
      if (this.matched === 4) break;
    }
    if (this.headKept < MAX_HEAD_KEPT) {
      const part = chunk.subarray(from, i);
      this.headParts.push(part);
      this.headKept += part.length;
    }
    if (this.matched === 4) {
      const head = concatBytes(this.headParts);
      this.headParts = [];
      this.mode = this.options.onHead?.(head) ?? 'opaque';
    }
    return i;
  }

  /**
   * Copies header bytes (they pass meanwhile in stream mode, are held in cut mode); once complete,
   * decides what the frame is. Returns the index after the bytes it consumed.
   */
  private readHeader(chunk: Uint8Array, from: number, out: Unit[]): number {
    let i = from;
    // At most two rounds: the first two bytes, then the rest of the header they announce.
    let read = readFrameHeader(this.hdr, 0, this.hdrLen);
    while (read.type === 'incomplete' && i < chunk.length) {
      const n = Math.min(read.need - this.hdrLen, chunk.length - i);
      for (let k = 0; k < n; k++) this.hdr[this.hdrLen + k] = chunk[i + k] as number;
      this.hdrLen += n;
      i += n;
      read = readFrameHeader(this.hdr, 0, this.hdrLen);
    }
    if (read.type === 'incomplete') return i;
    const cutting = this.frameMode === 'cut';
    if (read.type === 'error' || !Number.isSafeInteger(read.header.payloadLength)) {
      // Not a frame we can follow (absurd 64-bit length): stop looking for frames.
      if (cutting) out.push({ bytes: this.hdr.slice(0, this.hdrLen) });
      this.frameMode = null;
      this.mode = 'opaque';
      return i;
    }
    const header = read.header;
    this.header = header;
    this.remaining = header.payloadLength;
    const data = header.opcode === 1 || header.opcode === 2;
    const eligible =
      data &&
      header.fin &&
      !header.rsv1 &&
      !header.rsv2 &&
      !header.rsv3 &&
      !this.inMessage &&
      this.hdrLen + header.payloadLength <= this.maxCut;
    if (data) this.inMessage = !header.fin;
    else if (header.opcode === 0) this.inMessage = this.inMessage && !header.fin;
    if (cutting && eligible) {
      this.cutParts = [this.hdr.slice(0, this.hdrLen)];
      if (this.remaining === 0) out.push(this.finishCut());
      return i;
    }
    if (cutting) {
      // Not a frame to cut: its held header goes out now and the rest streams.
      out.push({ bytes: this.hdr.slice(0, this.hdrLen) });
      this.frameMode = 'stream';
    }
    if (this.remaining === 0) this.frameMode = null;
    return i;
  }

  private skipPayload(chunk: Uint8Array, from: number): number {
    const n = Math.min(this.remaining, chunk.length - from);
    this.remaining -= n;
    if (this.remaining === 0) this.frameMode = null;
    return from + n;
  }

  private collect(chunk: Uint8Array, from: number, out: Unit[]): number {
    const n = Math.min(this.remaining, chunk.length - from);
    if (n > 0) this.cutParts.push(chunk.subarray(from, from + n));
    this.remaining -= n;
    if (this.remaining === 0) out.push(this.finishCut());
    return from + n;
  }

  private finishCut(): Unit {
    const header = this.header as FrameHeader;
    const bytes = concatBytes(this.cutParts);
    this.cutParts = [];
    this.frameMode = null;
    return {
      bytes,
      frame: { opcode: header.opcode as 1 | 2, payloadLength: header.payloadLength },
    };
  }
}
