'use client';

import { useEffect, useRef } from 'react';
import { depthOf, type StatPoint } from '@/lib/machines/queue-watermark';

const W = 720;
const H = 220;
const PAD = 36;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * The server's queue depth (solid) against the watermark (dashed) and the process RSS (dotted,
 * own scale), one point per captured stat report. Drawn on a canvas: reports come 10× a second.
 */
export function QueuePlot({ points }: { points: readonly StatPoint[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const style = getComputedStyle(canvas);
    const fg = style.color || '#222';
    ctx.clearRect(0, 0, W, H);
    ctx.font = '11px sans-serif';
    ctx.fillStyle = fg;
    if (points.length === 0) {
      ctx.fillText('No server reports yet: start a run.', PAD, H / 2);
      return;
    }
    const t0 = (points[0] as StatPoint).t;
    const t1 = Math.max(t0 + 1000, (points[points.length - 1] as StatPoint).t);
    const maxDepth = Math.max(1, ...points.map((p) => Math.max(depthOf(p.stat), p.stat.watermark)));
    const maxRss = Math.max(1, ...points.map((p) => p.stat.rss));
    const x = (t: number) => PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD);
    const y = (v: number, max: number) => H - PAD - (v / max) * (H - 2 * PAD);
    ctx.strokeStyle = fg;
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD, PAD, W - 2 * PAD, H - 2 * PAD);
    ctx.fillText(formatBytes(maxDepth), 2, PAD - 4);
    ctx.fillText(`${((t1 - t0) / 1000).toFixed(1)} s`, W - PAD - 20, H - PAD + 14);
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
    line((p) => p.stat.watermark, maxDepth, [6, 4], 1.5);
    ctx.strokeStyle = '#1f6feb';
    line((p) => depthOf(p.stat), maxDepth, [], 2);
    ctx.strokeStyle = '#6e7781';
    line((p) => p.stat.rss, maxRss * 1.1, [2, 3], 1.5);
    ctx.setLineDash([]);
  }, [points]);
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
          last
            ? `Queue depth ${formatBytes(depthOf(last))} against a watermark of ${formatBytes(last.watermark)}; process RSS ${formatBytes(last.rss)}`
            : 'No server reports yet'
        }
      />
      <figcaption>
        Solid: queue depth (ws.bufferedAmount + app queue) · dashed: the high watermark · dotted:
        the Node process RSS (its own scale; the whole server, every session)
      </figcaption>
    </figure>
  );
}
