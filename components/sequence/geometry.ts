/** Horizontal geometry of the sequence diagram: the time column and the three lanes. */
import type { Dir, Hop } from '@/lib/mirror/types';

export const LANES = ['Browser', 'Edge', 'Node'] as const;

export interface LaneGeometry {
  timeCol: number;
  x: [browser: number, edge: number, node: number];
  /** Approximate characters that fit in one hop's span at 12px monospace. */
  labelChars: number;
  /** Narrow: no time column (times are in each arrow's name, the readout and the inspector). */
  showTime: boolean;
}

export function laneGeometry(width: number): LaneGeometry {
  const showTime = width >= 520;
  const timeCol = showTime ? 78 : 0;
  const pad = showTime ? 36 : 32;
  const left = timeCol + pad;
  // Never wider than the box: at 375 px the Node lane stays on screen.
  const right = Math.max(left + 60, width - pad);
  const mid = (left + right) / 2;
  const span = mid - left;
  return {
    timeCol,
    x: [left, mid, right],
    labelChars: Math.max(6, Math.floor((span - 8) / 7.3)),
    showTime,
  };
}

/** Start and end x of an arrow: up = left → right, down = right → left, within its hop. */
export function arrowEnds(g: LaneGeometry, hop: Hop, dir: Dir): [x1: number, x2: number] {
  const [a, b] = hop === 'browser-edge' ? [g.x[0], g.x[1]] : [g.x[1], g.x[2]];
  return dir === 'up' ? [a, b] : [b, a];
}
