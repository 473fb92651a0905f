'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { AnyStateMachine } from 'xstate';
import { chartOf } from '@/lib/machines/chart';
import { layoutChart } from '@/lib/machines/chart-layout';
import { useElementSize } from '../hooks/use-element-size';
import styles from './statechart.module.css';

interface Props {
  machine: AnyStateMachine;
  /** Accessible title, e.g. "WebSocket connection c1 (browser ↔ edge)". */
  title: string;
  /** Active state node ids (`activeNodeIds(snapshot)`). */
  activeIds: readonly string[];
  /** Chart edge ids of the last transition taken, drawn bold. */
  takenEdges?: readonly string[];
  /** Extra line under the current state (e.g. close code). */
  note?: string;
}

function pointsToPath(points: readonly { x: number; y: number }[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(' ');
}

/** The machine's own states and transitions, with the current state(s) highlighted. */
export function Statechart({ machine, title, activeIds, takenEdges = [], note }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const chart = useMemo(() => chartOf(machine), [machine]);
  const layout = useMemo(
    () => layoutChart(chart, { width: Math.max(320, width - 4) }),
    [chart, width],
  );
  const nodeById = useMemo(() => new Map(chart.nodes.map((n) => [n.id, n])), [chart]);
  const active = new Set(activeIds);
  const taken = new Set(takenEdges);
  const leafKeys = activeIds
    .filter((id) => !activeIds.some((other) => other !== id && other.startsWith(`${id}.`)))
    .map((id) => id.split('.').slice(1).join('.'));
  const currentText = leafKeys.length > 0 ? leafKeys.join(', ') : 'none';
  const headingId = `sc-${chart.id}`;
  // Shrink a chart wider than its box (down to 60%); past that, scroll sideways.
  const scale = Math.min(1, Math.max(0.6, (width - 4) / layout.width));

  // Keep the current state in view when the chart is wider than its box.
  const leafId = activeIds.find((id) => !activeIds.some((o) => o !== id && o.startsWith(`${id}.`)));
  const leafBox = layout.nodes.find((b) => b.id === leafId);
  const leafCenter = leafBox ? (leafBox.x + leafBox.w / 2) * scale : undefined;
  useEffect(() => {
    const el = ref.current;
    if (!el || leafCenter === undefined || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = Math.max(0, leafCenter - el.clientWidth / 2);
  }, [leafCenter]);

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {title}
      </h3>
      <p className={styles.current} aria-live="polite">
        Current state: <strong>{currentText}</strong>
        {note ? ` · ${note}` : ''}
      </p>
      <div ref={ref} className={styles.scroll}>
        <svg
          className={styles.svg}
          width={layout.width * scale}
          height={layout.height * scale}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label={`Statechart ${title}. States: ${chart.nodes.map((n) => n.key).join(', ')}. Current: ${currentText}.`}
        >
          <defs>
            <marker
              id={`${headingId}-h`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className={styles.head} />
            </marker>
            <marker
              id={`${headingId}-ht`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className={styles.headTaken} />
            </marker>
          </defs>
          {layout.nodes.map((box) => {
            const node = nodeById.get(box.id);
            const isActive = active.has(box.id);
            const isFinal = node?.type === 'final';
            return (
              <g
                key={box.id}
                className={isActive ? styles.active : undefined}
                data-state={node?.key}
                data-current={isActive}
              >
                <rect
                  className={box.container ? styles.container : styles.box}
                  x={box.x}
                  y={box.y}
                  width={box.w}
                  height={box.h}
                  rx={box.container ? 8 : 14}
                />
                {isFinal ? (
                  <rect
                    className={styles.final}
                    x={box.x + 3}
                    y={box.y + 3}
                    width={box.w - 6}
                    height={box.h - 6}
                    rx={11}
                  />
                ) : null}
                <text
                  className={styles.name}
                  x={box.label.x}
                  y={box.label.y}
                  textAnchor={box.container ? 'start' : 'middle'}
                  dominantBaseline={box.container ? 'auto' : 'middle'}
                >
                  {node?.key ?? box.id}
                </text>
                {isActive && !box.container ? (
                  <text
                    className={styles.badge}
                    x={box.x + box.w / 2}
                    y={box.y - 4}
                    textAnchor="middle"
                  >
                    CURRENT
                  </text>
                ) : null}
                <title>{`${node?.key ?? box.id}${isActive ? ' (current)' : ''}${node?.description ? `: ${node.description}` : ''}`}</title>
              </g>
            );
          })}
          {layout.edges.map((edge) => {
            const isTaken = taken.has(edge.id);
            const lines = edge.lines;
            return (
              <g key={edge.id}>
                <path
                  className={`${styles.edge} ${isTaken ? styles.edgeTaken : ''}`}
                  d={pointsToPath(edge.points)}
                  markerEnd={`url(#${headingId}-${isTaken ? 'ht' : 'h'})`}
                />
                <text
                  className={`${styles.edgeLabel} ${isTaken ? styles.edgeLabelTaken : ''}`}
                  x={edge.label.x}
                  y={edge.label.y - ((lines.length - 1) * 11) / 2}
                  textAnchor="middle"
                  dominantBaseline="middle"
                >
                  {lines.map((line, i) => (
                    <tspan key={line} x={edge.label.x} dy={i === 0 ? 0 : 11}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </section>
  );
}
