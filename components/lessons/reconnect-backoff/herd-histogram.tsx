'use client';
/**
 * Histogram of the simulated clients' reconnect handshakes after one restart, measured at the edge:
 * one bar per 100 ms. Counts are printed on the bars and summarized in text (colour is not needed to
 * read it).
 */
import { scaleLinear } from 'd3-scale';
import { arrivalHistogram, type RestartRun } from '@/lib/machines/reconnect-arrivals';
import styles from '../shared/panel.module.css';

const W = 320;
const H = 150;
const PAD = { left: 28, right: 8, top: 14, bottom: 28 };

export function HerdHistogram({ run, peakMax }: { run: RestartRun; peakMax: number }) {
  const h = arrivalHistogram(run);
  const x = scaleLinear()
    .domain([0, h.bins.length * h.binMs])
    .range([PAD.left, W - PAD.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, peakMax)])
    .range([H - PAD.bottom, PAD.top]);
  const bw = x(h.binMs) - x(0);
  const title = `Restart ${run.n}${run.label ? `: ${run.label}` : ''}`;
  const spread = h.first !== null && h.last !== null ? Math.round(h.last - h.first) : null;
  return (
    <figure className={styles.card} data-testid={`herd-run-${run.n}`}>
      <h3>{title}</h3>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title} histogram`}>
        {h.bins.map((count, i) =>
          count > 0 ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
            <g key={i}>
              <rect
                x={x(i * h.binMs) + 1}
                width={Math.max(1, bw - 2)}
                y={y(count)}
                height={y(0) - y(count)}
                fill="var(--accent, #2563eb)"
              />
              <text x={x(i * h.binMs) + bw / 2} y={y(count) - 2} fontSize={9} textAnchor="middle">
                {count}
              </text>
            </g>
          ) : null,
        )}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="currentColor" />
        {x.ticks(4).map((t) => (
          <text key={t} x={x(t)} y={H - 8} fontSize={10} textAnchor="middle">
            {t / 1000} s
          </text>
        ))}
      </svg>
      <p
        data-testid={`herd-summary-${run.n}`}
        data-peak={h.peakWindow}
        data-spread={spread ?? ''}
        data-first={h.first === null ? '' : Math.round(h.first)}
      >
        {h.total} simulated reconnects;{' '}
        {h.total > 0
          ? `first ${Math.round(h.first ?? 0)} ms, last ${Math.round(h.last ?? 0)} ms after the restart, spread ${spread} ms; `
          : ''}
        most in any 100 ms window: <strong>{h.peakWindow}</strong>
        {h.later > 0 ? `; ${h.later} after ${(h.bins.length * h.binMs) / 1000} s` : ''}
      </p>
    </figure>
  );
}
