'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { AnyStateMachine } from 'xstate';
import { chartLayoutOf } from '@/lib/machines/chart-layouts';
import { useElementSize } from '../hooks/use-element-size';
import { ChartSvg } from './chart-svg';
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
  /** State node ids or chart edge ids the lesson's active step talks about (outlined, marked ◆). */
  highlightIds?: readonly string[];
}

const EMPTY: readonly string[] = [];

/**
 * The machine's own states and transitions, laid out at build time by ELK
 * (`npm run layout:charts` → lib/machines/layouts/<machine id>.json) and drawn at 1:1: text is
 * never scaled down; a chart wider than its column scrolls sideways in a focusable region.
 */
export function Statechart({
  machine,
  title,
  activeIds,
  takenEdges = EMPTY,
  note,
  highlightIds = EMPTY,
}: Props) {
  const ref = useRef<HTMLElement>(null);
  const { width } = useElementSize(ref);
  const layout = chartLayoutOf(machine.id);
  const marks = useMemo(
    () => ({
      active: new Set(activeIds),
      taken: new Set(takenEdges),
      highlight: new Set(highlightIds),
    }),
    [activeIds, takenEdges, highlightIds],
  );
  const leafIds = activeIds.filter(
    (id) => !activeIds.some((other) => other !== id && other.startsWith(`${id}.`)),
  );
  const currentText =
    leafIds.length > 0 ? leafIds.map((id) => id.split('.').slice(1).join('.')).join(', ') : 'none';
  const headingId = `sc-${machine.id}-${useStableSuffix(title)}`;
  const overflows = layout !== undefined && width > 0 && width < layout.width;

  // Keep the current state in view when the chart is wider than its column.
  const leafBox = layout?.nodes.find((n) => n.id === leafIds[0]);
  const leafCenter = leafBox ? leafBox.x + leafBox.w / 2 : undefined;
  useEffect(() => {
    const el = ref.current;
    if (!el || leafCenter === undefined || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = Math.max(0, leafCenter - el.clientWidth / 2);
  }, [leafCenter]);

  const states = layout?.nodes.filter((n) => n.kind !== 'initial').map((n) => n.key) ?? [];
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {title}
      </h3>
      <p className={styles.current} aria-live="polite">
        Current state: <strong>{currentText}</strong>
        {note ? ` · ${note}` : ''}
      </p>
      <section
        ref={ref}
        className={styles.scroll}
        aria-label={`${title}: statechart${overflows ? ', scrolls sideways' : ''}`}
        tabIndex={overflows ? 0 : undefined}
      >
        {layout ? (
          <ChartSvg
            layout={layout}
            marks={marks}
            idBase={headingId}
            ariaLabel={`Statechart ${title}. States: ${states.join(', ')}. Current: ${currentText}.`}
          />
        ) : (
          <p className={styles.missing}>
            No layout for machine “{machine.id}”: run <code>npm run layout:charts</code>.
          </p>
        )}
      </section>
    </section>
  );
}

/** A short id-safe suffix from the title, so two charts of one machine on a page get distinct ids. */
function useStableSuffix(text: string): string {
  return useMemo(() => {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36);
  }, [text]);
}
