'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * The session clock "now", for deadlines that pass while nothing is on the wire: the last event's t
 * (`lastT`) plus the time since it reached the page (never ahead of the server: batches arrive
 * late, not early). Ticks twice a second while `live`; when not live, the cursor's event time.
 */
export function useLiveNow(lastT: number | undefined, live: boolean, cursorT?: number) {
  const anchor = useRef<{ t: number; at: number } | null>(null);
  if (lastT !== undefined && anchor.current?.t !== lastT)
    anchor.current = { t: lastT, at: performance.now() };
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
