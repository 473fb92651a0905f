'use client';

import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { WireEvent } from '@/lib/mirror/types';
import { useElementSize } from '../hooks/use-element-size';
import { eventDescription, eventLabel, formatMs, truncate } from './event-label';
import { FaultShape } from './fault-shape';
import { arrowEnds, LANES, type LaneGeometry, laneGeometry } from './geometry';
import { layoutRows, type Row, visibleRange } from './layout';
import styles from './sequence-diagram.module.css';

interface Props {
  /** The whole log, in order. */
  events: readonly WireEvent[];
  /** Events with a larger seq lie after the timeline cursor: drawn faded. */
  cursorSeq: number;
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
  /** Keep the newest arrow in view as events arrive. */
  follow: boolean;
  /** Accessible name of the diagram. */
  label?: string;
}

const OVERSCAN = 200;
const ROW_HALF = 13;

export function SequenceDiagram({
  events,
  cursorSeq,
  selectedSeq,
  onSelect,
  follow,
  label = 'Sequence diagram',
}: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef(new Map<number, SVGGElement>());
  const { width } = useElementSize(wrapRef);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(416);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const g = laneGeometry(width);
  const { rows, height } = useMemo(() => layoutRows(events), [events]);

  useEffect(() => {
    const el = scrollRef.current;
    if (el) setViewport(el.clientHeight);
  }, []);

  // Follow live: keep the newest arrow in view.
  const lastSeq = rows[rows.length - 1]?.event.seq;
  useEffect(() => {
    const el = scrollRef.current;
    if (follow && el && lastSeq !== undefined) el.scrollTop = el.scrollHeight;
  }, [follow, lastSeq]);

  // Keep the selected arrow in view when it changes (keyboard, timeline steps).
  const selectedIndex =
    selectedSeq === null ? -1 : rows.findIndex((r) => r.event.seq === selectedSeq);
  useEffect(() => {
    const el = scrollRef.current;
    const row = rows[selectedIndex];
    if (!el || !row) return;
    if (row.y - ROW_HALF * 2 < el.scrollTop) el.scrollTop = row.y - ROW_HALF * 3;
    else if (row.y + ROW_HALF > el.scrollTop + el.clientHeight) {
      el.scrollTop = row.y - el.clientHeight + ROW_HALF * 3;
    }
  }, [selectedIndex, rows]);

  // Move DOM focus along with keyboard navigation.
  useEffect(() => {
    if (focusSeq === null) return;
    rowRefs.current.get(focusSeq)?.focus({ preventScroll: true });
  }, [focusSeq]);

  const [start, end] = visibleRange(rows, scrollTop - OVERSCAN, scrollTop + viewport + OVERSCAN);
  // Indexes of the rows to draw: the visible window, plus the selected row and the tab stop.
  const visible: number[] = [];
  for (let i = start; i < end; i++) visible.push(i);
  const selectedRow = rows[selectedIndex];
  if (selectedRow && (selectedIndex < start || selectedIndex >= end)) visible.push(selectedIndex);
  // The roving tab stop: the selected arrow, or the newest one.
  const tabSeq = selectedRow?.event.seq ?? rows[rows.length - 1]?.event.seq;
  const tabIndex = selectedRow ? selectedIndex : rows.length - 1;
  if (tabIndex >= 0 && !visible.includes(tabIndex)) visible.push(tabIndex);
  const cursorY = rows.filter((r) => r.event.seq <= cursorSeq).at(-1)?.y;

  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    onSelect(row.event.seq);
    setFocusSeq(row.event.seq);
  };

  const onKeyDown = (e: KeyboardEvent<SVGGElement>, index: number) => {
    const keys: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowRight: index + 1,
      ArrowUp: index - 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: index + 10,
      PageUp: index - 10,
    };
    const target = keys[e.key];
    if (target !== undefined) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = rows[index];
      if (row) onSelect(row.event.seq);
    }
  };

  return (
    <div ref={wrapRef} className={styles.wrap}>
      <svg className={styles.lanes} width={width} height={28} aria-hidden="true">
        {LANES.map((name, i) => (
          <text key={name} className={styles.laneName} x={g.x[i]} y={19} textAnchor="middle">
            {name}
          </text>
        ))}
        <text className={styles.time} x={4} y={19}>
          time
        </text>
      </svg>
      <div
        ref={scrollRef}
        className={styles.scroller}
        onScroll={(e) => {
          setScrollTop(e.currentTarget.scrollTop);
          setViewport(e.currentTarget.clientHeight);
        }}
      >
        {rows.length === 0 ? (
          <p className={styles.empty}>No traffic yet. Press Run to open a connection.</p>
        ) : (
          // biome-ignore lint/a11y/useSemanticElements: an SVG drawing grouping its focusable arrows
          <svg
            className={styles.svg}
            width={width}
            height={height}
            role="group"
            aria-label={`${label}: ${rows.length} events. Arrow keys move between them.`}
          >
            <defs>
              <ArrowHead id="sd-up" className={styles.up} />
              <ArrowHead id="sd-down" className={styles.down} />
              <ArrowHead id="sd-conn" className={styles.conn} />
              <ArrowHead id="sd-error" className={styles.error} />
            </defs>
            {g.x.map((x, i) => (
              <line key={LANES[i]} className={styles.lifeline} x1={x} x2={x} y1={0} y2={height} />
            ))}
            {visible.map((index) => {
              const row = rows[index] as Row;
              return (
                <DiagramRow
                  key={row.event.seq}
                  row={row}
                  g={g}
                  width={width}
                  selected={row.event.seq === selectedSeq}
                  future={row.event.seq > cursorSeq}
                  tabbable={row.event.seq === tabSeq}
                  onSelect={() => onSelect(row.event.seq)}
                  onKeyDown={(e) => onKeyDown(e, index)}
                  refCallback={(el) => {
                    if (el) rowRefs.current.set(row.event.seq, el);
                    else rowRefs.current.delete(row.event.seq);
                  }}
                />
              );
            })}
            {cursorY !== undefined && cursorSeq < (lastSeq ?? 0) ? (
              <line
                className={styles.cursor}
                x1={0}
                x2={width}
                y1={cursorY + ROW_HALF - 2}
                y2={cursorY + ROW_HALF - 2}
              >
                <title>Timeline cursor</title>
              </line>
            ) : null}
          </svg>
        )}
      </div>
      <div className={styles.legend} aria-hidden="true">
        <span>→ up: client to server</span>
        <span>← down: server to client</span>
        <span>- - TCP open/close</span>
        <span>⚠ protocol error</span>
        <span>⚡ ✕ fault at the edge: held (⚡, bracket = wait) or gone (✕)</span>
      </div>
    </div>
  );
}

function ArrowHead({ id, className }: { id: string; className: string | undefined }) {
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

interface RowProps {
  row: Row;
  g: LaneGeometry;
  width: number;
  selected: boolean;
  future: boolean;
  tabbable: boolean;
  onSelect: () => void;
  onKeyDown: (e: KeyboardEvent<SVGGElement>) => void;
  refCallback: (el: SVGGElement | null) => void;
}

function DiagramRow({
  row,
  g,
  width,
  selected,
  future,
  tabbable,
  onSelect,
  onKeyDown,
  refCallback,
}: RowProps) {
  const e = row.event;
  const y = row.y;
  const classes = [styles.row, selected ? styles.selected : '', future ? styles.future : ''].join(
    ' ',
  );
  const common = {
    ref: refCallback,
    className: classes,
    role: 'button',
    tabIndex: tabbable ? 0 : -1,
    'aria-pressed': selected,
    'aria-label': eventDescription(e),
    'data-seq': e.seq,
    'data-kind': e.kind,
    onClick: onSelect,
    onKeyDown,
  };
  const gap =
    row.clippedGapMs !== undefined ? (
      <text className={styles.gap} x={4} y={y - ROW_HALF - 6}>
        ⋯ +{formatMs(row.clippedGapMs)}
      </text>
    ) : null;

  if (e.kind === 'marker') {
    return (
      <g {...common}>
        {gap}
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
    );
  }

  if (e.kind === 'fault') {
    return (
      <g {...common}>
        {gap}
        <FaultShape row={row} g={g} event={e} />
        <title>{eventDescription(e)}</title>
      </g>
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
  const text = `${isError ? '⚠ ' : ''}${eventLabel(e)}`;
  const connTag = `${e.conn} `;
  const mid = (x1 + x2) / 2;
  const left = Math.min(x1, x2);
  return (
    <g {...common}>
      {gap}
      <rect
        className={styles.hit}
        x={left - 6}
        y={y - ROW_HALF - 2}
        width={Math.abs(x2 - x1) + 12}
        height={ROW_HALF * 2}
        rx={4}
      />
      <text className={styles.time} x={4} y={y + 3}>
        {formatMs(e.t)}
      </text>
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
        x={mid}
        y={y - 2}
        textAnchor="middle"
      >
        <tspan className={styles.connId}>{connTag}</tspan>
        {truncate(text, Math.max(4, g.labelChars - connTag.length))}
      </text>
      <title>{eventDescription(e)}</title>
    </g>
  );
}
