/**
 * Axes of the queue plot, with units: time since the first server report (s) along the bottom,
 * queue depth (bytes, KiB, MiB) on the left, the process RSS (its own scale) on the right. Ticks
 * are d3's "nice" round numbers over each domain. Pure: the canvas draws what this returns.
 */
import { scaleLinear } from 'd3-scale';

export interface Tick {
  value: number;
  label: string;
}

export interface PlotAxes {
  /** Domain ends: ms on the session clock, bytes. */
  t0: number;
  t1: number;
  maxDepth: number;
  maxRss: number;
  time: { title: string; ticks: Tick[] };
  depth: { title: string; ticks: Tick[] };
  rss: { title: string; ticks: Tick[] };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** A byte axis with round ticks in the unit of its largest value (256 KiB, not 262 144 B). */
function byteAxis(max: number, tickCount: number): { end: number; ticks: Tick[] } {
  const [unit, size] =
    max >= 1024 * 1024 ? ['MiB', 1024 * 1024] : max >= 1024 ? ['KiB', 1024] : ['B', 1];
  const scale = scaleLinear()
    .domain([0, Math.max(1, max) / (size as number)])
    .nice(tickCount);
  const [, end = 1] = scale.domain();
  return {
    end: end * (size as number),
    ticks: scale
      .ticks(tickCount)
      .map((v) => ({ value: v * (size as number), label: `${Number(v.toFixed(2))} ${unit}` })),
  };
}

/** `points`: report times (ms) with the queue depth, watermark and RSS in bytes. */
export function plotAxes(
  points: readonly { t: number; depth: number; watermark: number; rss: number }[],
  tickCount = 4,
): PlotAxes | undefined {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const t0 = first.t;
  const time = scaleLinear()
    .domain([0, Math.max(1000, last.t - t0)])
    .nice(tickCount);
  const [, timeEnd = 1000] = time.domain();
  const depth = byteAxis(Math.max(...points.map((p) => Math.max(p.depth, p.watermark))), tickCount);
  const rss = byteAxis(Math.max(...points.map((p) => p.rss)), tickCount);
  return {
    t0,
    t1: t0 + timeEnd,
    maxDepth: depth.end,
    maxRss: rss.end,
    time: {
      title: 'time since the first report (s)',
      ticks: time.ticks(tickCount).map((v) => ({ value: v, label: seconds(v) })),
    },
    depth: {
      title: 'queue depth (bytes)',
      ticks: depth.ticks,
    },
    rss: {
      title: 'process RSS (bytes)',
      ticks: rss.ticks,
    },
  };
}
