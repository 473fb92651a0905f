'use client';
/**
 * The learner's progress (lib/progress, localStorage) read through useSyncExternalStore: nothing on
 * the server and in the first client render (so hydration matches), then the stored value; updates
 * when another tab changes it.
 */
import { useSyncExternalStore } from 'react';
import { browserStore, PROGRESS_KEY, type Progress, readProgress } from '@/lib/progress/progress';

function subscribe(onChange: () => void): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === null || e.key === PROGRESS_KEY) onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/** The raw stored string: a stable snapshot (the same string until it changes). */
function snapshot(): string | null {
  try {
    return browserStore()?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return null;
  }
}

const serverSnapshot = () => undefined;

/** The stored progress, or undefined before it has been read (server, first render). */
export function useProgress(): Progress | undefined {
  const raw = useSyncExternalStore<string | null | undefined>(subscribe, snapshot, serverSnapshot);
  if (raw === undefined) return undefined;
  return readProgress({ getItem: () => raw, setItem: () => {} });
}
