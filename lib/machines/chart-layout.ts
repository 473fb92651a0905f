/**
 * A small, deterministic, layered left-to-right layout for a `Chart` of a dozen states.
 *
 * Each compound state is laid out recursively as a box around its children (a header row holds its
 * name). Inside every container, sibling states are ranked by the longest forward path from the
 * initial state (back edges found by depth-first search are ignored for ranking), so the happy path
 * reads left to right; states of one rank are stacked in definition order. Forward edges are routed
 * orthogonally from the source's right side to the target's left side; backward edges loop under
 * both boxes. Targetless transitions get no polyline (they are actions only).
 */
import type { Chart, ChartEdge, ChartNode } from './chart';

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** True for a compound/parallel state drawn as a container around its children. */
  container: boolean;
  /** Where to write the state's name (top-left of a container, centre of an atomic state). */
  label: Point;
}

export interface EdgePath {
  id: string;
  source: string;
  target: string;
  points: Point[];
  /** Where to write the edge's label. */
  label: Point;
  /** True when the edge points right-to-left and is routed below the boxes. */
  backward: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

export interface LayoutOptions {
  /** Width to spread the top level over; the layout may be wider if the states need it. */
  width?: number;
  /** Approximate width of one label character in px (12 px sans-serif ≈ 7). */
  charWidth?: number;
  nodeHeight?: number;
}

const PAD = 12;
const HEADER = 22;
const MIN_COL_GAP = 56;
const MAX_COL_GAP = 160;
const ROW_GAP = 24;
const MARGIN = 16;
const BACK_EDGE_STEP = 12;

interface Size {
  w: number;
  h: number;
}

/** Relative placement of a container's children (origin = container content origin). */
interface Placement {
  size: Size;
  at: Map<string, Point>;
}

function rankSiblings(
  siblings: readonly ChartNode[],
  liftedEdges: readonly [string, string][],
): Map<string, number> {
  const ids = siblings.map((n) => n.id);
  const out = new Map<string, string[]>();
  for (const id of ids) out.set(id, []);
  for (const [s, t] of liftedEdges) if (s !== t) out.get(s)?.push(t);
  // DFS from the initial state first, then the rest in definition order; mark back edges.
  const order = [...siblings]
    .sort((a, b) => Number(b.initial) - Number(a.initial))
    .map((n) => n.id);
  const state = new Map<string, 'visiting' | 'done'>();
  const back = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    for (const next of out.get(id) ?? []) {
      const s = state.get(next);
      if (s === 'visiting') back.add(`${id}>${next}`);
      else if (s === undefined) visit(next);
    }
    state.set(id, 'done');
  };
  for (const id of order) if (!state.has(id)) visit(id);
  // Longest path over forward edges (a DAG now); relax in topological order by repeated passes.
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const [s, t] of liftedEdges) {
      if (s === t || back.has(`${s}>${t}`)) continue;
      const next = (rank.get(s) ?? 0) + 1;
      if (next > (rank.get(t) ?? 0)) {
        rank.set(t, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rank;
}

export function layoutChart(chart: Chart, options: LayoutOptions = {}): ChartLayout {
  const charWidth = options.charWidth ?? 7;
  const nodeHeight = options.nodeHeight ?? 32;
  const children = new Map<string | undefined, ChartNode[]>();
  const parentOf = new Map<string, string | undefined>();
  for (const node of chart.nodes) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
    parentOf.set(node.id, node.parentId);
  }
  /** The ancestor of `id` (or `id` itself) that is a direct child of `container`. */
  const liftTo = (id: string, container: string | undefined): string | undefined => {
    let current: string | undefined = id;
    while (current !== undefined) {
      const parent = parentOf.get(current);
      if (parent === container) return current;
      current = parent;
    }
    return undefined;
  };
  const drawable = chart.edges.filter((e) => !e.targetless);
  const sizes = new Map<string, Size>();
  const placements = new Map<string | undefined, Placement>();

  const place = (container: string | undefined, colGapOverride?: number): Placement => {
    const siblings = children.get(container) ?? [];
    for (const node of siblings) {
      if ((children.get(node.id) ?? []).length > 0) {
        const inner = place(node.id);
        const labelW = node.key.length * charWidth + 2 * PAD;
        sizes.set(node.id, {
          w: Math.max(inner.size.w + 2 * PAD, labelW),
          h: inner.size.h + HEADER + PAD,
        });
      } else {
        sizes.set(node.id, {
          w: Math.max(72, node.key.length * charWidth + 2 * PAD),
          h: nodeHeight,
        });
      }
    }
    const lifted: [string, string][] = [];
    for (const edge of drawable) {
      const s = liftTo(edge.source, container);
      const t = liftTo(edge.target, container);
      if (s !== undefined && t !== undefined) lifted.push([s, t]);
    }
    const rank = rankSiblings(siblings, lifted);
    const columns: ChartNode[][] = [];
    for (const node of siblings) {
      const r = rank.get(node.id) ?? 0;
      while (columns.length <= r) columns.push([]);
      (columns[r] as ChartNode[]).push(node);
    }
    const nonEmpty = columns.filter((c) => c.length > 0);
    const colW = nonEmpty.map((col) => Math.max(...col.map((n) => (sizes.get(n.id) as Size).w)));
    const colH = nonEmpty.map(
      (col) =>
        col.reduce((sum, n) => sum + (sizes.get(n.id) as Size).h, 0) + ROW_GAP * (col.length - 1),
    );
    const height = Math.max(0, ...colH);
    const gap = colGapOverride ?? MIN_COL_GAP;
    const at = new Map<string, Point>();
    let x = 0;
    nonEmpty.forEach((col, i) => {
      let y = (height - (colH[i] as number)) / 2;
      for (const node of col) {
        const size = sizes.get(node.id) as Size;
        at.set(node.id, { x: x + ((colW[i] as number) - size.w) / 2, y });
        y += size.h + ROW_GAP;
      }
      x += (colW[i] as number) + gap;
    });
    const width = Math.max(0, x - gap);
    const placement = { size: { w: width, h: height }, at };
    placements.set(container, placement);
    return placement;
  };

  let top = place(undefined);
  const topColumns = new Set([...top.at.values()].map((p) => p.x)).size;
  if (options.width !== undefined && topColumns > 1) {
    const spare = options.width - 2 * MARGIN - top.size.w;
    if (spare > 0) {
      const gap = Math.min(MAX_COL_GAP, MIN_COL_GAP + spare / (topColumns - 1));
      top = place(undefined, gap);
    }
  }

  // Absolute boxes, parents before children (the chart's order).
  const boxes = new Map<string, NodeBox>();
  const absolute = (container: string | undefined, origin: Point): void => {
    const placement = placements.get(container);
    if (placement === undefined) return;
    for (const node of children.get(container) ?? []) {
      const rel = placement.at.get(node.id) as Point;
      const size = sizes.get(node.id) as Size;
      const x = origin.x + rel.x;
      const y = origin.y + rel.y;
      const container = (children.get(node.id) ?? []).length > 0;
      boxes.set(node.id, {
        id: node.id,
        x,
        y,
        w: size.w,
        h: size.h,
        container,
        label: container
          ? { x: x + PAD, y: y + HEADER * 0.7 }
          : { x: x + size.w / 2, y: y + size.h / 2 },
      });
      if (container) {
        const inner = placements.get(node.id) as Placement;
        absolute(node.id, { x: x + (size.w - inner.size.w) / 2, y: y + HEADER });
      }
    }
  };
  absolute(undefined, { x: MARGIN, y: MARGIN });

  const nodes = chart.nodes
    .map((n) => boxes.get(n.id))
    .filter((b): b is NodeBox => b !== undefined);
  let bottom = MARGIN + top.size.h;
  const edges: EdgePath[] = [];
  const pairCount = new Map<string, number>();
  for (const edge of drawable)
    pairCount.set(pairKey(edge), (pairCount.get(pairKey(edge)) ?? 0) + 1);
  const pairSeen = new Map<string, number>();
  let backIndex = 0;
  for (const edge of drawable) {
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    if (s === undefined || t === undefined) continue;
    const key = pairKey(edge);
    const k = pairSeen.get(key) ?? 0;
    pairSeen.set(key, k + 1);
    const n = pairCount.get(key) ?? 1;
    const spread = (k - (n - 1) / 2) * 8;
    if (t.x >= s.x + s.w - 1 || (s.container && t.x > s.x + s.w / 2)) {
      const sx = s.x + s.w;
      const sy = s.y + s.h / 2 + spread;
      const tx = t.x;
      const ty = t.y + t.h / 2 + spread;
      const mx = (sx + tx) / 2;
      const points =
        sy === ty
          ? [
              { x: sx, y: sy },
              { x: tx, y: ty },
            ]
          : [
              { x: sx, y: sy },
              { x: mx, y: sy },
              { x: mx, y: ty },
              { x: tx, y: ty },
            ];
      edges.push({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        points,
        label: { x: mx, y: Math.min(sy, ty) - 4 },
        backward: false,
      });
    } else {
      const y0 = Math.max(s.y + s.h, t.y + t.h) + BACK_EDGE_STEP * (1 + backIndex++);
      const sx = s.x + s.w / 2 + spread;
      const tx = t.x + t.w / 2 + spread;
      const points = [
        { x: sx, y: s.y + s.h },
        { x: sx, y: y0 },
        { x: tx, y: y0 },
        { x: tx, y: t.y + t.h },
      ];
      bottom = Math.max(bottom, y0 + 14);
      edges.push({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        points,
        label: { x: (sx + tx) / 2, y: y0 + 12 },
        backward: true,
      });
    }
  }
  return {
    width: Math.max(options.width ?? 0, top.size.w + 2 * MARGIN),
    height: bottom + MARGIN,
    nodes,
    edges,
  };
}

function pairKey(edge: ChartEdge): string {
  return `${edge.source}>${edge.target}`;
}
