/**
 * What the frame list says about the frames it no longer keeps: counts by class and bytes
 * ("31,204 older frames summarized: 30,990 text, 214 ping/pong — 4.1 MiB"). Pure, no React.
 */
import { groupThousands } from '@/lib/format/grouped';

/** Row flags (a bit set): what the filters hide. */
export const FLAG = {
  /** A WebSocket ping or pong, or an Engine.IO ping/pong packet ("2", "3", "2probe") in a frame or a polling body. */
  pingPong: 1,
  /** Close, ping and pong frames, and Engine.IO ping/pong/close packets. */
  control: 2,
  /** Carries a text payload longer than its summary shows (text search looks it up). */
  text: 4,
} as const;

/** The classes the summary counts, in the order it lists them. */
export const SUMMARY_CLASSES = [
  'text',
  'binary',
  'continuation',
  'ping/pong',
  'close',
  'http',
  'tcp',
  'fault',
  'error',
  'other',
] as const;
export type SummaryClass = (typeof SUMMARY_CLASSES)[number];

/** The fields of a row the summary reads. */
export interface Classifiable {
  kind: string;
  opcode: number;
  flags: number;
  length: number;
}

export function classOf(row: Classifiable): SummaryClass {
  if (row.flags & FLAG.pingPong) return 'ping/pong';
  switch (row.kind) {
    case 'ws-frame':
      if (row.flags & FLAG.control) return 'close';
      if (row.opcode === 0x1) return 'text';
      if (row.opcode === 0x2) return 'binary';
      if (row.opcode === 0x0) return 'continuation';
      return 'other';
    case 'http-request':
    case 'http-response':
    case 'http-body':
      return 'http';
    case 'conn-open':
    case 'conn-close':
      return 'tcp';
    case 'fault':
      return 'fault';
    case 'protocol-error':
      return 'error';
    default:
      return 'other';
  }
}

export interface FrameSummary {
  frames: number;
  /** Bytes on the wire of those frames. */
  bytes: number;
  byClass: Record<SummaryClass, number>;
  /**
   * Frames counted in `frames` without a class or bytes: only when a timeline cursor sits before
   * frames that were already let go, in the middle of a chunk the summary did not split.
   */
  unclassified: number;
}

export function emptySummary(): FrameSummary {
  const byClass = {} as Record<SummaryClass, number>;
  for (const c of SUMMARY_CLASSES) byClass[c] = 0;
  return { frames: 0, bytes: 0, byClass, unclassified: 0 };
}

/** A new summary: `base` plus `rows`. */
export function summarize(rows: Iterable<Classifiable>, base = emptySummary()): FrameSummary {
  const s: FrameSummary = { ...base, byClass: { ...base.byClass } };
  for (const r of rows) {
    s.frames++;
    s.bytes += r.length;
    s.byClass[classOf(r)]++;
  }
  return s;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * One line: "31,204 older frames summarized: 30,990 text, 214 ping/pong — 4.1 MiB" (the classes
 * with a count, largest first). Empty when nothing is summarized.
 */
export function summaryText(s: FrameSummary): string {
  if (s.frames === 0) return '';
  const parts = SUMMARY_CLASSES.filter((c) => s.byClass[c] > 0)
    .sort((a, b) => s.byClass[b] - s.byClass[a])
    .map((c) => `${groupThousands(s.byClass[c])} ${c}`);
  if (s.unclassified > 0) parts.push(`${groupThousands(s.unclassified)} not broken down`);
  const noun = s.frames === 1 ? 'frame' : 'frames';
  return `${groupThousands(s.frames)} older ${noun} summarized: ${parts.join(', ')} — ${formatBytes(s.bytes)}`;
}
