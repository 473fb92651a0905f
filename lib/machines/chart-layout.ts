/**
 * A small, deterministic, layered left-to-right layout for a `Chart` of a dozen states.
 *
 * Each compound state is laid out recursively as a box around its children (a header row holds its
 * name). Inside every container, sibling states are ranked by the longest forward path from the
 * initial state (back edges found by depth-first search are ignored for ranking), so the happy path
 * reads left to right; states of one rank are stacked in definition order. Column gaps leave room
 * for the edge labels that cross them. Edges are routed by `routeEdges` (chart-routing.ts).
 * Targetless transitions get no polyline (they run actions only).
 */
import type { Chart, ChartEdge, ChartNode } from './chart';
import { type Point, type Rect, routeEdges } from './chart-routing';

export type { Point } from './chart-routing';

export interface NodeBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** True for a compound/parallel state drawn as a container around its children. */
  container: boolean;
  /** Where to write the state's name (top-left baseline of a container, centre of an atomic state). */
  label: Point;
}

export interface EdgePath {
  id: string;
  source: string;
  target: string;
  points: Point[];
  /** Centre of the edge's label block. */
  label: Point;
  /** The label's lines, top to bottom: the event ('HANDSHAKE_RESPONSE'), then the guard ('[isSwitchingProtocols]'). */
  lines: string[];
  /** True when the edge points right-to-left (or up/down) and loops around the boxes. */
  backward: boolean;
}

export interface ChartLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

export interface LayoutOptions {
  /** Width to spread the top level over; the layout is wider only if the states need it. */
  width?: number;
  /** Approximate width of a state-name character in px (12 px sans-serif ≈ 7). */
  charWidth?: number;
  /** Approximate width of an edge-label character in px (10 px sans-serif capitals ≈ 6.5). */
  labelCharWidth?: number;
  nodeHeight?: number;
}

/** An edge's label as lines: the event (or 'after N ms' / 'always'), then '[guard]' when guarded. */
export function labelLines(edge: ChartEdge): string[] {
  const event =
    edge.guard === undefined ? edge.label : edge.label.slice(0, -(edge.guard.length + 3));
  return edge.guard === undefined ? [event] : [event, `[${edge.guard}]`];
}

const PAD = 12;
const HEADER = 22;
const MIN_COL_GAP = 48;
const MAX_COL_GAP = 200;
const ROW_GAP = 28;
const MARGIN = 16;

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
  lifted: readonly [string, string][],
): Map<string, number> {
  const out = new Map<string, string[]>(siblings.map((n) => [n.id, []]));
  for (const [s, t] of lifted) if (s !== t) out.get(s)?.push(t);
  // DFS from the initial state first, then the rest in definition order; mark back edges.
  const order = [...siblings]
    .sort((a, b) => Number(b.initial) - Number(a.initial))
    .map((n) => n.id);
  const state = new Map<string, 'visiting' | 'done'>();
  const back = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    for (const next of out.get(id) ?? []) {
      const seen = state.get(next);
      if (seen === 'visiting') back.add(`${id}>${next}`);
      else if (seen === undefined) visit(next);
    }
    state.set(id, 'done');
  };
  for (const id of order) if (!state.has(id)) visit(id);
  // Longest path over the remaining (acyclic) edges, by repeated relaxation.
  const rank = new Map<string, number>(siblings.map((n) => [n.id, 0]));
  for (let pass = 0; pass < siblings.length; pass++) {
    let changed = false;
    for (const [s, t] of lifted) {
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
  const labelCharWidth = options.labelCharWidth ?? 6.5;
  const nodeHeight = options.nodeHeight ?? 32;
  const children = new Map<string | undefined, ChartNode[]>();
  const parentOf = new Map<string, string | undefined>();
  for (const node of chart.nodes) {
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
    parentOf.set(node.id, node.parentId);
  }
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) out.push(p);
    return out;
  };
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

  const place = (container: string | undefined, extraGap = 0): Placement => {
    const siblings = children.get(container) ?? [];
    for (const node of siblings) {
      if ((children.get(node.id) ?? []).length > 0) {
        const inner = place(node.id);
        sizes.set(node.id, {
          w: Math.max(inner.size.w + 2 * PAD, node.key.length * charWidth + 2 * PAD),
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
    const liftedEdges: [string, string, ChartEdge][] = [];
    for (const edge of drawable) {
      const s = liftTo(edge.source, container);
      const t = liftTo(edge.target, container);
      if (s === undefined || t === undefined) continue;
      lifted.push([s, t]);
      liftedEdges.push([s, t, edge]);
    }
    const rank = rankSiblings(siblings, lifted);
    // Each gap is wide enough for the labels of the forward edges that leave the column before it.
    const labelRoom: number[] = [];
    for (const [s, t, edge] of liftedEdges) {
      const rs = rank.get(s) ?? 0;
      if ((rank.get(t) ?? 0) <= rs) continue;
      const longest = Math.max(...labelLines(edge).map((l) => l.length));
      labelRoom[rs] = Math.max(labelRoom[rs] ?? 0, longest * labelCharWidth + 16);
    }
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
    const gapAfter = (i: number): number =>
      Math.max(MIN_COL_GAP, Math.min(MAX_COL_GAP, labelRoom[i] ?? 0)) + extraGap;
    const at = new Map<string, Point>();
    let x = 0;
    nonEmpty.forEach((col, i) => {
      let y = (height - (colH[i] as number)) / 2;
      for (const node of col) {
        const size = sizes.get(node.id) as Size;
        at.set(node.id, { x: x + ((colW[i] as number) - size.w) / 2, y });
        y += size.h + ROW_GAP;
      }
      x += (colW[i] as number) + (i < nonEmpty.length - 1 ? gapAfter(i) : 0);
    });
    const placement = { size: { w: x, h: height }, at };
    placements.set(container, placement);
    return placement;
  };

  let top = place(undefined);
  const topColumns = new Set([...top.at.values()].map((p) => p.x)).size;
  if (options.width !== undefined && topColumns > 1) {
    const spare = options.width - 2 * MARGIN - top.size.w;
    if (spare > 0) top = place(undefined, Math.min(MAX_COL_GAP, spare / (topColumns - 1)));
  }

  const boxes = new Map<string, NodeBox>();
  const absolute = (container: string | undefined, origin: Point): void => {
    const placement = placements.get(container);
    if (placement === undefined) return;
    for (const node of children.get(container) ?? []) {
      const rel = placement.at.get(node.id) as Point;
      const size = sizes.get(node.id) as Size;
      const x = origin.x + rel.x;
      const y = origin.y + rel.y;
      const isContainer = (children.get(node.id) ?? []).length > 0;
      boxes.set(node.id, {
        id: node.id,
        x,
        y,
        w: size.w,
        h: size.h,
        container: isContainer,
        label: isContainer
          ? { x: x + PAD, y: y + HEADER * 0.7 }
          : { x: x + size.w / 2, y: y + size.h / 2 },
      });
      if (isContainer) {
        const inner = placements.get(node.id) as Placement;
        absolute(node.id, { x: x + (size.w - inner.size.w) / 2, y: y + HEADER });
      }
    }
  };
  absolute(undefined, { x: 0, y: 0 });

  const rects = new Map<string, Rect>([...boxes].map(([id, b]) => [id, b]));
  const routes = routeEdges(
    drawable.map((e) => ({ id: e.id, source: e.source, target: e.target, lines: labelLines(e) })),
    rects,
    ancestors,
    (text) => text.length * labelCharWidth,
  );
  const linesOf = new Map(drawable.map((e) => [e.id, labelLines(e)]));

  // Shift everything so the top-left of every box, route and label is at MARGIN.
  let minX = 0;
  let minY = 0;
  let maxX = top.size.w;
  let maxY = top.size.h;
  for (const route of routes) {
    const lines = linesOf.get(route.id) ?? [];
    const half = (Math.max(0, ...lines.map((l) => l.length)) * labelCharWidth) / 2;
    const halfH = (lines.length * 11) / 2;
    for (const p of route.points) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    minX = Math.min(minX, route.label.x - half);
    maxX = Math.max(maxX, route.label.x + half);
    minY = Math.min(minY, route.label.y - halfH);
    maxY = Math.max(maxY, route.label.y + halfH);
  }
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const nodes = chart.nodes
    .map((n) => boxes.get(n.id))
    .filter((b): b is NodeBox => b !== undefined)
    .map((b) => ({ ...b, x: b.x + dx, y: b.y + dy, label: move(b.label) }));
  const edges: EdgePath[] = routes.map((route) => {
    const edge = drawable.find((e) => e.id === route.id);
    return {
      id: route.id,
      source: edge?.source ?? '',
      target: edge?.target ?? '',
      points: route.points.map(move),
      label: move(route.label),
      lines: linesOf.get(route.id) ?? [],
      backward: route.backward,
    };
  });
  return {
    width: Math.max(options.width ?? 0, maxX - minX + 2 * MARGIN),
    height: maxY - minY + 2 * MARGIN,
    nodes,
    edges,
  };
}
