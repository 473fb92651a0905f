'use client';

import { useMemo, useRef } from 'react';
import { useElementSize } from '../hooks/use-element-size';
import styles from './hex-dump.module.css';
import { byteOwners, type SpanRow } from './span-rows';

const MAX_BYTES = 2048;
const REGIONS = [
  styles.r0,
  styles.r1,
  styles.r2,
  styles.r3,
  styles.r4,
  styles.r5,
  styles.r6,
  styles.r7,
];

interface Props {
  bytes: Uint8Array;
  /** Every row of the span tree (collapsed ones too: their bytes keep their colour). */
  rows: readonly SpanRow[];
  /** The active span's row, from the tree or from hovering a byte here. */
  active: SpanRow | undefined;
  onActive: (key: string | null) => void;
}

function offsets(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function printable(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/**
 * Offset | hex | ASCII. Each byte takes the colour of the innermost span over it; the active span's
 * bytes are outlined. Pointer-only: the span tree beside it is the keyboard-operable twin.
 */
export function HexDump({ bytes, rows, active, onActive }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const perRow = width < 560 ? 8 : 16;
  const shown = bytes.subarray(0, MAX_BYTES);
  const owner = useMemo(() => byteOwners(rows, shown.length), [rows, shown.length]);

  const lines: number[] = [];
  for (let i = 0; i < shown.length; i += perRow) lines.push(i);

  const from = active?.span.offset ?? -1;
  const to = active ? active.span.offset + active.span.length : -1;
  const byteClass = (i: number) => {
    const row = owner[i];
    const region = row ? REGIONS[row.region % REGIONS.length] : '';
    return `${styles.byte} ${region ?? ''} ${from <= i && i < to ? styles.active : ''}`;
  };
  const hover = (i: number) => onActive(owner[i]?.key ?? null);

  return (
    <div ref={ref}>
      <div className={styles.grid} aria-hidden="true" onMouseLeave={() => onActive(null)}>
        {lines.map((start) => (
          <div key={start} className={styles.line}>
            <span className={styles.offset}>{start.toString(16).padStart(4, '0')}</span>
            <span className={styles.hex}>
              {offsets(start, Math.min(shown.length, start + perRow)).map((i) => (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only mirror of the span tree, which is keyboard operable
                <span key={i} className={byteClass(i)} onMouseEnter={() => hover(i)}>
                  {(shown[i] as number).toString(16).padStart(2, '0')}
                </span>
              ))}
            </span>
            <span className={styles.ascii}>
              {offsets(start, Math.min(shown.length, start + perRow)).map((i) => (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only mirror of the span tree
                <span key={i} className={byteClass(i)} onMouseEnter={() => hover(i)}>
                  {printable(shown[i] as number)}
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
      {bytes.length > MAX_BYTES ? (
        <p className={styles.note}>
          First {MAX_BYTES} of {bytes.length} bytes shown.
        </p>
      ) : null}
    </div>
  );
}
