/**
 * The frame list's filters (hide ping/pong, hide control frames, connection, hop, direction, kind,
 * text) and a filtered view of a RowStore that grows with it: each new row is tested once, rows
 * the store lets go leave the view, and only a change of filter scans the kept rows again.
 * Pure: no React, no DOM.
 */
import type { Dir, Hop, WireEvent } from '@/lib/mirror/types';
import type { FrameKind, FrameRow, RowStore } from './frame-index';
import { FLAG } from './frame-summary';

export type KindGroup = 'ws' | 'http' | 'tcp' | 'fault' | 'error';

export const KIND_GROUPS: Record<KindGroup, { label: string; kinds: readonly FrameKind[] }> = {
  ws: { label: 'WebSocket frames', kinds: ['ws-frame'] },
  http: { label: 'HTTP', kinds: ['http-request', 'http-response', 'http-body'] },
  tcp: { label: 'TCP open / close', kinds: ['conn-open', 'conn-close'] },
  fault: { label: 'Faults', kinds: ['fault'] },
  error: { label: 'Protocol errors', kinds: ['protocol-error'] },
};

export interface FrameFilter {
  hidePingPong: boolean;
  /** Close, ping, pong and Engine.IO ping/pong/close packets. */
  hideControl: boolean;
  conn: string | null;
  hop: Hop | null;
  dir: Dir | null;
  kind: KindGroup | null;
  /** Case-insensitive; matched against the summary and the payload text. '' = any. */
  text: string;
}

export const NO_FILTER: FrameFilter = {
  hidePingPong: false,
  hideControl: false,
  conn: null,
  hop: null,
  dir: null,
  kind: null,
  text: '',
};

/** A stable key for a filter (a new key means a new filtered view). */
export function filterKey(f: FrameFilter): string {
  return JSON.stringify([f.hidePingPong, f.hideControl, f.conn, f.hop, f.dir, f.kind, f.text]);
}

/** The filter a key was made from. */
export function filterFromKey(key: string): FrameFilter {
  const [hidePingPong, hideControl, conn, hop, dir, kind, text] = JSON.parse(key) as [
    boolean,
    boolean,
    string | null,
    Hop | null,
    Dir | null,
    KindGroup | null,
    string,
  ];
  return { hidePingPong, hideControl, conn, hop, dir, kind, text };
}

/** The payload text a search may look into beyond the summary (text messages, polling and SSE bodies). */
export function payloadTextOf(e: WireEvent): string | undefined {
  if (e.kind === 'ws-frame') return e.message?.text;
  if (e.kind === 'http-body') {
    const parts: string[] = [];
    for (const p of e.eio ?? []) parts.push(p.encoded ?? p.data ?? '');
    for (const s of e.sse ?? []) parts.push(s.data);
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The predicate of a filter. `textOf` finds a row's full payload text (the page reads it from the
 * event log); without it, text search reads the summary only.
 */
export function rowMatcher(
  f: FrameFilter,
  textOf?: (row: FrameRow) => string | undefined,
): (row: FrameRow) => boolean {
  const kinds = f.kind === null ? null : new Set<FrameKind>(KIND_GROUPS[f.kind].kinds);
  const hidden = (f.hidePingPong ? FLAG.pingPong : 0) | (f.hideControl ? FLAG.control : 0);
  const query = f.text.trim();
  const re = query === '' ? null : new RegExp(escapeRegExp(query), 'i');
  return (r) => {
    if (r.flags & hidden) return false;
    if (f.conn !== null && r.conn !== f.conn) return false;
    if (f.hop !== null && r.hop !== f.hop) return false;
    if (f.dir !== null && r.dir !== f.dir) return false;
    if (kinds !== null && !kinds.has(r.kind)) return false;
    if (re === null) return true;
    if (re.test(r.summary)) return true;
    if (!(r.flags & FLAG.text) || textOf === undefined) return false;
    const text = textOf(r);
    return text !== undefined && re.test(text);
  };
}

const COMPACT_AT = 4096;

/**
 * The rows of a store that match a predicate, as row indexes in order. `sync()` brings it up to the
 * store: it tests only the rows added since the last sync and drops the ones the store let go.
 */
export class FilteredFrames {
  private pos = new Int32Array(1024);
  private head = 0;
  private tail = 0;
  /** Next store row to test. */
  private scanned = 0;
  /** Rows tested so far (a new batch costs its own rows, nothing more). */
  examined = 0;
  /** Matches ever added (never decreases: "N new" counts from it). */
  added = 0;

  constructor(
    readonly store: RowStore,
    readonly match: (row: FrameRow) => boolean,
  ) {
    this.sync();
  }

  /** Tests the rows added to the store since the last call; forgets the ones it let go. */
  sync(): void {
    const { store } = this;
    while (this.head < this.tail && (this.pos[this.head] as number) < store.start) this.head++;
    if (this.head >= COMPACT_AT && this.head * 2 >= this.tail) {
      this.pos.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    for (let i = Math.max(this.scanned, store.start); i < store.end; i++) {
      this.examined++;
      if (this.match(store.rowAt(i) as FrameRow)) this.push(i);
    }
    this.scanned = store.end;
  }

  private push(i: number): void {
    if (this.tail === this.pos.length) {
      const grown = new Int32Array(Math.max(1024, (this.tail - this.head) * 2));
      grown.set(this.pos.subarray(this.head, this.tail));
      this.tail -= this.head;
      this.head = 0;
      this.pos = grown;
    }
    this.pos[this.tail++] = i;
    this.added++;
  }

  /** Matching rows kept. */
  get size(): number {
    return this.tail - this.head;
  }

  /** Store row index of the i-th match. */
  rowIndex(i: number): number {
    return this.pos[this.head + i] as number;
  }

  /** The i-th match. */
  row(i: number): FrameRow | undefined {
    return i >= 0 && i < this.size ? this.store.rowAt(this.rowIndex(i)) : undefined;
  }

  /** Number of matches with a store row index below n. */
  countBelow(n: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.pos[mid] as number) < n) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Position of the first match whose seq is ≥ seq (size when none). */
  lowerBoundSeq(seq: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.row(mid) as FrameRow).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
