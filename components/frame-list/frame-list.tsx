'use client';
/**
 * A frame list people can use at 100,000 frames: every frame-like event of the page's capture (up
 * to the timeline cursor), filtered, virtualized, following the newest row like DevTools, with the
 * oldest rows summarized past a cap. Selecting a row opens it in the page's inspector.
 *
 * The rows come from one incremental fold (lib/live/frame-index, each event folded once); the
 * filtered view extends itself with each batch's new rows and is rebuilt only when a filter changes.
 */
import { type ReactNode, useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { groupThousands } from '@/lib/format/grouped';
import type { Reducer } from '@/lib/live/fold-store';
import {
  FilteredFrames,
  type FrameFilter,
  filterFromKey,
  filterKey,
  NO_FILTER,
  payloadTextOf,
  rowMatcher,
} from '@/lib/live/frame-filter';
import { type FrameIndexState, type FrameRow, viewOf } from '@/lib/live/frame-index';
import { summaryText } from '@/lib/live/frame-summary';
import type { WireEvent } from '@/lib/mirror/types';
import { cursorIndex, useFoldAt } from '../lesson/use-live-fold';
import type { Workbench } from '../workbench/use-workbench';
import { DEFAULT_COLUMNS, type FrameColumns } from './columns';
import { FilterBar } from './filter-bar';
import { FrameGrid } from './frame-grid';
import styles from './frame-list.module.css';
import { frameListFold } from './frame-list-fold';
import { revealInspector } from './reveal-inspector';

export interface FrameListProps {
  wb: Workbench;
  /** The grid's accessible name. */
  label: string;
  /** Visible heading (h3). */
  heading?: ReactNode;
  /** Filters the list always applies (their controls are not shown). */
  scope?: Partial<FrameFilter>;
  columns?: FrameColumns;
  /** Under the heading, before the filters. */
  children?: ReactNode;
  /** Default: select the row in the workbench and bring the inspector into view. */
  onOpen?: (seq: number) => void;
  fold?: Reducer<FrameIndexState, WireEvent>;
}

export function FrameList({
  wb,
  label,
  heading,
  scope,
  columns = DEFAULT_COLUMNS,
  children,
  onOpen,
  fold = frameListFold,
}: FrameListProps) {
  const id = useId();
  const state = useFoldAt(fold, cursorIndex(wb.timeline));
  const view = viewOf(state);
  const { log } = wb;

  const [userFilter, setUserFilter] = useState<FrameFilter>(NO_FILTER);
  // Typing stays responsive: the search runs on the deferred text.
  const text = useDeferredValue(userFilter.text);
  const key = filterKey({ ...userFilter, text, ...scope });
  const scopeKey = filterKey({ ...NO_FILTER, ...scope });

  const eventOf = useMemo(() => (seq: number) => log.at(log.indexOfSeq(seq)), [log]);
  const textOf = useMemo(
    () => (row: FrameRow) => {
      const e = eventOf(row.seq);
      return e ? payloadTextOf(e) : undefined;
    },
    [eventOf],
  );
  const filtered = useMemo(
    () => new FilteredFrames(state.store, rowMatcher(filterFromKey(key), textOf)),
    [state.store, key, textOf],
  );
  // Only the scope (what "of N" counts), kept alongside when the list has one.
  const scoped = useMemo(
    () =>
      scopeKey === filterKey(NO_FILTER)
        ? null
        : new FilteredFrames(state.store, rowMatcher(filterFromKey(scopeKey))),
    [state.store, scopeKey],
  );
  // Bring the views up to the store (the new rows of this batch only): idempotent.
  filtered.sync();
  scoped?.sync();
  const lo = filtered.countBelow(view.from);
  const hi = filtered.countBelow(view.to);
  const inScope = scoped
    ? scoped.countBelow(view.to) - scoped.countBelow(view.from)
    : view.to - view.from;

  const [activeSeq, setActiveSeq] = useState<number | null>(wb.selectedSeq);
  useEffect(() => {
    if (wb.selectedSeq !== null) setActiveSeq(wb.selectedSeq);
  }, [wb.selectedSeq]);
  const [announce, setAnnounce] = useState('');
  const open = (seq: number) => {
    setActiveSeq(seq);
    if (onOpen) onOpen(seq);
    else {
      wb.select(seq);
      revealInspector();
    }
    setAnnounce(`Frame ${seq} is in the inspector.`);
  };

  const shown = hi - lo;
  const atCursor = wb.timeline.following
    ? ''
    : ` up to the timeline cursor (#${wb.timeline.cursorSeq})`;
  const status =
    shown === inScope
      ? `${groupThousands(shown)} frame${shown === 1 ? '' : 's'}${atCursor}`
      : `Showing ${groupThousands(shown)} of ${groupThousands(inScope)} frames${atCursor} (the filters hide ${groupThousands(inScope - shown)})`;

  return (
    <section className={styles.list} aria-labelledby={heading ? `${id}-h` : undefined}>
      {heading ? (
        <h3 id={`${id}-h`} className={styles.heading}>
          {heading}
        </h3>
      ) : null}
      {children}
      <FilterBar
        filter={userFilter}
        onChange={setUserFilter}
        conns={state.store.conns}
        fixed={scope ?? {}}
      />
      <p className={styles.status}>{status}</p>
      {view.summarized > 0 ? (
        <p className={styles.summarized} data-testid="frames-summarized">
          {summaryText(view.summary)} (the list keeps the newest {groupThousands(state.store.cap)})
        </p>
      ) : null}
      <FrameGrid
        id={`${id}-grid`}
        label={label}
        filtered={filtered}
        lo={lo}
        hi={hi}
        version={filtered}
        columns={columns}
        eventOf={eventOf}
        activeSeq={activeSeq}
        openSeq={wb.selectedSeq}
        onActive={setActiveSeq}
        onOpen={open}
        empty={inScope === 0 ? 'No frames yet.' : 'No frame matches these filters.'}
      />
      <p className="visually-hidden" role="status">
        {announce}
      </p>
    </section>
  );
}
