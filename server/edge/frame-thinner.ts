/**
 * Thinning a WebSocket connection's capture to the session's mirror budget (mirror-budget.ts).
 *
 * Each hop and direction is walked frame by frame, reading only headers (an HTTP head first, then
 * RFC 6455 frames once the 101 is seen on that hop). Past the budget, whole frames are left out of
 * the capture and counted (`elided` pieces), never parts of one, and never part of a fragmented
 * message, a close frame or anything on a permessage-deflate stream (a missing compressed message
 * would break every later one), so the page's decoder stays in step. The decision is made once, on
 * the hop where the frame enters the edge, and the other hop follows it frame by frame, so a
 * thinned frame is thinned on both hops and never looks like a frame the edge lost.
 */
import type { Dir, Hop } from '../../lib/mirror/types';
import { headerLengthOf, MAX_HEADER_LENGTH, payloadLengthAt } from '../../lib/wire/ws-header';
import type { MirrorBudget } from './mirror-budget';

export type Piece =
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'elided'; length: number; frames: number };

type Decision = 'carry' | 'elide';

/** An elided run is reported at least this often (ms), so the page's counts keep moving. */
const RUN_REPORT_MS = 250;

/** Decisions the entry hop made and the other hop has yet to apply, run-length encoded. */
class DecisionQueue {
  private runs: { decision: Decision; n: number }[] = [];

  push(decision: Decision): void {
    const last = this.runs[this.runs.length - 1];
    if (last !== undefined && last.decision === decision) last.n += 1;
    else this.runs.push({ decision, n: 1 });
  }

  shift(): Decision | undefined {
    const first = this.runs[0];
    if (first === undefined) return undefined;
    first.n -= 1;
    if (first.n === 0) this.runs.shift();
    return first.decision;
  }
}

/** Shared by both hops of one direction. */
class Direction {
  readonly queue = new DecisionQueue();
  /** Set for good on a deflate stream or bytes that are not frames: carry everything. */
  noThin = false;
}

/** One connection: its four streams and which hops have switched to WebSocket. */
export class ConnThinner {
  private readonly upgraded = new Set<Hop>();
  private readonly walkers = new Map<string, StreamWalker>();
  private readonly directions: Record<Dir, Direction> = {
    up: new Direction(),
    down: new Direction(),
  };

  constructor(
    private readonly budget: MirrorBudget,
    private readonly now: () => number,
  ) {}

  push(hop: Hop, dir: Dir, chunk: Uint8Array): Piece[] {
    return this.walker(hop, dir).push(chunk);
  }

  /** The hop closed: what a walker still holds (a split header, an elided run) comes out now. */
  flush(hop: Hop, dir: Dir): Piece[] {
    return this.walkers.get(`${hop}/${dir}`)?.flush() ?? [];
  }

  private walker(hop: Hop, dir: Dir): StreamWalker {
    const key = `${hop}/${dir}`;
    let walker = this.walkers.get(key);
    if (walker === undefined) {
      // Frames enter the edge on the browser hop going up and on the node hop coming down.
      const entry = (dir === 'up') === (hop === 'browser-edge');
      walker = new StreamWalker({
        role: entry ? 'entry' : 'follower',
        direction: this.directions[dir],
        budget: this.budget,
        now: this.now,
        isResponse: dir === 'down',
        upgraded: () => this.upgraded.has(hop),
        onUpgrade: () => this.upgraded.add(hop),
      });
      this.walkers.set(key, walker);
    }
    return walker;
  }
}

interface WalkerOptions {
  role: 'entry' | 'follower';
  direction: Direction;
  budget: MirrorBudget;
  now: () => number;
  isResponse: boolean;
  upgraded: () => boolean;
  onUpgrade: () => void;
}

class StreamWalker {
  private phase: 'head' | 'frames' | 'raw' = 'head';
  private matched = 0;
  private head: number[] = [];
  private readonly hdr = new Uint8Array(MAX_HEADER_LENGTH);
  private hdrLen = 0;
  private mode: Decision | null = null;
  private lastMode: Decision = 'carry';
  private remaining = 0;
  private frameSize = 0;
  private inMessage = false;
  private runBytes = 0;
  private runFrames = 0;
  private runSince = 0;

  constructor(private readonly o: WalkerOptions) {}

  push(chunk: Uint8Array): Piece[] {
    const out: Piece[] = [];
    // Start of the run of this chunk's bytes being carried (-1: none). No closures here: this
    // runs for every frame of every connection.
    let carryFrom = -1;
    let i = 0;
    while (i < chunk.length) {
      if (this.phase === 'raw' || this.o.direction.noThin) {
        if (carryFrom < 0) carryFrom = i;
        i = chunk.length;
        break;
      }
      if (this.phase === 'head') {
        if (carryFrom < 0) carryFrom = i;
        i = this.scanHead(chunk, i);
        continue;
      }
      if (this.mode === null) {
        const start = i;
        i = this.readHeader(chunk, i);
        if (this.mode === null) {
          // The header continues in the next chunk: hold its bytes (copied in hdr) until then.
          carry(out, chunk, carryFrom, start);
          return out;
        }
        const headerLength = this.frameSize - this.remaining;
        const fromThisChunk = i - start;
        if (this.mode === 'carry') {
          this.reportRun(out, true);
          if (fromThisChunk < headerLength) {
            carry(out, chunk, carryFrom, start);
            carryFrom = -1;
            out.push({ kind: 'bytes', data: this.hdr.slice(0, headerLength - fromThisChunk) });
          }
          if (carryFrom < 0) carryFrom = start;
        } else {
          carry(out, chunk, carryFrom, start);
          carryFrom = -1;
        }
        if (this.remaining === 0) this.finishFrame(out);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      if (this.mode === 'carry' && carryFrom < 0) carryFrom = i;
      i += take;
      this.remaining -= take;
      if (this.remaining === 0) {
        if (this.mode === 'elide') {
          carry(out, chunk, carryFrom, i);
          carryFrom = -1;
        }
        this.finishFrame(out);
      }
    }
    carry(out, chunk, carryFrom, i);
    return out;
  }

  flush(): Piece[] {
    const out: Piece[] = [];
    if (this.mode === null && this.hdrLen > 0) {
      out.push({ kind: 'bytes', data: this.hdr.slice(0, this.hdrLen) });
      this.hdrLen = 0;
    }
    this.reportRun(out, true);
    return out;
  }

  /** Looks for the head's CRLFCRLF from i; returns where scanning stopped. */
  private scanHead(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.o.isResponse && this.head.length < 16) this.head.push(b);
      this.matched = b === (this.matched % 2 === 0 ? 13 : 10) ? this.matched + 1 : b === 13 ? 1 : 0;
      if (this.matched === 4) {
        this.endHead();
        return i + 1;
      }
    }
    return chunk.length;
  }

  private endHead(): void {
    this.matched = 0;
    if (!this.o.isResponse) {
      this.phase = 'frames';
      return;
    }
    const statusLine = String.fromCharCode(...this.head.slice(0, 12));
    this.head = [];
    if (/^HTTP\/1\.1 101$/.test(statusLine)) {
      this.phase = 'frames';
      this.o.onUpgrade();
    } else if (/^HTTP\/1\.1 1\d\d$/.test(statusLine)) {
      this.head = []; // an interim response: another head follows
    } else {
      this.phase = 'raw';
    }
  }

  /**
   * Reads the frame header at i: in place when the chunk holds all of it (no copy, no
   * allocation), else collected in hdr across chunks. Once whole, decides the frame's fate.
   * Returns the new offset.
   */
  private readHeader(chunk: Uint8Array, from: number): number {
    let src: Uint8Array;
    let at: number;
    let length: number;
    let i = from;
    const inPlace =
      this.hdrLen === 0 &&
      chunk.length - from >= 2 &&
      chunk.length - from >= headerLengthOf(chunk[from + 1] as number);
    if (inPlace) {
      src = chunk;
      at = from;
      length = headerLengthOf(chunk[from + 1] as number);
      i = from + length;
    } else {
      while (i < chunk.length) {
        const need = this.hdrLen < 2 ? 2 : headerLengthOf(this.hdr[1] as number);
        if (this.hdrLen >= need) break;
        this.hdr[this.hdrLen++] = chunk[i++] as number;
      }
      if (this.hdrLen < 2 || this.hdrLen < headerLengthOf(this.hdr[1] as number)) return i;
      src = this.hdr;
      at = 0;
      length = this.hdrLen;
      this.hdrLen = 0;
    }
    const b0 = src[at] as number;
    const fin = (b0 & 0x80) !== 0;
    const rsv = (b0 & 0x70) !== 0;
    const opcode = b0 & 0x0f;
    const announced = payloadLengthAt(src, at);
    // A length that is no exact number (top bit set, or past 2^53) is no frame to follow: the
    // header is carried and, with noThin set, every byte after it.
    const payload = announced >= 0 && Number.isSafeInteger(length + announced) ? announced : -1;
    this.frameSize = length + Math.max(0, payload);
    this.remaining = Math.max(0, payload);
    const known = opcode <= 2 || (opcode >= 8 && opcode <= 10);
    if (rsv || !known || payload < 0) this.o.direction.noThin = true;
    this.mode = this.decide(opcode, this.frameSize);
    this.lastMode = this.mode;
    if (opcode === 1 || opcode === 2) this.inMessage = !fin;
    else if (opcode === 0 && fin) this.inMessage = false;
    return i;
  }

  private decide(opcode: number, size: number): Decision {
    const { direction, budget } = this.o;
    const continuing = this.inMessage && opcode < 8;
    if (this.o.role === 'follower') {
      const decision = direction.queue.shift() ?? 'carry';
      if (continuing) return this.lastMode;
      return opcode === 8 || direction.noThin ? 'carry' : decision;
    }
    // Every frame entering the edge is counted once (take, charge or seen): the flood guard.
    let decision: Decision;
    if (direction.noThin || !this.o.upgraded()) {
      budget.seen();
      decision = 'carry';
    } else if (opcode === 8) {
      budget.charge(size);
      decision = 'carry';
    } else if (continuing) {
      decision = this.lastMode;
      if (decision === 'carry') budget.charge(size);
      else budget.seen();
    } else {
      decision = budget.take(size) ? 'carry' : 'elide';
    }
    direction.queue.push(decision);
    return decision;
  }

  private finishFrame(out: Piece[]): void {
    if (this.mode === 'elide') {
      if (this.runFrames === 0) this.runSince = this.o.now();
      this.runFrames += 1;
      this.runBytes += this.frameSize;
      if (this.o.role === 'entry') this.o.budget.thinned(this.frameSize);
      if (this.o.now() - this.runSince >= RUN_REPORT_MS) this.reportRun(out, true);
    }
    this.mode = null;
  }

  private reportRun(out: Piece[], force: boolean): void {
    if (this.runFrames === 0 || !force) return;
    out.push({ kind: 'elided', length: this.runBytes, frames: this.runFrames });
    this.runFrames = 0;
    this.runBytes = 0;
  }
}

/** Adds chunk[from, to) as a carried piece (nothing when from < 0 or the run is empty). */
function carry(out: Piece[], chunk: Uint8Array, from: number, to: number): void {
  if (from >= 0 && to > from) out.push({ kind: 'bytes', data: chunk.subarray(from, to) });
}
