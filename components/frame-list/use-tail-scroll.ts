'use client';
/**
 * The list's scroll position, the way DevTools' network panel keeps it: while the view is at the
 * bottom it follows new rows; scrolling up stops that (the rows in view stay put as rows come and
 * old ones go), and scrolling back to the bottom, End or "jump to latest" starts it again.
 */
import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from 'react';

export interface TailScroll {
  ref: RefObject<HTMLDivElement | null>;
  scrollTop: number;
  height: number;
  following: boolean;
  /** Seq of the newest row when following stopped (rows after it are "new"); null while following. */
  leftAtSeq: number | null;
  onScroll: () => void;
  /** Scrolls so that row i is in view (no smooth scrolling: a keyboard move is immediate). */
  reveal: (i: number) => void;
  /** Back to the newest row, following again. */
  jumpToEnd: () => void;
  /** Stops following (the keyboard moved to a row that is not the last). */
  hold: () => void;
  /** Whether row i is wholly in view. */
  inView: (i: number) => boolean;
}

export interface TailScrollOptions {
  rowHeight: number;
  headerHeight: number;
  /** Rows in the list. */
  count: number;
  /** Seq of row i (for keeping the same rows in view when rows before them come or go). */
  seqAt: (i: number) => number | undefined;
  /** Index of the first row with seq ≥ seq. */
  indexOfSeq: (seq: number) => number;
  /** Changes when the rows are replaced (a filter or a cursor move): re-anchors the view. */
  version: unknown;
}

const reducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function useTailScroll(o: TailScrollOptions): TailScroll {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(360);
  const [following, setFollowingState] = useState(true);
  const [leftAtSeq, setLeftAtSeq] = useState<number | null>(null);
  /** Last scrollTop seen or set: a smaller one on a scroll event means the user went up. */
  const lastTop = useRef(0);
  /** The row at the top of the view and how far it is scrolled, while not following. */
  const anchor = useRef<{ seq: number; offset: number } | null>(null);
  const { rowHeight: RH, headerHeight: HH, count, seqAt, indexOfSeq } = o;

  const followingNow = useRef(true);
  const setFollowing = useCallback(
    (on: boolean) => {
      if (followingNow.current === on) return;
      followingNow.current = on;
      setFollowingState(on);
      setLeftAtSeq(on ? null : (seqAt(count - 1) ?? 0));
    },
    [seqAt, count],
  );

  const setAnchor = useCallback(
    (top: number) => {
      const i = Math.min(Math.floor(top / RH), Math.max(0, count - 1));
      const seq = seqAt(i);
      anchor.current = seq === undefined ? null : { seq, offset: top - i * RH };
    },
    [RH, count, seqAt],
  );

  const scrollTo = useCallback((el: HTMLDivElement, top: number) => {
    el.scrollTop = top;
    lastTop.current = el.scrollTop;
    setScrollTop(el.scrollTop);
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setHeight(el.clientHeight);
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // After every change of rows (new ones, old ones let go, a new filter or cursor): stick to the
  // bottom, or keep the anchored row where it was.
  const firstSeq = seqAt(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version`, `count` and `firstSeq` are the triggers
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (following) {
      const bottom = el.scrollHeight - el.clientHeight;
      if (Math.abs(el.scrollTop - bottom) >= 1) scrollTo(el, bottom);
      return;
    }
    const a = anchor.current;
    if (a === null) return;
    const desired = indexOfSeq(a.seq) * RH + a.offset;
    if (Math.abs(el.scrollTop - desired) >= 1) scrollTo(el, desired);
  }, [count, firstSeq, o.version, following]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const top = el.scrollTop;
    const atBottom = top + el.clientHeight >= el.scrollHeight - 2;
    if (atBottom) setFollowing(true);
    else if (top < lastTop.current - 0.5) setFollowing(false);
    lastTop.current = top;
    setAnchor(top);
    setScrollTop(top);
  }, [setAnchor, setFollowing]);

  const reveal = useCallback(
    (i: number) => {
      const el = ref.current;
      if (!el) return;
      const y = i * RH; // the row's top, below the sticky header
      let top = el.scrollTop;
      if (y < top) top = y;
      else if (y + RH > top + el.clientHeight - HH) top = y + RH - (el.clientHeight - HH);
      if (top !== el.scrollTop) scrollTo(el, top);
      setAnchor(el.scrollTop);
    },
    [RH, HH, scrollTo, setAnchor],
  );

  const jumpToEnd = useCallback(() => {
    const el = ref.current;
    setFollowing(true);
    if (!el) return;
    const bottom = el.scrollHeight - el.clientHeight;
    // Smooth only when motion is welcome, and never over more than a few screens.
    const smooth = !reducedMotion() && bottom - el.scrollTop < el.clientHeight * 3;
    el.scrollTo({ top: bottom, behavior: smooth ? 'smooth' : 'auto' });
    lastTop.current = el.scrollTop;
  }, [setFollowing]);

  const hold = useCallback(() => {
    const el = ref.current;
    // A list that fits its box has nothing to hold still.
    if (!el || el.scrollHeight <= el.clientHeight + 1) return;
    setFollowing(false);
    setAnchor(el.scrollTop);
  }, [setAnchor, setFollowing]);

  const inView = useCallback(
    (i: number) => {
      const el = ref.current;
      if (!el) return false;
      const y = i * RH;
      return y >= el.scrollTop && y + RH <= el.scrollTop + el.clientHeight - HH;
    },
    [RH, HH],
  );

  return {
    ref,
    scrollTop,
    height,
    following,
    leftAtSeq,
    onScroll,
    reveal,
    jumpToEnd,
    hold,
    inView,
  };
}
