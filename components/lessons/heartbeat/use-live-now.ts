'use client';

import { useEffect, useRef, useState } from 'react';
import type { WireEvent } from '@/lib/mirror/types';

/**
 * The session clock "now", for deadlines that pass while nothing is on the wire: the last event's t
 * plus the time since it reached the page (never ahead of the server: batches arrive late, not
 * early). Ticks twice a second while `live`; when not live, the cursor's event time.
 */
export function useLiveNow(events: readonly WireEvent[], live: boolean, cursorT?: number) {
  const anchor = useRef<{ t: number; at: number } | null>(null);
  const last = events[events.length - 1];
  if (last && anchor.current?.t !== last.t) anchor.current = { t: last.t, at: performance.now() };
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setTick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [live]);
  if (!live) return cursorT;
  const a = anchor.current;
  return a === null ? undefined : a.t + (performance.now() - a.at);
}
