'use client';

import { useSyncExternalStore } from 'react';
import type { PlaybackClock } from '../timeline/clock';
import { arrowText } from './diagram-row';
import { truncate } from './event-label';
import type { LaneGeometry } from './geometry';
import type { Row } from './layout';
import { inFlightAt } from './motion';
import styles from './sequence-diagram.module.css';

/** True when the clock's position is a time to interpolate (not live, not stepped to an event). */
export function timeBased(clock: PlaybackClock): boolean {
  const s = clock.getSnapshot();
  return s.mode !== 'live' && !s.pinned;
}

/**
 * What moves: each captured arrow in flight at the clock's time, drawn from its sender's lane to
 * where it has got to, with a dot and its label at the head; and a "now" rule at the clock's time.
 * The only part of the diagram that re-renders per animation frame. Nothing is drawn that the motion
 * schedule (one travel per captured arrow) does not list.
 */
export function MotionLayer({
  clock,
  rows,
  rowOfSeq,
  g,
  width,
}: {
  clock: PlaybackClock;
  rows: readonly Row[];
  rowOfSeq: (seq: number) => Row | undefined;
  g: LaneGeometry;
  width: number;
}) {
  const snap = useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
  if (snap.mode === 'live' || snap.pinned || rows.length === 0) return null;
  const t = snap.t;
  const flying = inFlightAt(clock.schedule(), t, clock.travelMs);
  const nowY = yAtTime(rows, t);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group of drawing, never focusable
    <g aria-hidden="true" className={styles.motion} data-testid="motion-layer">
      {nowY !== undefined ? (
        <line className={styles.now} x1={0} x2={width} y1={nowY} y2={nowY} />
      ) : null}
      {flying.map((f) => {
        const row = rowOfSeq(f.seq);
        if (!row) return null;
        const x1 = g.x[f.from];
        const x2 = g.x[f.to];
        const x = x1 + (x2 - x1) * f.progress;
        const y = row.y + 4;
        const cls = row.event.dir === 'up' ? styles.up : styles.down;
        const text = truncate(arrowText(row), Math.max(4, g.labelChars));
        const half = (text.length * 7.3) / 2 + 2;
        const labelX = Math.max(half, Math.min(width - half, x));
        return (
          <g key={f.seq} data-seq={f.seq} data-progress={f.progress.toFixed(3)}>
            <line
              className={`${styles.arrow} ${styles.flying} ${cls}`}
              x1={x1}
              x2={x}
              y1={y}
              y2={y}
            />
            <circle className={`${styles.packet} ${cls}`} cx={x} cy={y} r={5} />
            <text
              className={`${styles.label} ${styles.flyingLabel}`}
              x={labelX}
              y={y - 7}
              textAnchor="middle"
            >
              {text}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** The y of wire time t, interpolated between the rows around it. */
export function yAtTime(rows: readonly Row[], t: number): number | undefined {
  const first = rows[0];
  if (!first) return undefined;
  if (t <= first.event.t) return first.y - 8;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Row).event.t <= t) lo = mid + 1;
    else hi = mid;
  }
  const a = rows[lo - 1] as Row;
  const b = rows[lo];
  if (!b) return a.y + 8;
  const span = b.event.t - a.event.t;
  const f = span > 0 ? (t - a.event.t) / span : 1;
  return a.y + 4 + (b.y - a.y) * f;
}
