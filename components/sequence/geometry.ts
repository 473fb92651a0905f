/** Horizontal geometry of the sequence diagram: the time column and the three lanes. */
import type { Dir, Hop } from '@/lib/mirror/types';

export const LANES = ['Browser', 'Edge', 'Node'] as const;

export interface LaneGeometry {
  timeCol: number;
  x: [browser: number, edge: number, node: number];
  /** Approximate characters that fit in one hop's span at 11px monospace. */
  labelChars: number;
}

export function laneGeometry(width: number): LaneGeometry {
  const timeCol = width < 520 ? 46 : 78;
  const pad = width < 520 ? 14 : 36;
  const left = timeCol + pad;
  const right = Math.max(left + 120, width - pad);
  const mid = (left + right) / 2;
  const span = mid - left;
  return { timeCol, x: [left, mid, right], labelChars: Math.max(6, Math.floor((span - 8) / 6.7)) };
}

/** Start and end x of an arrow: up = left → right, down = right → left, within its hop. */
export function arrowEnds(g: LaneGeometry, hop: Hop, dir: Dir): [x1: number, x2: number] {
  const [a, b] = hop === 'browser-edge' ? [g.x[0], g.x[1]] : [g.x[1], g.x[2]];
  return dir === 'up' ? [a, b] : [b, a];
}
