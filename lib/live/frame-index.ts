/**
 * The frame list's index: one compact row per frame-like event (WebSocket frames, HTTP heads and
 * bodies, protocol errors, faults, TCP open/close), with bounded memory.
 *
 * Rows live in a `RowStore` shared by every state of one fold (like AppendList's backing array):
 * row k (the k-th frame-like event of the log) is always the same row, so a state is just a count
 * of rows — a FoldStore checkpoint costs two fields, not a copy of the list. Above `cap` rows the
 * store lets the oldest go a chunk at a time and keeps only their counts (`FrameSummary`, one per
 * chunk boundary), so the list holds at most `cap` rows however long the session runs.
 *
 * `frameIndexOf` is the same thing computed from a whole log at once; the tests hold the fold to it.
 * Pure: no React, no DOM.
 */

import type { Dir, EioPacketInfo, Hop, WireEvent } from '@/lib/mirror/types';
import { base64DecodedLength } from '@/lib/wire/bytes';
import type { Reducer } from './fold-store';
import { emptySummary, FLAG, type FrameSummary, summarize } from './frame-summary';

export type FrameKind = Exclude<WireEvent['kind'], 'marker'>;

export interface FrameRow {
  readonly seq: number;
  readonly t: number;
  readonly conn: string;
  readonly hop: Hop;
  readonly dir: Dir;
  readonly kind: FrameKind;
  /** RFC 6455 opcode of a ws-frame, -1 for anything else. */
  readonly opcode: number;
  /** Bytes on the wire (a fault: the bytes it affected; TCP open/close: 0). */
  readonly length: number;
  /** FLAG bits: ping/pong, control, has text. */
  readonly flags: number;
  /** One line: what the event says. */
  readonly summary: string;
}

export type FrameLike = Extract<WireEvent, { kind: FrameKind }>;

export function isFrameLike(e: WireEvent): e is FrameLike {
  return e.kind !== 'marker';
}

/** A one-line label for an event (the page passes the sequence diagram's `eventLabel`). */
export type Labeller = (e: FrameLike) => string;

/** A plain label, for tests and tools without the page's labeller. */
export const plainLabel: Labeller = (e) => {
  if (e.kind === 'ws-frame') {
    const text = e.message?.text;
    return text === undefined ? e.frame.opcodeName : `${e.frame.opcodeName} ${text.slice(0, 40)}`;
  }
  return e.kind;
};

const HEARTBEAT = new Set<EioPacketInfo['type']>(['ping', 'pong']);
const EIO_CONTROL = new Set<EioPacketInfo['type']>(['ping', 'pong', 'close']);

function eioFlags(packets: readonly EioPacketInfo[]): number {
  if (packets.length === 0) return 0;
  if (packets.every((p) => HEARTBEAT.has(p.type))) return FLAG.pingPong | FLAG.control;
  if (packets.every((p) => EIO_CONTROL.has(p.type))) return FLAG.control;
  return 0;
}

function flagsOf(e: FrameLike): number {
  switch (e.kind) {
    case 'ws-frame': {
      const op = e.frame.opcodeName;
      if (op === 'ping' || op === 'pong') return FLAG.pingPong | FLAG.control;
      if (op === 'close') return FLAG.control;
      const eio = e.message?.eio;
      const text = e.message?.text !== undefined ? FLAG.text : 0;
      return (eio ? eioFlags([eio]) : 0) | text;
    }
    case 'http-body': {
      const text = e.eio !== undefined || e.sse !== undefined ? FLAG.text : 0;
      return (e.eio ? eioFlags(e.eio) : 0) | text;
    }
    default:
      return 0;
  }
}

function lengthOf(e: FrameLike): number {
  switch (e.kind) {
    case 'fault':
      return e.bytes ?? 0;
    case 'conn-open':
    case 'conn-close':
      return 0;
    default:
      return base64DecodedLength(e.raw);
  }
}

export function frameRowOf(e: FrameLike, label: Labeller = plainLabel): FrameRow {
  return {
    seq: e.seq,
    t: e.t,
    conn: e.conn,
    hop: e.hop,
    dir: e.dir,
    kind: e.kind,
    opcode: e.kind === 'ws-frame' ? e.frame.opcode : -1,
    length: lengthOf(e),
    flags: flagsOf(e),
    summary: label(e),
  };
}

export interface FrameIndexOptions {
  /** Rows kept at most (default 50,000). */
  cap?: number;
  /** Rows let go at once, and the granularity of the summary (default 1,024; at most `cap`). */
  chunk?: number;
  label?: Labeller;
}

export const DEFAULT_CAP = 50_000;
const DEFAULT_CHUNK = 1024;

/** How many of the first `n` rows are summarized rather than kept: whole chunks, so ≤ cap are kept. */
export function summarizedCount(n: number, cap: number, chunk: number): number {
  if (n <= cap) return 0;
  return Math.ceil((n - cap) / chunk) * chunk;
}

/** The rows of one fold, the newest `cap` of them, in chunks; counts for the ones let go. */
export class RowStore {
  readonly cap: number;
  readonly chunk: number;
  readonly label: Labeller;
  /** chunks[0] holds rows start … start + chunk - 1. */
  private readonly chunks: FrameRow[][] = [];
  private _start = 0;
  private _end = 0;
  /** prefix[k]: the summary of rows 0 … k·chunk - 1 (one small object per chunk let go). */
  private readonly prefix: FrameSummary[] = [emptySummary()];
  private readonly connSet = new Set<string>();
  /** Connection ids in order of first appearance (for the list's filter). */
  readonly conns: string[] = [];
  /** Bumped whenever rows are let go (filtered views drop theirs then). */
  evictions = 0;

  constructor(options: FrameIndexOptions = {}) {
    this.cap = Math.max(1, Math.floor(options.cap ?? DEFAULT_CAP));
    this.chunk = Math.max(1, Math.min(this.cap, Math.floor(options.chunk ?? DEFAULT_CHUNK)));
    this.label = options.label ?? plainLabel;
  }

  /** Index of the oldest row kept (rows before it are summarized). */
  get start(): number {
    return this._start;
  }

  /** Number of rows ever added. */
  get end(): number {
    return this._end;
  }

  push(row: FrameRow): void {
    const offset = this._end - this._start;
    if (offset % this.chunk === 0) this.chunks.push([]);
    (this.chunks[this.chunks.length - 1] as FrameRow[]).push(row);
    this._end++;
    if (!this.connSet.has(row.conn)) {
      this.connSet.add(row.conn);
      this.conns.push(row.conn);
    }
    const keepFrom = summarizedCount(this._end, this.cap, this.chunk);
    while (this._start < keepFrom) {
      const gone = this.chunks.shift() as FrameRow[];
      this.prefix.push(summarize(gone, this.prefix[this.prefix.length - 1]));
      this._start += gone.length;
      this.evictions++;
    }
  }

  /** Row i (0-based over every row ever added), or undefined once it was let go (or not yet added). */
  rowAt(i: number): FrameRow | undefined {
    if (i < this._start || i >= this._end) return undefined;
    const k = i - this._start;
    return this.chunks[Math.floor(k / this.chunk)]?.[k % this.chunk];
  }

  /**
   * The summary of rows 0 … n - 1, for n ≤ start: exact on a chunk boundary; otherwise the last
   * boundary's counts plus the rest as `unclassified` (their rows are gone).
   */
  summaryBefore(n: number): FrameSummary {
    const k = Math.min(Math.floor(n / this.chunk), this.prefix.length - 1);
    const base = this.prefix[k] as FrameSummary;
    const rest = n - k * this.chunk;
    return rest === 0 ? base : { ...base, frames: base.frames + rest, unclassified: rest };
  }
}

/** A fold state: the first `count` rows of `store`. */
export interface FrameIndexState {
  readonly store: RowStore;
  readonly count: number;
  /** Seq of the last event folded into this state that made a row (0: none). */
  readonly lastSeq: number;
}

/**
 * The index as a FoldStore reducer. Create one per configuration at module level (its identity
 * keys the page's fold store). A step adds the row to the store the first time row k is reached;
 * replaying from a checkpoint finds it there (the log is append-only, so it is the same row).
 */
export function frameIndexFold(
  options: FrameIndexOptions = {},
): Reducer<FrameIndexState, WireEvent> {
  return {
    init: () => ({ store: new RowStore(options), count: 0, lastSeq: 0 }),
    step: (s, e) => {
      if (!isFrameLike(e)) return s;
      const { store } = s;
      if (s.count === store.end) store.push(frameRowOf(e, store.label));
      return { store, count: s.count + 1, lastSeq: e.seq };
    },
  };
}

/** What a state shows: rows from … to - 1 are readable; the ones before are summarized. */
export interface FrameIndexView {
  from: number;
  to: number;
  /** Rows before `from`, counted in `summary` only. */
  summarized: number;
  summary: FrameSummary;
}

/**
 * The view of a state. At the live end it is the last ≤ cap rows. At a past cursor it is the rows
 * up to the cursor that the store still keeps: rows let go since then are summarized too.
 */
export function viewOf(s: FrameIndexState): FrameIndexView {
  const { store, count } = s;
  const from = Math.min(
    count,
    Math.max(summarizedCount(count, store.cap, store.chunk), store.start),
  );
  return { from, to: count, summarized: from, summary: store.summaryBefore(from) };
}

/** The index of a whole log at once: what the fold must equal at the end of any log. */
export function frameIndexOf(
  events: readonly WireEvent[],
  options: FrameIndexOptions = {},
): { rows: FrameRow[]; summarized: number; summary: FrameSummary; conns: string[] } {
  const probe = new RowStore(options);
  const all = events.filter(isFrameLike).map((e) => frameRowOf(e, probe.label));
  const summarized = summarizedCount(all.length, probe.cap, probe.chunk);
  return {
    rows: all.slice(summarized),
    summarized,
    summary: summarize(all.slice(0, summarized)),
    conns: [...new Set(all.map((r) => r.conn))],
  };
}
