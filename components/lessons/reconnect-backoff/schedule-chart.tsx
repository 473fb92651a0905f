'use client';
/**
 * The reconnect schedule on a time axis (ms after the drop): each planned attempt as a tick, with
 * its jitter band (nominal ± jitter), drawn before anything runs; the real attempts — handshakes of
 * your socket seen at the edge after the restart — drawn on top as they happen. Labels carry the
 * numbers; the table below repeats them.
 */
import { scaleLinear } from 'd3-scale';
import type { PlannedAttempt } from '@/lib/machines/backoff';
import type { Arrival } from '@/lib/machines/reconnect-arrivals';
import styles from '../shared/panel.module.css';

interface Props {
  plan: readonly PlannedAttempt[];
  jitter: number;
  /** Your handshakes after the latest restart (ms after it). */
  real: readonly Arrival[];
  /** True when `plan` is the preview for the next outage, false once it has started. */
  preview: boolean;
}

const W = 640;
const H = 120;
const PAD = { left: 16, right: 24, top: 18, bottom: 30 };

export function ScheduleChart({ plan, jitter, real, preview }: Props) {
  const shown = plan.slice(0, 12);
  const lastPlanned = shown.at(-1)?.at ?? 1000;
  const lastReal = real.at(-1)?.dt ?? 0;
  const x = scaleLinear()
    .domain([0, Math.max(lastPlanned * 1.05, lastReal * 1.05, 500)])
    .range([PAD.left, W - PAD.right]);
  const ticks = x.ticks(6);
  let prev = 0;
  return (
    <figure className={styles.card} aria-labelledby="schedule-caption">
      <h3 id="schedule-caption">
        Reconnect schedule {preview ? '(computed, not run yet)' : '(this outage)'} and your real
        attempts
      </h3>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Reconnect schedule">
        <line x1={PAD.left} x2={W - PAD.right} y1={60} y2={60} stroke="currentColor" />
        {shown.map((p) => {
          const from = prev;
          prev = p.at;
          const lo = from + Math.max(0, p.nominal * (1 - jitter));
          const hi = from + Math.min(p.nominal * (1 + jitter), Number.POSITIVE_INFINITY);
          return (
            <g key={p.n}>
              {jitter > 0 ? (
                <rect
                  x={x(lo)}
                  width={Math.max(1, x(hi) - x(lo))}
                  y={48}
                  height={24}
                  fill="var(--accent, #2563eb)"
                  opacity={0.12}
                />
              ) : null}
              <line x1={x(p.at)} x2={x(p.at)} y1={44} y2={76} stroke="var(--accent, #2563eb)" />
              <text x={x(p.at)} y={40} textAnchor="middle" fontSize={11}>
                #{p.n}
              </text>
            </g>
          );
        })}
        {real.map((a, i) => (
          <g key={a.seq}>
            <circle cx={x(a.dt)} cy={60} r={5} fill="var(--accent-2, #d97706)" />
            <text x={x(a.dt)} y={90} textAnchor="middle" fontSize={10}>
              {i + 1}: {Math.round(a.dt)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={H - 4} textAnchor="middle" fontSize={10}>
            {t} ms
          </text>
        ))}
      </svg>
      <p className={styles.muted}>
        Ticks (#n) and shaded jitter bands: the planned attempts, computed from the knobs and the
        seed. Circles: your socket’s handshakes (<code>GET …/socket.io/?EIO=4&amp;who=you</code>) at
        the edge, ms after the restart.
      </p>
      <table className={styles.mono} data-testid="schedule-table">
        <caption>Planned versus measured attempts</caption>
        <thead>
          <tr>
            <th scope="col">attempt</th>
            <th scope="col">wait (ms)</th>
            <th scope="col">planned at (ms)</th>
            <th scope="col">measured at (ms)</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={p.n}>
              <td>{p.n}</td>
              <td>{p.delay}</td>
              <td>{p.at}</td>
              <td>{real[i] ? Math.round(real[i].dt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.length > shown.length ? (
        <p className={styles.muted}>…and {plan.length - shown.length} more attempts.</p>
      ) : null}
    </figure>
  );
}
