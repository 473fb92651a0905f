/**
 * How a fault is drawn on its hop: the bytes leave the sender's lane and stop half way (✕ where
 * they vanished, ⚡ where they were held), labelled with what the edge did. A fault that held bytes
 * back draws a bracket down to the arrow that finally carried them, so the stall reads as length.
 */
import type { FaultEvent } from '@/lib/mirror/types';
import { faultShortLabel, truncate } from './event-label';
import { arrowEnds, type LaneGeometry } from './geometry';
import type { Row } from './layout';
import styles from './sequence-diagram.module.css';

const ROW_HALF = 12;

/** Faults after which the bytes are gone (drawn ✕), as opposed to held or rewritten (⚡). */
const VANISHED = new Set(['drop', 'blackhole', 'reset', 'idle-timeout', 'restart-node']);

/** The words a fault's row draws: its glyph, then the connection and what the edge did. */
export function faultShown(event: FaultEvent, g: LaneGeometry): string {
  const connTag = `${event.conn} `;
  const glyph = VANISHED.has(event.fault) ? '✕' : '⚡';
  const label = `⚡ ${faultShortLabel(event)}`;
  return `${glyph} ${connTag}${truncate(label, Math.max(4, g.labelChars - connTag.length))}`;
}

export function FaultShape({ row, g, event }: { row: Row; g: LaneGeometry; event: FaultEvent }) {
  const y = row.y;
  const [x1, x2] = arrowEnds(g, event.hop, event.dir);
  const stop = x1 + (x2 - x1) * 0.45;
  const left = Math.min(x1, x2);
  const connTag = `${event.conn} `;
  const glyph = VANISHED.has(event.fault) ? '✕' : '⚡';
  const label = `⚡ ${faultShortLabel(event)}`;
  const held = row.heldUntilY;
  return (
    <>
      <rect
        className={styles.hit}
        x={left - 6}
        y={y - ROW_HALF - 2}
        width={Math.abs(x2 - x1) + 12}
        height={ROW_HALF * 2}
        rx={4}
      />
      <line className={styles.faultStub} x1={x1} x2={stop} y1={y + 4} y2={y + 4} />
      <text className={styles.faultGlyph} x={stop} y={y + 8} textAnchor="middle">
        {glyph}
      </text>
      {held !== undefined && held > y ? (
        <path
          className={styles.faultHold}
          d={`M${stop - 5},${y + 10} H${stop} V${held + 4} H${stop - 5}`}
        />
      ) : null}
      <text
        className={`${styles.label} ${styles.faultLabel}`}
        x={(x1 + x2) / 2}
        y={y - 2}
        textAnchor="middle"
      >
        {`${connTag}${truncate(label, Math.max(4, g.labelChars - connTag.length))}`}
      </text>
    </>
  );
}
