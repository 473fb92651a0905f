'use client';

import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { WireEvent } from '@/lib/mirror/types';
import { useElementSize } from '../hooks/use-element-size';
import type { PlaybackClock } from '../timeline/clock';
import { ArrowHead, DiagramRow, ROW_HALF } from './diagram-row';
import { formatMs } from './event-label';
import { LANES, laneGeometry } from './geometry';
import { type Row, visibleRange } from './layout';
import {
  type DiagramLayout,
  fitted,
  lastRowAtOrBefore,
  rowIndexOfSeq,
  rowWithHeld,
} from './layout-fold';
import { type Phase, stateAt, travelOfSeq } from './motion';
import { MotionLayer, timeBased } from './motion-layer';
import styles from './sequence-diagram.module.css';

interface Props {
  /** The whole log's layout (diagramLayoutFold, read live): each event placed once. */
  layout: DiagramLayout;
  /** Events with a larger seq lie after the timeline cursor: drawn faded. */
  cursorSeq: number;
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
  /** Keep the newest arrow (or the focused ones) in view as events arrive. */
  follow: boolean;
  /** Accessible name of the diagram. */
  label?: string;
  /** The playback clock: with it, arrows travel between lanes at the clock's time. */
  clock?: PlaybackClock;
  /** Events the lesson's active step names: kept in view and emphasised. */
  focusSeqs?: readonly number[];
}

const OVERSCAN = 200;
const NO_FOCUS: readonly number[] = [];

/** Changes when what the rows draw at the clock's time changes (a travel leaves or lands). */
function useClockPhaseKey(clock: PlaybackClock | undefined): string {
  const subscribe = useCallback((l: () => void) => clock?.subscribe(l) ?? (() => {}), [clock]);
  return useSyncExternalStore(
    subscribe,
    () => {
      if (!clock || !timeBased(clock)) return 'discrete';
      const { t, index } = clock.getSnapshot();
      const b = clock.schedule().boundaries;
      let lo = 0;
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((b[mid] as number) < t) lo = mid + 1;
        else hi = mid;
      }
      return `${lo}:${index}`;
    },
    () => 'discrete',
  );
}

/** The largest height the diagram takes before it scrolls: under half the viewport, so the statechart fits below it. */
function useMaxHeight(): number {
  const [h, setH] = useState(560);
  useEffect(() => {
    const update = () => setH(Math.max(280, Math.min(640, Math.round(window.innerHeight * 0.4))));
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return h;
}

export function SequenceDiagram({
  layout,
  cursorSeq,
  selectedSeq,
  onSelect,
  follow,
  label = 'Sequence diagram',
  clock,
  focusSeqs = NO_FOCUS,
}: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef(new Map<number, SVGGElement>());
  const { width } = useElementSize(wrapRef);
  const maxHeight = useMaxHeight();
  const [scrollTop, setScrollTop] = useState(0);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const g = laneGeometry(width);
  // Fit the run: natural spacing when it fits, compressed (rows as close as 12 px labels allow) when
  // not. Both are kept by the fold as events arrive; rows are in seq order (binary searches below).
  const { acc, rows, height } = fitted(layout, maxHeight);
  const rowOfSeq = useCallback(
    (seq: number): Row | undefined => rows[rowIndexOfSeq(rows, seq)],
    [rows],
  );
  const viewport = Math.min(height, maxHeight);

  // Where each row is at the clock's time; re-rendered only when a travel leaves or lands.
  const phaseKey = useClockPhaseKey(clock);
  const phaseOf = (e: WireEvent): Phase => {
    if (!clock || phaseKey === 'discrete') return e.seq <= cursorSeq ? 'landed' : 'future';
    return stateAt(travelOfSeq(clock.schedule(), e.seq), e.t, clock.getSnapshot().t);
  };

  const scrollRowIntoView = (y: number, mode: 'nearest' | 'top' | 'bottom') => {
    const el = scrollRef.current;
    if (!el) return;
    const top = y - ROW_HALF * 3;
    const bottom = y + ROW_HALF * 3;
    if (mode === 'top') el.scrollTop = top;
    else if (mode === 'bottom') el.scrollTop = bottom - el.clientHeight;
    else if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  };

  // Keep in view: the step's events when there are any, else the newest arrow while following.
  const lastSeq = rows[rows.length - 1]?.event.seq;
  const focusKey = focusSeqs.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey stands for focusSeqs
  useEffect(() => {
    const focusRows = focusSeqs.map(rowOfSeq).filter((r): r is Row => r !== undefined);
    if (focusRows.length > 0) {
      const first = focusRows[0] as Row;
      const last = focusRows[focusRows.length - 1] as Row;
      scrollRowIntoView(last.y, 'nearest');
      scrollRowIntoView(first.y, 'nearest');
      return;
    }
    if (follow && lastSeq !== undefined) {
      const el = scrollRef.current;
      if (el) el.scrollTop = el.scrollHeight;
    }
  }, [follow, lastSeq, focusKey, rowOfSeq]);

  // Keep the clock's cursor in view while it moves (playing, stepping, scrubbing).
  const cursorRow = follow ? undefined : rows[lastRowAtOrBefore(rows, cursorSeq)];
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll only when the cursor row moves
  useEffect(() => {
    if (cursorRow) scrollRowIntoView(cursorRow.y, 'nearest');
  }, [cursorRow?.event.seq]);

  // Keep the selected arrow in view when it changes (keyboard, timeline steps).
  const selectedIndex = selectedSeq === null ? -1 : rowIndexOfSeq(rows, selectedSeq);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the selection moves
  useEffect(() => {
    const row = rows[selectedIndex];
    if (row) scrollRowIntoView(row.y, 'nearest');
  }, [selectedIndex, rows]);

  // Move DOM focus along with keyboard navigation.
  useEffect(() => {
    if (focusSeq === null) return;
    rowRefs.current.get(focusSeq)?.focus({ preventScroll: true });
  }, [focusSeq]);

  const [start, end] = visibleRange(rows, scrollTop - OVERSCAN, scrollTop + viewport + OVERSCAN);
  // Rows to draw: the visible window, plus the selected row, the tab stop and the focused rows.
  const visible = new Set<number>();
  for (let i = start; i < end; i++) visible.add(i);
  const selectedRow = rows[selectedIndex];
  if (selectedRow) visible.add(selectedIndex);
  const tabSeq = selectedRow?.event.seq ?? rows[rows.length - 1]?.event.seq;
  const tabIndex = selectedRow ? selectedIndex : rows.length - 1;
  if (tabIndex >= 0) visible.add(tabIndex);
  const focusSet = new Set(focusSeqs);

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

  const showCursor = !clock || phaseKey === 'discrete';
  const cursorY = showCursor && cursorRow && cursorSeq < (lastSeq ?? 0) ? cursorRow.y : undefined;
  const travelMs = clock?.travelMs;

  return (
    <div ref={wrapRef} className={styles.wrap}>
      <svg className={styles.lanes} width={width} height={28} aria-hidden="true">
        {LANES.map((name, i) => (
          <text key={name} className={styles.laneName} x={g.x[i]} y={19} textAnchor="middle">
            {name}
          </text>
        ))}
        {g.showTime ? (
          <text className={styles.time} x={4} y={19}>
            time
          </text>
        ) : null}
      </svg>
      <section
        ref={scrollRef}
        className={styles.scroller}
        style={{ maxHeight }}
        // A scroll region must be reachable by keyboard and named.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region (axe scrollable-region-focusable)
        tabIndex={0}
        aria-label={`${label}: scroll area`}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
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
            {[...visible].map((index) => {
              const row = rows[index] as Row;
              const seq = row.event.seq;
              return (
                <DiagramRow
                  key={seq}
                  row={rowWithHeld(acc, row)}
                  g={g}
                  width={width}
                  selected={seq === selectedSeq}
                  phase={phaseOf(row.event)}
                  focused={focusSet.has(seq)}
                  tabbable={seq === tabSeq}
                  onSelect={() => onSelect(seq)}
                  onKeyDown={(e) => onKeyDown(e, index)}
                  refCallback={(el) => {
                    if (el) rowRefs.current.set(seq, el);
                    else rowRefs.current.delete(seq);
                  }}
                />
              );
            })}
            {clock ? (
              <MotionLayer clock={clock} rows={rows} rowOfSeq={rowOfSeq} g={g} width={width} />
            ) : null}
            {cursorY !== undefined ? (
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
      </section>
      <div className={styles.legend}>
        <span>→ up: client to server</span>
        <span>← down: server to client</span>
        <span>- - TCP open/close</span>
        <span>⚠ protocol error</span>
        <span>⚡ ✕ fault at the edge: held (⚡, bracket = wait) or gone (✕)</span>
        {travelMs !== undefined ? (
          <>
            <span>● moving: drawn over ≤ {formatMs(travelMs)} of wire time</span>
            <span>an arrow touches the Edge lane at the tap's timestamp</span>
          </>
        ) : null}
        {focusSeqs.length > 0 ? <span>◆ step: named by the current step</span> : null}
      </div>
    </div>
  );
}
