/**
 * The server's send queue against its high watermark (lesson 10), folded from the server facts the
 * lab reports on its stats channel (`{"type":"stat",…}` frames, ≤ 10 Hz, captured like any frame):
 *
 *   below ⇄ above        queue depth (ws.bufferedAmount + app queue) crosses the watermark
 *   any ─PAUSE─▶ paused   the producer stopped making messages until the queue drains
 *   any ─DROP─▶ dropping  the policy dropped messages since the last report
 *
 * Each report maps to exactly one event (`levelOf`), so the picture is the last report's verdict.
 */
import { assign, setup } from 'xstate';
import type { BpStat } from '../lab/endpoints';
import type { WireEvent } from '../mirror/types';
import type { TimedEvent } from './fold';

/** One report of the lab's `/bp?channel=stats` (its shape is the lab's, lib/lab/endpoints.ts). */
export type QueueStat = BpStat;

export type QueueEvent =
  | { type: 'BELOW'; depth: number }
  | { type: 'ABOVE'; depth: number }
  | { type: 'PAUSE'; depth: number }
  | { type: 'DROP'; depth: number };

export const queueWatermarkMachine = setup({
  types: { context: {} as { depth: number }, events: {} as QueueEvent },
  actions: { track: assign({ depth: ({ event }) => event.depth }) },
}).createMachine({
  id: 'queue',
  initial: 'below',
  context: { depth: 0 },
  on: {
    BELOW: { target: '.below', actions: 'track' },
    ABOVE: { target: '.above', actions: 'track' },
    PAUSE: { target: '.paused', actions: 'track' },
    DROP: { target: '.dropping', actions: 'track' },
  },
  states: { below: {}, above: {}, paused: {}, dropping: {} },
});

export const depthOf = (s: QueueStat) => s.bufferedAmount + s.queued;

/** The event one report maps to, given the report before it (for the dropped delta). */
export function levelOf(s: QueueStat, prev: QueueStat | undefined): QueueEvent {
  const depth = depthOf(s);
  if (s.paused) return { type: 'PAUSE', depth };
  const before = prev !== undefined && prev.policy === s.policy ? prev.dropped : 0;
  if (s.dropped > before) return { type: 'DROP', depth };
  return depth >= s.watermark ? { type: 'ABOVE', depth } : { type: 'BELOW', depth };
}

export function parseStat(text: string): QueueStat | null {
  if (!text.startsWith('{"type":"stat"')) return null;
  try {
    return JSON.parse(text) as QueueStat;
  } catch {
    return null;
  }
}

export interface StatPoint {
  conn: string;
  t: number;
  seq: number;
  stat: QueueStat;
}

/** Every stat report the browser received (browser ↔ edge, down), in log order, with its time. */
export function statsOf(events: readonly WireEvent[], upToSeq?: number): StatPoint[] {
  const out: StatPoint[] = [];
  for (const e of events) {
    if (upToSeq !== undefined && e.seq > upToSeq) break;
    if (e.kind !== 'ws-frame' || e.hop !== 'browser-edge' || e.dir !== 'down') continue;
    const text = e.message?.text;
    if (text === undefined) continue;
    const stat = parseStat(text);
    if (stat !== null) out.push({ conn: e.conn, t: e.t, seq: e.seq, stat });
  }
  return out;
}

export function queueEventsOf(points: readonly StatPoint[]): TimedEvent<QueueEvent>[] {
  return points.map((p, i) => ({
    t: p.t,
    seq: p.seq,
    event: levelOf(p.stat, points[i - 1]?.stat),
  }));
}
