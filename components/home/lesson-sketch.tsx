import type { WireEvent } from '@/lib/mirror/types';
import styles from './lesson-sketch.module.css';
import { SKETCH, type SketchArrow, sketchArrows } from './sketch-layout';

function head(a: SketchArrow): string {
  const dx = a.x2 - a.x1;
  const dy = a.y2 - a.y1;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = 4.5;
  const bx = a.x2 - ux * size;
  const by = a.y2 - uy * size;
  const pts = [
    [a.x2, a.y2],
    [bx - uy * size * 0.55, by + ux * size * 0.55],
    [bx + uy * size * 0.55, by - ux * size * 0.55],
  ];
  return pts.map(([x, y]) => `${x?.toFixed(1)},${y?.toFixed(1)}`).join(' ');
}

const r = (n: number) => Number(n.toFixed(1));
/** Label font size in sketch units (matches lesson-sketch.module.css). */
const LABEL_SIZE = 8.5;

/**
 * A lesson's recorded run as a tiny static sequence sketch (server-rendered SVG, no client JS).
 * Decorative next to the card's text, so hidden from assistive technology.
 */
export function LessonSketch({ slug, events }: { slug: string; events: readonly WireEvent[] }) {
  const arrows = sketchArrows(slug, events);
  return (
    <svg
      className={styles.sketch}
      viewBox={`0 0 ${SKETCH.width} ${SKETCH.height}`}
      aria-hidden="true"
      focusable="false"
      data-testid="lesson-sketch"
    >
      <line
        className={styles.lane}
        x1={SKETCH.left}
        x2={SKETCH.left}
        y1={2}
        y2={SKETCH.height - 2}
      />
      <line
        className={styles.lane}
        x1={SKETCH.right}
        x2={SKETCH.right}
        y1={2}
        y2={SKETCH.height - 2}
      />
      {arrows.map((a) => (
        <g key={a.seq} className={styles[a.kind]}>
          <line x1={r(a.x1)} y1={r(a.y1)} x2={r(a.x2)} y2={r(a.y2)} />
          {a.kind === 'fault' ? (
            <path className={styles.cross} d={`M${r(a.x2 - 3)} ${r(a.y2 - 3)}l6 6m0 -6l-6 6`} />
          ) : (
            <polygon points={head(a)} />
          )}
        </g>
      ))}
      {arrows.map((a) => {
        if (a.label === undefined) return null;
        const y = r((a.y1 + a.y2) / 2 - 2);
        // Monospace: each glyph is 0.6 em wide, so the backing plate fits the label.
        const w = r(a.label.length * LABEL_SIZE * 0.6 + 4);
        return (
          <g key={`l${a.seq}`}>
            <rect
              className={styles.plate}
              x={r(SKETCH.width / 2 - w / 2)}
              y={r(y - LABEL_SIZE + 1)}
              width={w}
              height={LABEL_SIZE + 2}
              rx={2}
            />
            <text className={styles.label} x={SKETCH.width / 2} y={y} textAnchor="middle">
              {a.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
