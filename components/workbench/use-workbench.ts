'use client';

import { useCallback, useMemo, useState } from 'react';
import type { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { useEventLog } from '../mirror/mirror-provider';
import type { Speed } from '../timeline/clock';
import { type Timeline, useTimeline } from '../timeline/use-timeline';

export interface Workbench {
  log: EventLog;
  /** A fresh array per appended batch (safe as a memo dependency). */
  events: readonly WireEvent[];
  /** Events up to the timeline cursor. */
  past: readonly WireEvent[];
  timeline: Timeline;
  selectedSeq: number | null;
  selectedEvent: WireEvent | null;
  select: (seq: number | null) => void;
}

/** Log + timeline + selection: the shared state of a lesson's live views. */
export function useWorkbench(
  onSelect?: (event: WireEvent) => void,
  /** 0.1 opens the clock in slow motion: a run's frames are seen travelling as they are captured. */
  initialSpeed?: Speed,
): Workbench {
  const { log, version } = useEventLog();
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the log grows
  const events = useMemo(() => [...log.all()], [log, version]);
  const past = useMemo(
    () => (timeline.following ? events : events.slice(0, timeline.index + 1)),
    [events, timeline.following, timeline.index],
  );
  const index = selectedSeq === null ? -1 : log.indexOfSeq(selectedSeq);
  const selectedEvent = index >= 0 ? (log.at(index) ?? null) : null;
  return { log, events, past, timeline, selectedSeq, selectedEvent, select };
}
