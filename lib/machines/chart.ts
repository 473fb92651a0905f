/**
 * The statechart of a machine, read from the machine definition itself (`machine.root`, each state
 * node's `states` and `transitions`), so the drawing cannot drift from the logic that the fold runs.
 * chart-elk.ts lays it out at build time (`npm run layout:charts`); the views draw that layout.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export type ChartNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartNode {
  /** The xstate state node id ('ws.handshake.requestSent'). */
  id: string;
  /** The state's own key ('requestSent'). */
  key: string;
  parentId?: string;
  /** 0 for the machine's top-level states. */
  depth: number;
  /** True when this is its parent's initial state. */
  initial: boolean;
  type: ChartNodeType;
  tags: string[];
  description?: string;
}

export interface ChartEdge {
  /** `${sourceId}:${eventType}:${index}` (plus `>${k}` for the k-th extra target); see `edgeIdOf`. */
  id: string;
  source: string;
  /** Target state node id; equals `source` for a targetless transition. */
  target: string;
  /** The event type as in the definition ('CLOSE_FRAME', 'xstate.after.5000.x', '' for always). */
  event: string;
  /** Human label: 'CLOSE_FRAME [isReplyToClose]', 'after 5000 ms', 'always'. */
  label: string;
  guard?: string;
  delayed?: boolean;
  /** The delay in ms for a delayed transition with a numeric delay. */
  delay?: number;
  /** The delay's name for a delay defined in `setup({ delays })` ('pongDeadline'). */
  delayName?: string;
  /** True for a transition without a target (it runs actions only: counters, context updates). */
  targetless?: boolean;
}

export interface Chart {
  /** The machine id. */
  id: string;
  /** Depth-first, in definition order: a parent always comes before its children. */
  nodes: ChartNode[];
  edges: ChartEdge[];
}

function guardName(guard: AnyTransitionDefinition['guard']): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    return String((guard as { type: unknown }).type);
  }
  return 'guard';
}

/** 'xstate.after.250.d.a' (a delay in ms) or 'xstate.after.pongDeadline.heartbeat.x' (a named delay). */
const AFTER_PATTERN = /^xstate\.after\.(\d+(?:\.\d+)?|[A-Za-z_$][\w$]*)\./;

/** The chart edge id of a transition definition (its index among the source's transitions for its event). */
export function edgeIdOf(def: AnyTransitionDefinition): string {
  const source = def.source;
  const list = def.eventType === '' ? source.always : source.transitions.get(def.eventType);
  const index = list?.indexOf(def) ?? -1;
  return `${source.id}:${def.eventType === '' ? 'always' : def.eventType}:${Math.max(0, index)}`;
}

function labelOf(event: string, guard: string | undefined, delay: string | undefined): string {
  const after = delay === undefined ? undefined : /^\d/.test(delay) ? `${delay} ms` : delay;
  const base = event === '' ? 'always' : after !== undefined ? `after ${after}` : event;
  return guard === undefined ? base : `${base} [${guard}]`;
}

function edgesOf(node: AnyStateNode): ChartEdge[] {
  const edges: ChartEdge[] = [];
  const groups: [string, readonly AnyTransitionDefinition[]][] = [...node.transitions.entries()];
  if (node.always !== undefined && node.always.length > 0) groups.push(['', node.always]);
  for (const [eventType, defs] of groups) {
    for (const def of defs) {
      const id = edgeIdOf(def);
      const guard = guardName(def.guard);
      const match = AFTER_PATTERN.exec(eventType);
      const delayed = match !== null;
      const delayText = match?.[1];
      const delay =
        delayText !== undefined && /^\d/.test(delayText) ? Number(delayText) : undefined;
      const base = {
        source: node.id,
        event: eventType,
        label: labelOf(eventType, guard, delayText),
        ...(guard !== undefined ? { guard } : {}),
        ...(delayed ? { delayed: true } : {}),
        ...(delay !== undefined ? { delay } : {}),
        ...(delayText !== undefined && delay === undefined ? { delayName: delayText } : {}),
      };
      const targets = def.target ?? [];
      if (targets.length === 0) {
        edges.push({ id, target: node.id, targetless: true, ...base });
        continue;
      }
      targets.forEach((target, k) => {
        edges.push({ id: k === 0 ? id : `${id}>${k}`, target: target.id, ...base });
      });
    }
  }
  return edges;
}

/** Every state node (except the root) and every transition of `machine`, in definition order. */
export function chartOf(machine: AnyStateMachine): Chart {
  const nodes: ChartNode[] = [];
  const edges: ChartEdge[] = [];
  const visit = (node: AnyStateNode, depth: number): void => {
    const parent = node.parent;
    const parentIsRoot = parent === undefined || parent.parent === undefined;
    const initialTarget = parent?.initial?.target?.[0];
    const chartNode: ChartNode = {
      id: node.id,
      key: node.key,
      depth,
      initial: initialTarget === node,
      type: node.type,
      tags: [...node.tags],
    };
    if (!parentIsRoot && parent !== undefined) chartNode.parentId = parent.id;
    if (node.description !== undefined) chartNode.description = node.description;
    nodes.push(chartNode);
    edges.push(...edgesOf(node));
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child, depth + 1);
  };
  const root = machine.root;
  for (const child of Object.values(root.states) as AnyStateNode[]) visit(child, 0);
  // Transitions declared on the root are kept too; their source is the machine id (`chart.id`),
  // which is not a node, so layouts skip them. Machines here declare none (they use a container).
  edges.unshift(...edgesOf(root));
  return { id: root.id, nodes, edges };
}

/** Ids of the active state nodes of a machine snapshot (atomic states and their ancestors, no root). */
export function activeNodeIds(snapshot: { _nodes: readonly AnyStateNode[] }): string[] {
  return snapshot._nodes.filter((n) => n.parent !== undefined).map((n) => n.id);
}
