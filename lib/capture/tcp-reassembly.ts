/**
 * One direction of a TCP stream, put back in sequence order: segments that arrived early wait for
 * the bytes before them, retransmitted bytes are dropped, and a hole no later segment fills is
 * reported as a gap (bytes that crossed the wire but are not in the capture).
 */

export interface Arrival {
  /** Position in the capture (packet order): when the bytes became readable. */
  p: number;
  micros: number;
  seq: number;
  payload: Uint8Array;
  psh: boolean;
}

export type Piece =
  | { kind: 'data'; p: number; micros: number; data: Uint8Array; psh: boolean }
  | { kind: 'gap'; p: number; micros: number; length: number };

export interface Reassembled {
  pieces: Piece[];
  /** Segments (or parts) whose bytes had been delivered already. */
  retransmits: number;
  gapBytes: number;
}

interface Waiting {
  start: number;
  end: number;
  arrival: Arrival;
}

/**
 * @param dataStart the sequence number of the first byte (SYN's seq + 1) when the SYN was seen;
 *   otherwise the stream starts at the lowest sequence number captured.
 */
export function reassemble(arrivals: readonly Arrival[], dataStart?: number): Reassembled {
  const withData = arrivals.filter((a) => a.payload.length > 0);
  const out: Reassembled = { pieces: [], retransmits: 0, gapBytes: 0 };
  if (withData.length === 0) return out;
  const base = dataStart ?? (withData[0] as Arrival).seq;
  // Signed 32-bit distance from base: sequence numbers wrap.
  const rel = (seq: number) => (seq - base) | 0;
  let next = 0;
  if (dataStart === undefined) for (const a of withData) next = Math.min(next, rel(a.seq));
  let lastP = -1;
  const waiting: Waiting[] = [];

  const drain = (p: number, micros: number) => {
    while (waiting.length > 0 && (waiting[0] as Waiting).start <= next) {
      const w = waiting.shift() as Waiting;
      if (w.end <= next) {
        out.retransmits++;
        continue;
      }
      lastP = Math.max(lastP, p);
      const data = w.arrival.payload.subarray(next - w.start);
      out.pieces.push({ kind: 'data', p: lastP, micros, data, psh: w.arrival.psh });
      next = w.end;
    }
  };

  for (const a of withData) {
    const start = rel(a.seq);
    const end = start + a.payload.length;
    if (end <= next) {
      out.retransmits++;
      continue;
    }
    let i = waiting.length;
    while (i > 0 && (waiting[i - 1] as Waiting).start > start) i--;
    waiting.splice(i, 0, { start, end, arrival: a });
    drain(a.p, a.micros);
  }
  // Holes nothing filled: the capture missed those bytes.
  while (waiting.length > 0) {
    const w = waiting[0] as Waiting;
    const p = Math.max(lastP, w.arrival.p);
    if (w.start > next) {
      out.pieces.push({ kind: 'gap', p, micros: w.arrival.micros, length: w.start - next });
      out.gapBytes += w.start - next;
      next = w.start;
    }
    drain(p, w.arrival.micros);
  }
  return out;
}
