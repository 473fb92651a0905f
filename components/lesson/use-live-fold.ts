'use client';
/**
 * Reads an incremental fold of the page's event log (lib/live/fold-store) through
 * useSyncExternalStore: each captured event is folded once, whatever the number of renders.
 * Pass a module-level reducer (its identity keys the shared store).
 */
import { useSyncExternalStore } from 'react';
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
