'use client';
/**
 * Reads an incremental fold of the page's event log (lib/live/fold-store) through
 * useSyncExternalStore: each captured event is folded once, whatever the number of renders.
 * Pass a module-level reducer (its identity keys the shared store).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { FoldStore, type Reducer } from '@/lib/live/fold-store';
import type { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { useMirror } from '../mirror/mirror-provider';

const stores = new WeakMap<
  EventLog,
  Map<Reducer<unknown, WireEvent>, FoldStore<unknown, WireEvent>>
>();

export function foldStoreFor<S>(
  log: EventLog,
  reducer: Reducer<S, WireEvent>,
): FoldStore<S, WireEvent> {
  let byReducer = stores.get(log);
  if (!byReducer) {
    byReducer = new Map();
    stores.set(log, byReducer);
  }
  const key = reducer as Reducer<unknown, WireEvent>;
  let store = byReducer.get(key);
  if (!store) {
    store = new FoldStore<unknown, WireEvent>(log, key);
    byReducer.set(key, store);
  }
  return store as FoldStore<S, WireEvent>;
}

/** The fold of every captured event so far (live). */
export function useLiveFold<S>(reducer: Reducer<S, WireEvent>): S {
  const store = foldStoreFor(useMirror().log, reducer);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** The timeline cursor as a fold index: Infinity while following (the live state), else its index. */
export function cursorIndex(timeline: { following: boolean; index: number }): number {
  return timeline.following ? Number.POSITIVE_INFINITY : timeline.index;
}

/**
 * The fold of events 0..index (the timeline cursor, see cursorIndex): re-read when the log grows
 * or the index moves. One checkpoint plus at most 255 steps per new index; the same object while
 * neither changes.
 */
export function useFoldAt<S>(reducer: Reducer<S, WireEvent>, index: number): S {
  const store = foldStoreFor(useMirror().log, reducer);
  const get = useCallback(() => store.snapshotAt(index), [store, index]);
  return useSyncExternalStore(store.subscribe, get, get);
}
