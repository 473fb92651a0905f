import { describe, expect, it } from 'vitest';
import { formatBytes, plotAxes } from './plot-axes';

const MiB = 1024 * 1024;

describe('plotAxes', () => {
  it('has no axes before the first report', () => {
    expect(plotAxes([])).toBeUndefined();
  });

  it('labels time in seconds and both byte scales with units, covering every point', () => {
    const points = [
      { t: 5_000, depth: 0, watermark: 262_144, rss: 80 * MiB },
      { t: 9_300, depth: 300_000, watermark: 262_144, rss: 95 * MiB },
    ];
    const axes = plotAxes(points);
    expect(axes?.time.title).toBe('time since the first report (s)');
    expect(axes?.time.ticks.map((t) => t.label)).toContain('0 s');
    expect(axes?.time.ticks.every((t) => / s$/.test(t.label))).toBe(true);
    expect(axes?.depth.ticks.every((t) => /\d (B|KiB|MiB)$/.test(t.label))).toBe(true);
    expect(axes?.rss.ticks.every((t) => /\d (B|KiB|MiB)$/.test(t.label))).toBe(true);
    // The domains reach every value drawn: 4.3 s, 300 000 B, 95 MiB.
    expect((axes?.t1 ?? 0) - (axes?.t0 ?? 0)).toBeGreaterThanOrEqual(4300);
    expect(axes?.maxDepth).toBeGreaterThanOrEqual(300_000);
    expect(axes?.maxRss).toBeGreaterThanOrEqual(95 * MiB);
    expect(axes?.depth.ticks.length).toBeGreaterThanOrEqual(3);
    // Round numbers in the axis's own unit: 0, 100, 200, 300 KiB rather than 97.7 KiB steps.
    expect(axes?.depth.ticks.map((t) => t.label)).toEqual([
      '0 KiB',
      '100 KiB',
      '200 KiB',
      '300 KiB',
    ]);
  });

  it('formats bytes with their unit', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * MiB)]).toEqual([
      '512 B',
      '2.0 KiB',
      '3.0 MiB',
    ]);
  });
});
