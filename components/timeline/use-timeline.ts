'use client';

import { useCallback, useState } from 'react';
import type { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from '../sequence/event-label';

export interface TimelineState {
  /** True while following the newest event. */
  following: boolean;
  /** Index in the log of the cursor event; -1 = before the first event. */
  index: number;
  /** The cursor event (undefined before the first event or with an empty log). */
  event: WireEvent | undefined;
  /** Everything with seq <= cursorSeq is "in the past" of the cursor. */
  cursorSeq: number;
  /** Time of the cursor: the fold of events with t <= cursorT is the state shown. */
  cursorT: number;
  length: number;
}

export interface Timeline extends TimelineState {
  pause: () => void;
  goLive: () => void;
  /** Moves to a log index (pauses). -1 = the start, before any event. */
  seek: (index: number) => void;
  stepBack: () => void;
  stepForward: () => void;
}

/** Pause / step / scrub over the log; the views show the fold of events up to the cursor. */
export function useTimeline(
  log: EventLog,
  onStep?: (event: WireEvent | undefined) => void,
): Timeline {
  const [following, setFollowing] = useState(true);
  const [pausedIndex, setPausedIndex] = useState(-1);
  const length = log.length;
  const index = following ? length - 1 : Math.min(pausedIndex, length - 1);
  const event = index >= 0 ? log.at(index) : undefined;
  const cursorSeq = event?.seq ?? 0;
  const cursorT = event?.t ?? -1;

  const seek = useCallback(
    (i: number) => {
      const clamped = Math.max(-1, Math.min(log.length - 1, i));
      setFollowing(false);
      setPausedIndex(clamped);
      onStep?.(clamped >= 0 ? log.at(clamped) : undefined);
    },
    [log, onStep],
  );

  const stepTo = useCallback(
    (dir: 1 | -1) => {
      let i = index + dir;
      while (i >= 0 && i < log.length && !isDiagramEvent(log.at(i) as WireEvent)) i += dir;
      seek(i);
    },
    [index, log, seek],
  );

  return {
    following,
    index,
    event,
    cursorSeq,
    cursorT,
    length,
    pause: () => {
      setPausedIndex(index);
      setFollowing(false);
    },
    goLive: () => setFollowing(true),
    seek,
    stepBack: () => stepTo(-1),
    stepForward: () => stepTo(1),
  };
}
