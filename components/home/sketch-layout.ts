/**
 * Lays out a lesson's recorded capture as a tiny sequence sketch: two lanes (the browser on the
 * left, the server side on the right), one arrow per event in capture order (evenly spaced: the
 * order is real, the spacing is not to scale), labels on the lesson's key events. Pure geometry,
 * no React, so it is tested without rendering.
 */
import type { WireEvent } from '@/lib/mirror/types';
import { CAPTURE_KEYS, findKeys } from './capture-keys';

export const SKETCH = { width: 120, height: 90, left: 12, right: 108, top: 6, bottom: 86 } as const;

export interface SketchArrow {
  seq: number;
  kind: 'up' | 'down' | 'fault';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The key's label, on at most three arrows. */
  label?: string;
}

export const MAX_LABELS = 3;

export function sketchArrows(slug: string, events: readonly WireEvent[]): SketchArrow[] {
  const keys = CAPTURE_KEYS[slug] ?? [];
  const labels = new Map<number, string>();
  findKeys(slug, events).forEach((e, i) => {
    const label = keys[i]?.label;
    if (e && label && labels.size < MAX_LABELS && !labels.has(e.seq)) labels.set(e.seq, label);
  });
  const n = Math.max(events.length, 1);
  const row = (SKETCH.bottom - SKETCH.top) / n;
  const slant = Math.min(row * 0.35, 4);
  return events.map((e, i) => {
    const y = SKETCH.top + row * (i + 0.5);
    const up = e.dir === 'up';
    const from = up ? SKETCH.left : SKETCH.right;
    const to = up ? SKETCH.right : SKETCH.left;
    // A fault stops part-way: the edge held, dropped or delayed what was travelling.
    const end = e.kind === 'fault' ? from + (to - from) * 0.6 : to;
    const label = labels.get(e.seq);
    return {
      seq: e.seq,
      kind: e.kind === 'fault' ? 'fault' : up ? 'up' : 'down',
      x1: from,
      y1: y - slant,
      x2: end,
      y2: y + slant,
      ...(label === undefined ? {} : { label }),
    };
  });
}
