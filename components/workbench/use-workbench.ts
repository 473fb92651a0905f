'use client';

import { useCallback, useState } from 'react';
import type { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { useMirror } from '../mirror/mirror-provider';
import type { Speed } from '../timeline/clock';
import { type Timeline, useTimeline } from '../timeline/use-timeline';

export interface Workbench {
  log: EventLog;
  timeline: Timeline;
  selectedSeq: number | null;
  selectedEvent: WireEvent | null;
  select: (seq: number | null) => void;
}

/**
 * Log + timeline + selection: the shared state of a lesson's live views. Views read the log
 * through incremental folds (useLiveFold / useFoldAt at `cursorIndex(timeline)`), never as a copy:
 * each captured event is folded once.
 */
export function useWorkbench(
  onSelect?: (event: WireEvent) => void,
  /** 0.1 opens the clock in slow motion: a run's frames are seen travelling as they are captured. */
  initialSpeed?: Speed,
): Workbench {
  // The log itself, not its version: views re-render through their own folds and the clock.
  const { log } = useMirror();
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const select = useCallback(
    (seq: number | null) => {
      setSelectedSeq(seq);
      if (seq !== null) {
        const e = log.at(log.indexOfSeq(seq));
        if (e && onSelect) onSelect(e);
      }
    },
    [log, onSelect],
  );
  const onStep = useCallback((e: WireEvent | undefined) => select(e ? e.seq : null), [select]);
  const timeline = useTimeline(log, onStep, initialSpeed);
  const index = selectedSeq === null ? -1 : log.indexOfSeq(selectedSeq);
  const selectedEvent = index >= 0 ? (log.at(index) ?? null) : null;
  return { log, timeline, selectedSeq, selectedEvent, select };
}
