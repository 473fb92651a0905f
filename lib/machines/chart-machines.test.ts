import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { layoutChartWithElk } from './chart-elk';
import { CHART_LAYOUT_IDS, chartLayoutOf } from './chart-layouts';
import { CHART_MACHINES } from './chart-machines';
import {
  type Box,
  COMPOUND_HEADER_PX,
  LABEL_FONT_PX,
  LABEL_GUTTER_PX,
  LABEL_LINE_PX,
  LABEL_PAD_X,
  LABEL_PAD_Y,
  textWidth,
} from './chart-metrics';

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const inside = (a: Box, b: Box) =>
  a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

describe('statechart layouts (lib/machines/layouts/*.json)', () => {
  it('has one committed layout per charted machine', () => {
    expect([...CHART_LAYOUT_IDS].sort()).toEqual(CHART_MACHINES.map((m) => m.machine.id).sort());
  });

  for (const { machine, direction } of CHART_MACHINES) {
    describe(machine.id, () => {
      const chart = chartOf(machine);
      const layout = chartLayoutOf(machine.id);
      if (layout === undefined) throw new Error(`no layout for ${machine.id}`);

      it('is up to date with the machine (else run `npm run layout:charts`)', async () => {
        expect(await layoutChartWithElk(chart, { direction })).toEqual(layout);
      });

      it('gives every state a box, children inside their parent', () => {
        const box = new Map(layout.nodes.map((n) => [n.id, n]));
        for (const node of chart.nodes) {
          const own = box.get(node.id);
          expect(own, node.id).toBeDefined();
          const parent = node.parentId === undefined ? undefined : box.get(node.parentId);
          if (own !== undefined && parent !== undefined) {
            expect(inside(own, parent), `${node.id} inside ${node.parentId}`).toBe(true);
          }
        }
        for (const node of layout.nodes) {
          expect(inside(node, { x: 0, y: 0, w: layout.width, h: layout.height })).toBe(true);
        }
      });

      it('draws every transition as an edge with a label line', () => {
        const drawn = new Set(layout.edges.flatMap((e) => e.edgeIds));
        const lines = new Set(layout.edges.flatMap((e) => e.label?.lines.map((l) => l.edgeId)));
        for (const edge of chart.edges) {
          expect(drawn.has(edge.id), edge.id).toBe(true);
          expect(lines.has(edge.id), edge.id).toBe(true);
        }
        for (const edge of layout.edges) {
          expect(edge.sections.flat().length, edge.id).toBeGreaterThanOrEqual(2);
          if (edge.kind === 'transition')
            expect(edge.label?.lines.length, edge.id).toBeGreaterThan(0);
        }
      });

      it('sizes every label for its text at 12 px', () => {
        for (const edge of layout.edges) {
          const label = edge.label;
          if (label === undefined) continue;
          const chars = Math.max(...label.lines.map((l) => l.text.length));
          expect(label.w).toBeGreaterThanOrEqual(
            textWidth(chars, LABEL_FONT_PX) + LABEL_GUTTER_PX + 2 * LABEL_PAD_X,
          );
          expect(label.h).toBeGreaterThanOrEqual(label.lines.length * LABEL_LINE_PX + LABEL_PAD_Y);
        }
      });

      it('keeps labels off each other and off the state boxes and headers', () => {
        const labels = layout.edges.flatMap((e) => (e.label ? [{ id: e.id, box: e.label }] : []));
        for (const [i, a] of labels.entries()) {
          for (const b of labels.slice(i + 1)) {
            expect(overlap(a.box, b.box), `${a.id} / ${b.id}`).toBe(false);
          }
        }
        const solid = layout.nodes.map((n) =>
          n.kind === 'compound' ? { ...n, h: COMPOUND_HEADER_PX } : n,
        );
        for (const label of labels) {
          for (const node of solid) {
            expect(overlap(label.box, node), `${label.id} over ${node.id}`).toBe(false);
          }
        }
      });
    });
  }
});

describe('page bundles', () => {
  it('import the layouts as JSON, never the layout engine', () => {
    const root = join(__dirname, '..', '..');
    for (const file of [
      'lib/machines/chart-layouts.ts',
      'lib/machines/chart-metrics.ts',
      'components/statechart/statechart.tsx',
      'components/statechart/chart-svg.tsx',
    ]) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text, file).not.toMatch(/elkjs|chart-elk|chart-machines/);
    }
  });
});
