'use client';

import { useMemo, useRef } from 'react';
import { useElementSize } from '../hooks/use-element-size';
import type { Annotated, ByteField } from './fields';
import styles from './hex-dump.module.css';

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
  annotated: Annotated;
  /** Key of the active field (`<dumpKey>:<fieldId>`), shared by the dumps of one inspector. */
  active: string | null;
  onActive: (key: string | null) => void;
  dumpKey: string;
}

function offsets(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function printable(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/** Offset | hex | ASCII, with every byte range named in a table below; hover or focus links them. */
export function HexDump({ annotated, active, onActive, dumpKey }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const perRow = width < 560 ? 8 : 16;
  const { bytes, fields } = annotated;
  const shown = bytes.subarray(0, MAX_BYTES);
  const activeField = fields.find((f) => `${dumpKey}:${f.id}` === active);

  // For each byte, the innermost field covering it (smallest range): its region colours the byte.
  const owner = useMemo(() => {
    const out: (ByteField | undefined)[] = new Array(shown.length);
    for (const f of fields) {
      for (let i = f.start; i < Math.min(f.end, shown.length); i++) {
        const cur = out[i];
        if (!cur || f.end - f.start < cur.end - cur.start) out[i] = f;
      }
    }
    return out;
  }, [fields, shown.length]);

  const lines: number[] = [];
  for (let i = 0; i < shown.length; i += perRow) lines.push(i);

  const byteClass = (i: number) => {
    const f = owner[i];
    const region = f ? REGIONS[f.region % REGIONS.length] : '';
    const on = activeField && activeField.start <= i && i < activeField.end;
    return `${styles.byte} ${region ?? ''} ${on ? styles.active : ''}`;
  };
  const hover = (i: number) => {
    const f = owner[i];
    onActive(f ? `${dumpKey}:${f.id}` : null);
  };

  return (
    <figure ref={ref} className={styles.dump} aria-labelledby={`${dumpKey}-title`}>
      <h4 id={`${dumpKey}-title`} className={styles.title}>
        {annotated.title} · {bytes.length} bytes
      </h4>
      <div className={styles.grid} aria-hidden="true" onMouseLeave={() => onActive(null)}>
        {lines.map((start) => (
          <div key={start} className={styles.line}>
            <span className={styles.offset}>{start.toString(16).padStart(4, '0')}</span>
            <span className={styles.hex}>
              {offsets(start, Math.min(shown.length, start + perRow)).map((i) => (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only mirror of the field table, which is keyboard operable
                <span key={i} className={byteClass(i)} onMouseEnter={() => hover(i)}>
                  {(shown[i] as number).toString(16).padStart(2, '0')}
                </span>
              ))}
            </span>
            <span className={styles.ascii}>
              {offsets(start, Math.min(shown.length, start + perRow)).map((i) => (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only mirror of the field table
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
      <table className={styles.fields}>
        <caption className="visually-hidden">{annotated.title}: fields</caption>
        <thead>
          <tr>
            <th scope="col">Bytes</th>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col" className={styles.meaningCol}>
              Meaning
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const key = `${dumpKey}:${f.id}`;
            return (
              <tr
                key={f.id}
                tabIndex={0}
                data-active={key === active}
                data-field={f.name}
                onMouseEnter={() => onActive(key)}
                onFocus={() => onActive(key)}
              >
                <td className={styles.range}>
                  {f.end - f.start > 1
                    ? `${f.start}–${f.end - 1}`
                    : f.end > f.start
                      ? String(f.start)
                      : `at ${f.start}`}
                </td>
                <th scope="row">{f.name}</th>
                <td className={styles.value}>
                  {f.value}
                  {f.bits ? <span className={styles.bits}>bits {f.bits}</span> : null}
                </td>
                <td className={`${styles.meaning} ${styles.meaningCol}`}>{f.meaning ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
