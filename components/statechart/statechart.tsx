'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { AnyStateMachine } from 'xstate';
import { chartLayoutOf } from '@/lib/machines/chart-layouts';
import { useElementSize } from '../hooks/use-element-size';
import { useActiveFocus } from '../lesson/lesson-steps';
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
  highlightIds,
}: Props) {
  // In a lesson, the states its active step talks about (ids of other machines match nothing).
  const stepFocus = useActiveFocus();
  const highlighted = highlightIds ?? stepFocus.highlight;
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const layout = chartLayoutOf(machine.id);
  const marks = useMemo(
    () => ({
      active: new Set(activeIds),
      taken: new Set(takenEdges),
      highlight: new Set(highlighted),
    }),
    [activeIds, takenEdges, highlighted],
  );
  const leafIds = activeIds.filter(
    (id) => !activeIds.some((other) => other !== id && other.startsWith(`${id}.`)),
  );
  const currentText =
    leafIds.length > 0 ? leafIds.map((id) => id.split('.').slice(1).join('.')).join(', ') : 'none';
  const headingId = `sc-${machine.id}-${useStableSuffix(title)}`;
  const overflows =
    layout !== undefined &&
    ((width > 0 && width < layout.width) || layout.height > MIN_VIEW_HEIGHT);

  // The chart's box is at most MAX_VIEW_HEIGHT tall (so it stays in view with the sequence diagram);
  // a chart taller than its smallest box may scroll, so the box is then focusable.
  // a bigger chart scrolls inside it, and follows the current state as the wire moves it.
  const leafBox = layout?.nodes.find((n) => n.id === leafIds[0]);
  const leafX = leafBox ? leafBox.x + leafBox.w / 2 : undefined;
  const leafY = leafBox ? leafBox.y + leafBox.h / 2 : undefined;
  useEffect(() => {
    const el = ref.current;
    if (!el || leafX === undefined || leafY === undefined) return;
    if (el.scrollWidth > el.clientWidth) el.scrollLeft = Math.max(0, leafX - el.clientWidth / 2);
    if (el.scrollHeight > el.clientHeight) el.scrollTop = Math.max(0, leafY - el.clientHeight / 2);
  }, [leafX, leafY]);

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
      {/* biome-ignore lint/a11y/useSemanticElements: a named scroll box, not a form group (the chart's section is the region) */}
      <div
        ref={ref}
        role="group"
        className={styles.scroll}
        aria-label={`${title}: statechart${overflows ? ', scrollable' : ''}`}
        style={{ maxHeight: MAX_VIEW_HEIGHT }}
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
      </div>
    </section>
  );
}

/**
 * The tallest a chart's box gets before it scrolls: a quarter of the window (at least
 * MIN_VIEW_HEIGHT px), so it stays in view under the sequence diagram.
 */
const MIN_VIEW_HEIGHT = 180;
// Beside the sequence diagram (traffic-views' --chart-max-height) it may be as tall as the diagram.
const MAX_VIEW_HEIGHT = `var(--chart-max-height, max(${MIN_VIEW_HEIGHT}px, min(280px, 25vh)))`;

/** A short id-safe suffix from the title, so two charts of one machine on a page get distinct ids. */
function useStableSuffix(text: string): string {
  return useMemo(() => {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36);
  }, [text]);
}
