'use client';
/**
 * A small horizontal bar chart (d3-scale for the axis, plain SVG): one row per category, one or two
 * series stacked side by side. Every value is printed next to its bar (colour is never the only
 * signal) and the same numbers are in a table under "Data table" for screen readers.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { useId } from 'react';
import { groupThousands } from '@/lib/format/grouped';
import styles from './bar-chart.module.css';

export interface BarRow {
  label: string;
  /** One value per series; NaN or undefined = not measured yet (no bar, "—"). */
  values: readonly (number | undefined)[];
}

interface Props {
  /** Caption, also the figure's accessible name. */
  caption: string;
  /** Axis label with the unit, e.g. "bytes per message". */
  axisLabel: string;
  /** Series names (one per value), shown in a legend when there are two or more. */
  series: readonly string[];
  rows: readonly BarRow[];
  /** Stack the series into one bar per row (e.g. header + body bytes). */
  stacked?: boolean;
  format?: (v: number) => string;
  width?: number;
}

const LABEL_W = 150;
const ROW_H = 26;
const PAD = { top: 8, right: 70, bottom: 36 };
const COLOURS = ['var(--accent, #2563eb)', 'var(--accent-2, #d97706)'];

function measured(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

export function defaultFormat(v: number): string {
  if (Number.isInteger(v) || Math.abs(v) >= 100) return groupThousands(v);
  return v.toFixed(1);
}

export function BarChart({
  caption,
  axisLabel,
  series,
  rows,
  stacked = false,
  format = defaultFormat,
  width = 520,
}: Props) {
  const id = useId();
  const plotW = width - LABEL_W - PAD.right;
  const height = PAD.top + rows.length * ROW_H + PAD.bottom;
  const totals = rows.map((r) =>
    stacked
      ? r.values.reduce<number>((s, v) => s + (measured(v) ? v : 0), 0)
      : Math.max(0, ...r.values.filter(measured)),
  );
  const max = Math.max(1, ...totals);
  const x = scaleLinear().domain([0, max]).nice().range([0, plotW]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([PAD.top, PAD.top + rows.length * ROW_H])
    .padding(0.2);
  const band = y.bandwidth();
  const sub = stacked ? band : band / Math.max(1, series.length);
  const ticks = x.ticks(4);

  return (
    <figure className={styles.figure} aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{caption}</figcaption>
      {series.length > 1 ? (
        <div className={styles.legend} aria-hidden="true">
          {series.map((s, i) => (
            <span key={s}>
              <span className={styles.swatch} style={{ background: COLOURS[i % 2] }} />
              {s}
              {stacked ? (i === 0 ? ' (left part)' : ' (right part)') : ''}
            </span>
          ))}
        </div>
      ) : null}
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${caption}: ${rows
          .map(
            (r) =>
              `${r.label} ${r.values.map((v) => (measured(v) ? format(v) : 'not measured')).join(' + ')}`,
          )
          .join('; ')}`}
      >
        <g transform={`translate(${LABEL_W},0)`}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line
                className={styles.axis}
                y1={PAD.top}
                y2={PAD.top + rows.length * ROW_H}
                strokeDasharray="2 3"
              />
              <text
                className={styles.tick}
                y={PAD.top + rows.length * ROW_H + 14}
                textAnchor="middle"
              >
                {format(t)}
              </text>
            </g>
          ))}
          <text className={styles.label} x={plotW / 2} y={height - 4} textAnchor="middle">
            {axisLabel}
          </text>
          {rows.map((r, i) => {
            const top = y(i) ?? 0;
            let offset = 0;
            return (
              <g key={r.label}>
                <text
                  className={styles.label}
                  x={-8}
                  y={top + band / 2}
                  dy="0.35em"
                  textAnchor="end"
                >
                  {r.label}
                </text>
                {r.values.map((v, k) => {
                  if (!measured(v)) return null;
                  const w = Math.max(0, x(v));
                  const bx = stacked ? offset : 0;
                  const by = stacked ? top : top + k * sub;
                  offset += w;
                  return (
                    <rect
                      // biome-ignore lint/suspicious/noArrayIndexKey: series index is the identity
                      key={k}
                      className={styles.bar}
                      data-series={k % 2}
                      x={bx}
                      y={by}
                      width={w}
                      height={Math.max(1, sub - (stacked ? 0 : 1))}
                    />
                  );
                })}
                <text
                  className={styles.value}
                  x={Math.max(0, x(totals[i] ?? 0)) + 4}
                  y={top + band / 2}
                  dy="0.35em"
                >
                  {r.values.some(measured)
                    ? stacked
                      ? format(totals[i] ?? 0)
                      : r.values.map((v) => (measured(v) ? format(v) : '—')).join(' / ')
                    : 'not yet'}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
      <details className={styles.details}>
        <summary>Data table: {caption}</summary>
        <table className={styles.table}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              {series.map((s) => (
                <th key={s} scope="col">
                  {s} ({axisLabel})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {series.map((s, k) => {
                  const v = r.values[k];
                  return <td key={s}>{measured(v) ? format(v) : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
