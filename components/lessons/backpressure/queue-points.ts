/**
 * The stat reports of the latest run (the last stats connection seen), as an incremental fold of
 * the captured frames: what the queue plot and the statechart draw. A new stats connection starts
 * a new list, so a fold step copies at most one run's reports (≤ 10 a second).
 */
import type { Reducer } from '@/lib/live/fold-store';
import { parseStat, type StatPoint } from '@/lib/machines/queue-watermark';
import type { WireEvent } from '@/lib/mirror/types';

export interface QueuePoints {
  conn?: string;
  points: readonly StatPoint[];
}

const EMPTY: readonly StatPoint[] = [];

export const queuePoints: Reducer<QueuePoints, WireEvent> = {
  init: () => ({ points: EMPTY }),
  step(s, e) {
    if (e.kind !== 'ws-frame' || e.hop !== 'browser-edge' || e.dir !== 'down') return s;
    const text = e.message?.text;
    if (text === undefined) return s;
    const stat = parseStat(text);
    if (stat === null) return s;
    const point: StatPoint = { conn: e.conn, t: e.t, seq: e.seq, stat };
    return e.conn === s.conn
      ? { conn: e.conn, points: [...s.points, point] }
      : { conn: e.conn, points: [point] };
  },
};
