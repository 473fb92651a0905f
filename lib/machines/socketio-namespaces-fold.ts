/**
 * The Socket.IO namespaces of the browser ↔ edge hop as one incremental fold (lib/live/fold-store),
 * each event once: the namespaces in order of their first packet and, per namespace, its
 * `socketIoConnectionMachine` events in an AppendList. `namespacesOf(state)` equals
 * `socketIoNamespacesOf(events)` over the events folded; the xstate fold of a chosen namespace then
 * runs over that namespace's events only.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { WireEvent } from '@/lib/mirror/types';
import type { TimedEvent } from './fold';
import type { SocketIoEvent } from './socketio-connection';
import {
  type SioMapState,
  type SocketIoNamespaceInfo,
  sioMapInit,
  sioMapStep,
} from './socketio-map-step';

export interface SioNamespacesFold {
  readonly map: SioMapState;
  /** Per namespace key ('e1/admin'), its machine events. */
  readonly events: ReadonlyMap<string, AppendList<TimedEvent<SocketIoEvent>>>;
}

export const sioNamespacesFold: Reducer<SioNamespacesFold, WireEvent> = {
  init: () => ({ map: sioMapInit('browser-edge'), events: new Map() }),
  step: (s, e) => {
    const { state: map, out } = sioMapStep(s.map, e);
    if (out.length === 0) return map === s.map ? s : { ...s, map };
    const events = new Map(s.events);
    for (const { key, session: _s, nsp: _n, ...timed } of out) {
      events.set(key, append(events.get(key) ?? emptyList(), timed));
    }
    return { map, events };
  },
};

/** The namespaces seen so far, in order of their first packet (the same array per list). */
export function namespaceInfosOf(s: SioNamespacesFold): readonly SocketIoNamespaceInfo[] {
  return itemsOf(s.map.namespaces);
}

const NONE: readonly TimedEvent<SocketIoEvent>[] = [];

/** One namespace's machine events (the same array while it has no new event). */
export function namespaceEventsOf(
  s: SioNamespacesFold,
  key: string | undefined,
): readonly TimedEvent<SocketIoEvent>[] {
  const list = key === undefined ? undefined : s.events.get(key);
  return list ? itemsOf(list) : NONE;
}

/** socketIoNamespacesOf's shape: every namespace with its events. */
export function namespacesOf(
  s: SioNamespacesFold,
): (SocketIoNamespaceInfo & { events: readonly TimedEvent<SocketIoEvent>[] })[] {
  return namespaceInfosOf(s).map((info) => ({ ...info, events: namespaceEventsOf(s, info.key) }));
}
