/**
 * Lays out a `Chart` (chart.ts) with ELK's layered algorithm (elkjs): compound states are ELK
 * compound nodes laid out together with their parents (hierarchy handling INCLUDE_CHILDREN), edges
 * are routed orthogonally, and every edge label is an ELK label with a size estimated from its text
 * (chart-metrics.ts), so ELK keeps labels off nodes and off each other.
 *
 * Build-time only (scripts/layout-statecharts.ts and its test): pages import the JSON it writes,
 * never this file, so elkjs stays out of every page bundle.
 *
 * Transitions with the same source and target share one arrow whose label lists each of them;
 * a targetless transition (actions only) is a self-loop. Transitions declared on the machine root
 * ("from any state") start at an 'any state' node. Each container's initial state gets a dot.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Chart, ChartEdge } from './chart';
import {
  CAPTION_CHARS,
  type ChartLayout,
  COMPOUND_HEADER_PX,
  INITIAL_DOT_PX,
  LABEL_FONT_PX,
  LABEL_GUTTER_PX,
  LABEL_LINE_PX,
  LABEL_PAD_X,
  LABEL_PAD_Y,
  type LabelLine,
  type LayoutEdge,
  type LayoutNode,
  NAME_FONT_PX,
  type Point,
  STATE_H,
  STATE_PAD_X,
  textWidth,
} from './chart-metrics';

export interface ElkChartOptions {
  direction?: 'DOWN' | 'RIGHT';
}

const ANY = '(any)';
const INIT = '(initial)';

/** The lines of one transition's label: the event, then its guard on a line of its own. */
export function labelLinesOf(edge: ChartEdge): LabelLine[] {
  const at = edge.label.indexOf(' [');
  if (at < 0) return [{ edgeId: edge.id, text: edge.label }];
  return [
    { edgeId: edge.id, text: edge.label.slice(0, at) },
    { edgeId: edge.id, text: `  ${edge.label.slice(at + 1)}` },
  ];
}

function labelSize(lines: readonly LabelLine[]): { width: number; height: number } {
  const chars = Math.max(...lines.map((l) => l.text.length));
  return {
    width: LABEL_GUTTER_PX + textWidth(chars, LABEL_FONT_PX) + 2 * LABEL_PAD_X,
    height: lines.length * LABEL_LINE_PX + 2 * LABEL_PAD_Y,
  };
}

function stateWidth(key: string): number {
  const name = textWidth(key.length, NAME_FONT_PX);
  const caption = textWidth(CAPTION_CHARS, LABEL_FONT_PX);
  return Math.max(name, caption) + 2 * STATE_PAD_X;
}

interface Group {
  source: string;
  target: string;
  edges: ChartEdge[];
}

/** Transitions grouped by (source, target), in definition order. */
function groupEdges(chart: Chart): Group[] {
  const groups = new Map<string, Group>();
  for (const edge of chart.edges) {
    const source = edge.source === chart.id ? `${chart.id}.${ANY}` : edge.source;
    const key = `${source}→${edge.target}`;
    const group = groups.get(key) ?? { source, target: edge.target, edges: [] };
    group.edges.push(edge);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const round = (v: number) => Math.round(v * 2) / 2;
const pt = (p: { x: number; y: number }): Point => ({ x: round(p.x), y: round(p.y) });

/** The ELK graph of a chart (exported for tests and debugging). */
export function elkGraphOf(chart: Chart, options: ElkChartOptions = {}): ElkNode {
  const direction = options.direction ?? 'DOWN';
  const elkNodes = new Map<string, ElkNode>();
  /**
   * Options ELK reads per compound graph even under INCLUDE_CHILDREN. Model-order cycle breaking
   * is refused in nested graphs there, so they break cycles depth-first from their initial dot:
   * a container's initial state comes first (top, or left), as it does at the top level.
   */
  const inherited: Record<string, string> = {
    'elk.direction': direction,
    'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  };
  const root: ElkNode = {
    id: chart.id,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.labelNode': '6',
      'elk.layered.spacing.nodeNodeBetweenLayers': '30',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.mergeEdges': 'false',
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    },
    children: [],
    edges: [],
  };
  elkNodes.set(chart.id, root);
  const childrenOf = (id: string): ElkNode[] => {
    const node = elkNodes.get(id);
    if (node === undefined) throw new Error(`no ELK node ${id}`);
    node.children ??= [];
    return node.children;
  };
  const edgesOf = (id: string): ElkExtendedEdge[] => {
    const node = elkNodes.get(id);
    if (node === undefined) throw new Error(`no ELK node ${id}`);
    node.edges ??= [];
    return node.edges;
  };
  const parentOf = new Map<string, string>();
  for (const node of chart.nodes) parentOf.set(node.id, node.parentId ?? chart.id);
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) out.push(p);
    return out;
  };
  /** The lowest common container of two nodes: ELK wants an edge declared there. */
  const containerOf = (a: string, b: string): string => {
    if (a === b) return parentOf.get(a) ?? chart.id;
    const up = ancestors(b);
    return ancestors(a).find((p) => up.includes(p)) ?? chart.id;
  };
  const addInitialDot = (parentId: string, targetId: string) => {
    const id = `${parentId}.${INIT}`;
    const dot: ElkNode = { id, width: INITIAL_DOT_PX, height: INITIAL_DOT_PX };
    elkNodes.set(id, dot);
    childrenOf(parentId).push(dot);
    edgesOf(parentId).push({ id: `init:${targetId}`, sources: [id], targets: [targetId] });
  };

  if (chart.edges.some((e) => e.source === chart.id)) {
    const id = `${chart.id}.${ANY}`;
    const any: ElkNode = { id, width: stateWidth('any state'), height: STATE_H };
    elkNodes.set(id, any);
    root.children?.push(any);
  }
  for (const node of chart.nodes) {
    const parentId = node.parentId ?? chart.id;
    const compound = node.type === 'compound' || node.type === 'parallel';
    const elkNode: ElkNode = compound
      ? {
          id: node.id,
          layoutOptions: {
            ...inherited,
            'elk.padding': `[top=${COMPOUND_HEADER_PX + 6},left=12,bottom=12,right=12]`,
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${stateWidth(`${node.key} · current`) + 8},${COMPOUND_HEADER_PX + STATE_H})`,
          },
          children: [],
        }
      : { id: node.id, width: stateWidth(node.key), height: STATE_H };
    elkNodes.set(node.id, elkNode);
    if (node.initial) addInitialDot(parentId, node.id);
    childrenOf(parentId).push(elkNode);
  }
  groupEdges(chart).forEach((group) => {
    const lines = group.edges.flatMap(labelLinesOf);
    const elkEdge: ElkExtendedEdge = {
      id: group.edges[0]?.id ?? `${group.source}→${group.target}`,
      sources: [group.source],
      targets: [group.target],
      labels: [
        {
          id: `label:${group.source}→${group.target}`,
          text: lines.map((l) => l.text).join('\n'),
          ...labelSize(lines),
        },
      ],
    };
    edgesOf(containerOf(group.source, group.target)).push(elkEdge);
  });
  return root;
}

/** Runs ELK on a chart and returns the plain layout the statechart component draws. */
export async function layoutChartWithElk(
  chart: Chart,
  options: ElkChartOptions = {},
): Promise<ChartLayout> {
  const direction = options.direction ?? 'DOWN';
  const graph = elkGraphOf(chart, { ...options, direction });
  const elk = new ELK();
  const out = await elk.layout(graph);
  const chartNodes = new Map(chart.nodes.map((n) => [n.id, n]));
  const boxes = new Map<string, ElkNode>();
  const nodes: LayoutNode[] = [];
  const visit = (node: ElkNode, parentId: string | undefined) => {
    for (const child of node.children ?? []) {
      boxes.set(child.id, child);
      const state = chartNodes.get(child.id);
      const kind = child.id.endsWith(INIT)
        ? 'initial'
        : child.id.endsWith(ANY)
          ? 'any'
          : state?.type === 'compound' || state?.type === 'parallel'
            ? 'compound'
            : state?.type === 'final'
              ? 'final'
              : 'atomic';
      const laid: LayoutNode = {
        id: child.id,
        kind,
        key: state?.key ?? (kind === 'any' ? 'any state' : ''),
        x: round(child.x ?? 0),
        y: round(child.y ?? 0),
        w: round(child.width ?? 0),
        h: round(child.height ?? 0),
      };
      if (parentId !== undefined) laid.parentId = parentId;
      if (state?.description !== undefined) laid.description = state.description;
      nodes.push(laid);
      visit(child, child.id);
    }
  };
  visit(out, undefined);

  const groups = new Map(groupEdges(chart).map((g) => [g.edges[0]?.id, g]));
  const allEdges: ElkExtendedEdge[] = [];
  const collect = (node: ElkNode) => {
    allEdges.push(...(node.edges ?? []));
    for (const child of node.children ?? []) collect(child);
  };
  collect(out);
  const edges: LayoutEdge[] = allEdges.map((e) => {
    const sections = (e.sections ?? []).map((s) => [
      pt(s.startPoint),
      ...(s.bendPoints ?? []).map(pt),
      pt(s.endPoint),
    ]);
    const group = groups.get(e.id);
    const source = e.sources[0] ?? '';
    const target = e.targets[0] ?? '';
    if (group === undefined) {
      return { id: e.id, kind: 'initial', source, target, edgeIds: [], sections };
    }
    const label = e.labels?.[0];
    const laid: LayoutEdge = {
      id: e.id,
      kind: 'transition',
      source,
      target,
      edgeIds: group.edges.map((g) => g.id),
      sections,
    };
    if (label !== undefined) {
      laid.label = {
        x: round(label.x ?? 0),
        y: round(label.y ?? 0),
        w: round(label.width ?? 0),
        h: round(label.height ?? 0),
        lines: group.edges.flatMap(labelLinesOf),
      };
    }
    return laid;
  });
  return {
    id: chart.id,
    direction,
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
    nodes,
    edges,
  };
}
