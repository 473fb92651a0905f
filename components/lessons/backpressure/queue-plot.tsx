'use client';

import { useEffect, useMemo, useRef } from 'react';
import { depthOf, type StatPoint } from '@/lib/machines/queue-watermark';
import { formatBytes, plotAxes } from './plot-axes';

export { formatBytes };

const W = 720;
const H = 240;
/** Room for the tick labels and axis titles: left (depth), right (RSS), bottom (time). */
const LEFT = 78;
const RIGHT = 78;
const TOP = 14;
const BOTTOM = 40;

/**
 * The server's queue depth (solid) against the watermark (dashed) and the process RSS (dotted,
 * own scale on the right), one point per captured stat report, with labelled axes: time since the
 * first report in seconds, bytes on both sides. Drawn on a canvas: reports come 10× a second.
 */
export function QueuePlot({ points }: { points: readonly StatPoint[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const axes = useMemo(
    () =>
      plotAxes(
        points.map((p) => ({
          t: p.t,
          depth: depthOf(p.stat),
          watermark: p.stat.watermark,
          rss: p.stat.rss,
        })),
      ),
    [points],
  );
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const style = getComputedStyle(canvas);
    const fg = style.color || '#222';
    ctx.clearRect(0, 0, W, H);
    ctx.font = '11px sans-serif';
    ctx.fillStyle = fg;
    if (axes === undefined) {
      ctx.fillText('No server reports yet: start a run.', LEFT, H / 2);
      return;
    }
    const x = (t: number) => LEFT + ((t - axes.t0) / (axes.t1 - axes.t0)) * (W - LEFT - RIGHT);
    const y = (v: number, max: number) => H - BOTTOM - (v / max) * (H - TOP - BOTTOM);
    ctx.strokeStyle = fg;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.strokeRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
    // Ticks and labels.
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (const tick of axes.depth.ticks) {
      const py = y(tick.value, axes.maxDepth);
      ctx.beginPath();
      ctx.moveTo(LEFT - 4, py);
      ctx.lineTo(LEFT, py);
      ctx.stroke();
      ctx.fillText(tick.label, LEFT - 6, py);
    }
    ctx.textAlign = 'left';
    for (const tick of axes.rss.ticks) {
      const py = y(tick.value, axes.maxRss);
      ctx.beginPath();
      ctx.moveTo(W - RIGHT, py);
      ctx.lineTo(W - RIGHT + 4, py);
      ctx.stroke();
      ctx.fillText(tick.label, W - RIGHT + 6, py);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const tick of axes.time.ticks) {
      const px = x(axes.t0 + tick.value);
      ctx.beginPath();
      ctx.moveTo(px, H - BOTTOM);
      ctx.lineTo(px, H - BOTTOM + 4);
      ctx.stroke();
      ctx.fillText(tick.label, px, H - BOTTOM + 6);
    }
    ctx.fillText(axes.time.title, LEFT + (W - LEFT - RIGHT) / 2, H - 14);
    const vertical = (text: string, px: number, angle: number) => {
      ctx.save();
      ctx.translate(px, TOP + (H - TOP - BOTTOM) / 2);
      ctx.rotate(angle);
      ctx.textBaseline = 'middle';
      ctx.fillText(text, 0, 0);
      ctx.restore();
    };
    vertical(axes.depth.title, 10, -Math.PI / 2);
    vertical(axes.rss.title, W - 10, Math.PI / 2);
    // The series.
    const line = (value: (p: StatPoint) => number, max: number, dash: number[], width: number) => {
      ctx.setLineDash(dash);
      ctx.lineWidth = width;
      ctx.beginPath();
      points.forEach((p, i) => {
        const px = x(p.t);
        const py = y(value(p), max);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.stroke();
    };
    ctx.strokeStyle = '#c0392b';
    line((p) => p.stat.watermark, axes.maxDepth, [6, 4], 1.5);
    ctx.strokeStyle = '#1f6feb';
    line((p) => depthOf(p.stat), axes.maxDepth, [], 2);
    ctx.strokeStyle = '#6e7781';
    line((p) => p.stat.rss, axes.maxRss, [2, 3], 1.5);
    ctx.setLineDash([]);
  }, [points, axes]);
  const last = points[points.length - 1]?.stat;
  return (
    <figure style={{ margin: 0 }}>
      <canvas
        ref={ref}
        width={W}
        height={H}
        style={{ maxWidth: '100%' }}
        role="img"
        aria-label={
          last && axes
            ? `Queue depth ${formatBytes(depthOf(last))} against a watermark of ${formatBytes(last.watermark)}; process RSS ${formatBytes(last.rss)}. Axes: ${axes.time.title}, 0 to ${axes.time.ticks.at(-1)?.label}; ${axes.depth.title}, 0 to ${formatBytes(axes.maxDepth)} (left); ${axes.rss.title}, 0 to ${formatBytes(axes.maxRss)} (right)`
            : 'No server reports yet'
        }
      />
      <figcaption>
        Solid: queue depth (ws.bufferedAmount + app queue, left axis) · dashed: the high watermark
        (left axis) · dotted: the Node process RSS (right axis; the whole server, every session) ·
        across: seconds since the first server report of the run
      </figcaption>
    </figure>
  );
}
