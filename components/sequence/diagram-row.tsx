'use client';

import type { KeyboardEvent, ReactNode } from 'react';
import { eventDescription, eventLabel, formatMs, truncate } from './event-label';
import { FaultShape, faultShown } from './fault-shape';
import { arrowEnds, type LaneGeometry } from './geometry';
import type { Row } from './layout';
import type { Phase } from './motion';
import styles from './sequence-diagram.module.css';

export const ROW_HALF = 12;

export function ArrowHead({ id, className }: { id: string; className: string | undefined }) {
  return (
    <marker
      id={id}
      markerUnits="userSpaceOnUse"
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerWidth="9"
      markerHeight="9"
      orient="auto-start-reverse"
    >
      <path
        d="M0,0 L10,5 L0,10 z"
        className={className}
        style={{ fill: 'context-stroke', strokeDasharray: 'none' }}
      />
    </marker>
  );
}

/** Visible one-line text of an arrow (the accessible name starts with the same words). */
export function arrowText(row: Row): string {
  const e = row.event;
  return `${e.kind === 'protocol-error' ? '⚠ ' : ''}${eventLabel(e)}`;
}

interface RowProps {
  row: Row;
  g: LaneGeometry;
  width: number;
  selected: boolean;
  /** Where the clock is: drawn whole, travelling (drawn by the motion layer), or still to come. */
  phase: Phase;
  /** Named by the lesson's active step: outlined, with a text cue. */
  focused: boolean;
  tabbable: boolean;
  onSelect: () => void;
  onKeyDown: (e: KeyboardEvent<SVGGElement>) => void;
  refCallback: (el: SVGGElement | null) => void;
}

/**
 * One event of the diagram: a focusable button named by its full description. Everything drawn
 * inside is aria-hidden, so the name is the only text assistive technology reads (and it begins with
 * the arrow's visible words).
 */
export function DiagramRow({
  row,
  g,
  width,
  selected,
  phase,
  focused,
  tabbable,
  onSelect,
  onKeyDown,
  refCallback,
}: RowProps) {
  const e = row.event;
  const y = row.y;
  const classes = [
    styles.row,
    selected ? styles.selected : '',
    phase === 'future' ? styles.future : '',
    phase === 'in-flight' ? styles.travelling : '',
    focused ? styles.focused : '',
  ].join(' ');
  const description = eventDescription(e);
  // The name begins with the words drawn on the arrow (WCAG 2.5.3, axe label-content-name-mismatch),
  // then says everything else: hop, direction, connection, time, and whether the step names it.
  const named = (shown: string) =>
    `${shown ? `${shown}: ` : ''}${description}${focused ? '. Named by the current step' : ''}`;
  // Time, idle gap and the step cue are drawn beside the button, not in it, so the button's text
  // is only its label.
  const outside = (gapPart: ReactNode, timePart: ReactNode, cuePart: ReactNode) =>
    gapPart || timePart || cuePart ? (
      // biome-ignore lint/a11y/noAriaHiddenOnFocusable: drawing only, nothing in it takes focus
      <g aria-hidden="true">
        {gapPart}
        {timePart}
        {cuePart}
      </g>
    ) : null;
  const time = g.showTime ? (
    <text className={styles.time} x={4} y={y + 4}>
      {formatMs(e.t)}
    </text>
  ) : null;
  const common = {
    ref: refCallback,
    className: classes,
    role: 'button',
    tabIndex: tabbable ? 0 : -1,
    'aria-pressed': selected,
    'data-seq': e.seq,
    'data-kind': e.kind,
    'data-phase': phase,
    'data-focus': focused ? 'yes' : undefined,
    onClick: onSelect,
    onKeyDown,
  };
  const gap =
    row.clippedGapMs !== undefined ? (
      row.idle ? (
        <g className={styles.idleBreak}>
          <line x1={0} x2={width} y1={y - ROW_HALF - 14} y2={y - ROW_HALF - 14} />
          <text x={width / 2} y={y - ROW_HALF - 10} textAnchor="middle">
            … {formatMs(row.clippedGapMs)} idle …
          </text>
        </g>
      ) : (
        <text className={styles.gap} x={4} y={y - ROW_HALF - 3}>
          ⋯ +{formatMs(row.clippedGapMs)}
        </text>
      )
    ) : null;
  const cue = focused ? (
    <text className={styles.focusCue} x={width - 4} y={y - 2} textAnchor="end">
      ◆ step
    </text>
  ) : null;

  if (e.kind === 'marker') {
    return (
      <>
        {outside(gap, null, cue)}
        <g {...common} aria-label={named(`▶ ${truncate(e.label, g.labelChars * 2)}`)}>
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group of drawing, never focusable */}
          <g aria-hidden="true">
            <rect
              className={styles.hit}
              x={1}
              y={y - ROW_HALF}
              width={width - 2}
              height={ROW_HALF * 2}
              rx={4}
            />
            <line className={styles.markerRule} x1={0} x2={width} y1={y + 4} y2={y + 4} />
            <text className={styles.markerLabel} x={g.timeCol + 6} y={y}>
              ▶ {truncate(e.label, g.labelChars * 2)}
            </text>
          </g>
        </g>
      </>
    );
  }

  if (e.kind === 'fault') {
    return (
      <>
        {outside(gap, time, cue)}
        <g {...common} aria-label={named(faultShown(e, g))}>
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group of drawing, never focusable */}
          <g aria-hidden="true">
            <FaultShape row={row} g={g} event={e} />
          </g>
        </g>
      </>
    );
  }

  const [x1, x2] = arrowEnds(g, e.hop, e.dir);
  const isError = e.kind === 'protocol-error';
  const isConn = e.kind === 'conn-open' || e.kind === 'conn-close';
  const lineClass = isError
    ? styles.error
    : isConn
      ? styles.conn
      : e.dir === 'up'
        ? styles.up
        : styles.down;
  const markerId = isError ? 'sd-error' : isConn ? 'sd-conn' : e.dir === 'up' ? 'sd-up' : 'sd-down';
  const connTag = `${e.conn} `;
  const left = Math.min(x1, x2);
  const shown = `${connTag}${truncate(arrowText(row), Math.max(4, g.labelChars - connTag.length))}`;
  return (
    <>
      {outside(gap, time, cue)}
      <g {...common} aria-label={named(phase === 'in-flight' ? '' : shown)}>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group of drawing, never focusable */}
        <g aria-hidden="true">
          <rect
            className={styles.hit}
            x={left - 6}
            y={y - ROW_HALF - 2}
            width={Math.abs(x2 - x1) + 12}
            height={ROW_HALF * 2}
            rx={4}
          />
          {phase === 'in-flight' ? null : (
            <>
              <line
                className={`${styles.arrow} ${lineClass}`}
                x1={x1}
                x2={x2}
                y1={y + 4}
                y2={y + 4}
                markerEnd={`url(#${markerId})`}
              />
              <text
                className={`${styles.label} ${isError ? styles.errorLabel : ''}`}
                x={(x1 + x2) / 2}
                y={y - 2}
                textAnchor="middle"
              >
                {/* One text node: the accessible name starts with exactly these words. */}
                {shown}
              </text>
            </>
          )}
        </g>
      </g>
    </>
  );
}
