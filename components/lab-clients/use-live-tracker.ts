'use client';
/**
 * Feeds a tracker (anything with `push(events)`) from the live log, starting after `fromSeq`, and
 * re-renders at most once per animation frame. A new `resetKey` makes a fresh tracker.
 */
import { useEffect, useState } from 'react';
import { type EventLog, followLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';

interface Pushable {
  push(events: readonly WireEvent[]): void;
  dispose?(): void;
}

export function useLiveTracker<T extends Pushable>(
  log: EventLog,
  make: () => T,
  fromSeq: number,
  resetKey: string,
): { tracker: T | null; version: number } {
  const [tracker, setTracker] = useState<T | null>(null);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `make` is a fresh closure; resetKey names it
  useEffect(() => {
    const t = make();
    setTracker(t);
    let frame: number | null = null;
    const stop = followLog(log, (batch) => {
      const fresh = batch.filter((e) => e.seq > fromSeq);
      if (fresh.length === 0) return;
      t.push(fresh);
      if (frame === null) {
        frame = requestAnimationFrame(() => {
          frame = null;
          setVersion((v) => v + 1);
        });
      }
    });
    return () => {
      stop();
      if (frame !== null) cancelAnimationFrame(frame);
      t.dispose?.();
    };
  }, [log, fromSeq, resetKey]);
  return { tracker, version };
}
