// biome-ignore-all lint/a11y/useSemanticElements: a virtualized grid: absolutely positioned rows, which a <table> cannot lay out
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid element holds focus and points at the selected row (aria-activedescendant)
'use client';
/**
 * The rows of a frame list as an ARIA grid, virtualized: only the rows in view (and a few either
 * side) are in the DOM, each a fixed height, so 50,000 rows cost what 40 do. The grid itself takes
 * focus and points at the selected row with aria-activedescendant (a row scrolled out of view is
 * not in the DOM, so focus cannot live on it). ↑/↓, Page Up/Down, Home/End move the selection;
 * Enter (or a click) opens the row in the inspector.
 */
import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
} from 'react';
import { groupThousands } from '@/lib/format/grouped';
import type { FilteredFrames } from '@/lib/live/frame-filter';
import type { WireEvent } from '@/lib/mirror/types';
import type { FrameColumn, FrameColumns } from './columns';
import styles from './frame-list.module.css';
import { useTailScroll } from './use-tail-scroll';

/** Row and header height in px (the CSS reads them from custom properties set here). */
export const ROW_HEIGHT = 28;
const OVERSCAN = 8;
const SEQ_EM = 4.25;

export interface FrameGridProps {
  id: string;
  label: string;
  filtered: FilteredFrames;
  /** The rows shown: matches lo … hi - 1 of `filtered`. */
  lo: number;
  hi: number;
  /** Changes when the rows are replaced rather than extended (filter, cursor). */
  version: unknown;
  columns: FrameColumns;
  eventOf: (seq: number) => WireEvent | undefined;
  activeSeq: number | null;
  openSeq: number | null;
  onActive: (seq: number) => void;
  onOpen: (seq: number) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
}

function shownIn(c: FrameColumn, narrow: boolean): boolean {
  const show = c.show ?? 'wide';
  return show === 'always' || (show === 'narrow') === narrow;
}

/** CSS class hiding a cell in the layout it is not shown in. */
function visibility(c: FrameColumn): string {
  const show = c.show ?? 'wide';
  return (show === 'wide' ? styles.wideOnly : show === 'narrow' ? styles.narrowOnly : '') ?? '';
}

function template(columns: FrameColumns['columns'], narrow: boolean) {
  const shown = columns.filter((c) => shownIn(c, narrow));
  const width = (c: FrameColumn) => (narrow ? (c.narrowEm ?? c.em) : c.em);
  const tracks = shown.map((c) => (c.grow ? `minmax(${width(c)}em, 1fr)` : `${width(c)}em`));
  const minEm = SEQ_EM + shown.reduce((n, c) => n + width(c), 0);
  return { cols: `${SEQ_EM}em ${tracks.join(' ')}`, min: `${minEm}em` };
}

export function FrameGrid(p: FrameGridProps) {
  const { filtered, lo, hi, columns } = p;
  const count = hi - lo;
  const seqAt = useCallback((i: number) => filtered.row(lo + i)?.seq, [filtered, lo]);
  const indexOfSeq = useCallback(
    (seq: number) => Math.min(count, Math.max(0, filtered.lowerBoundSeq(seq) - lo)),
    [filtered, lo, count],
  );
  const tail = useTailScroll({
    rowHeight: ROW_HEIGHT,
    headerHeight: ROW_HEIGHT,
    count,
    seqAt,
    indexOfSeq,
    version: p.version,
  });

  const activeIndex = p.activeSeq === null ? -1 : indexOfSeq(p.activeSeq);
  const activeShown = activeIndex < count && seqAt(activeIndex) === p.activeSeq;
  const first = Math.max(0, Math.floor(tail.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    count,
    Math.ceil((tail.scrollTop + tail.height - ROW_HEIGHT) / ROW_HEIGHT) + OVERSCAN,
  );
  const pageRows = Math.max(1, Math.floor((tail.height - ROW_HEIGHT) / ROW_HEIGHT) - 1);
  const rowId = (seq: number) => `${p.id}-r${seq}`;

  // A row opened elsewhere (an arrow of the diagram, a timeline step) is brought into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new open row moves the view
  useEffect(() => {
    if (p.openSeq === null) return;
    const i = indexOfSeq(p.openSeq);
    if (seqAt(i) !== p.openSeq || tail.inView(i)) return;
    tail.reveal(i);
    if (i === count - 1) tail.jumpToEnd();
    else tail.hold();
  }, [p.openSeq]);

  const moveTo = (i: number) => {
    if (count === 0) return;
    const target = Math.max(0, Math.min(count - 1, i));
    const seq = seqAt(target);
    if (seq === undefined) return;
    p.onActive(seq);
    tail.reveal(target);
    if (target === count - 1) tail.jumpToEnd();
    else tail.hold();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // After Enter brought the inspector into view, the next key brings the list back.
    const box = e.currentTarget.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight)
      e.currentTarget.scrollIntoView({ block: 'nearest' });
    const from = activeShown ? activeIndex : -1;
    const firstInView = Math.ceil(tail.scrollTop / ROW_HEIGHT);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(from < 0 ? firstInView : from + 1);
        break;
      case 'ArrowUp':
        moveTo(from < 0 ? firstInView + pageRows : from - 1);
        break;
      case 'PageDown':
        moveTo((from < 0 ? firstInView : from) + pageRows);
        break;
      case 'PageUp':
        moveTo((from < 0 ? firstInView : from) - pageRows);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(count - 1);
        break;
      case 'Enter':
      case ' ':
        if (!activeShown || p.activeSeq === null) return;
        p.onOpen(p.activeSeq);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const wide = template(columns.columns, false);
  const narrow = template(columns.columns, true);
  const vars = {
    '--row-h': `${ROW_HEIGHT}px`,
    '--cols': wide.cols,
    '--cols-narrow': narrow.cols,
    '--min-w': wide.min,
    '--min-w-narrow': narrow.min,
  } as CSSProperties;

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const r = filtered.row(lo + i);
    if (!r) continue;
    const event = columns.needsEvent ? p.eventOf(r.seq) : undefined;
    const selected = r.seq === p.activeSeq;
    rows.push(
      // biome-ignore lint/a11y/useKeyWithClickEvents: the grid's keys (↑ ↓ Enter) do the same
      <div
        key={r.seq}
        id={rowId(r.seq)}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={selected}
        data-open={r.seq === p.openSeq || undefined}
        data-kind={r.kind}
        className={styles.row}
        style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
        onClick={() => {
          tail.ref.current?.focus({ preventScroll: true });
          p.onActive(r.seq);
          if (i !== count - 1) tail.hold();
          p.onOpen(r.seq);
        }}
      >
        <div role="rowheader" className={`${styles.cell} ${styles.seq}`}>
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Inspect frame ${r.seq}: ${columns.describe(r, event)}`}
          >
            {r.seq}
          </button>
        </div>
        {columns.columns.map((c) => (
          <div
            key={c.id}
            role="gridcell"
            className={`${styles.cell} ${c.mono ? styles.mono : ''} ${visibility(c)}`}
            title={c.title?.(r, event)}
          >
            {c.cell(r, event)}
          </div>
        ))}
      </div>,
    );
  }

  const newRows = tail.leftAtSeq === null ? 0 : Math.max(0, count - indexOfSeq(tail.leftAtSeq + 1));

  return (
    <div className={styles.gridWrap} style={vars}>
      <div
        ref={tail.ref}
        id={p.id}
        role="grid"
        aria-label={p.label}
        aria-rowcount={count + 1}
        aria-activedescendant={activeShown && p.activeSeq !== null ? rowId(p.activeSeq) : undefined}
        tabIndex={0}
        className={styles.viewport}
        onScroll={tail.onScroll}
        onKeyDown={onKeyDown}
      >
        <div role="row" aria-rowindex={1} className={`${styles.row} ${styles.header}`}>
          <div role="columnheader" className={`${styles.cell} ${styles.seq}`}>
            #
          </div>
          {columns.columns.map((c) => (
            <div key={c.id} role="columnheader" className={`${styles.cell} ${visibility(c)}`}>
              {c.header}
            </div>
          ))}
        </div>
        <div className={styles.body} style={{ height: count * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
      {count === 0 ? <p className={styles.empty}>{p.empty}</p> : null}
      {tail.following || count === 0 ? null : (
        <button
          type="button"
          className={styles.jump}
          onClick={() => {
            // The button goes away: focus goes back to the grid rather than to the page.
            tail.ref.current?.focus({ preventScroll: true });
            tail.jumpToEnd();
          }}
        >
          Jump to latest{newRows > 0 ? ` (${groupThousands(newRows)} new)` : ''}
        </button>
      )}
    </div>
  );
}
