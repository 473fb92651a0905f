/**
 * WireEvents → `socketIoConnectionMachine` events, one stream per (Engine.IO session, namespace).
 * The mapping itself is the pure `sioMapStep` (socketio-map-step.ts); `SocketIoMapper` keeps its
 * state for whole-log loops and trackers fed one event at a time.
 */
import { itemsOf } from '@/lib/live/append-list';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import type { TimedEvent } from './fold';
import type { SocketIoEvent } from './socketio-connection';
import {
  type MappedSocketIoEvent,
  type SioMapState,
  type SocketIoNamespaceInfo,
  sioMapInit,
  sioMapStep,
} from './socketio-map-step';

export type { MappedSocketIoEvent, SocketIoNamespaceInfo } from './socketio-map-step';
export { toSocketIoEvent } from './socketio-map-step';

/** A mutable wrapper around the pure step (socketio-map-step.ts) for whole-log loops. */
export class SocketIoMapper {
  private state: SioMapState;

  constructor(readonly hop: Hop = 'browser-edge') {
    this.state = sioMapInit(hop);
  }

  /** Namespaces seen so far, in order of their first packet. */
  get namespaces(): SocketIoNamespaceInfo[] {
    return [...itemsOf(this.state.namespaces)];
  }

  /** Engine.IO sessions (names and sids). */
  get sessions() {
    return [...this.state.eio.info.values()];
  }

  push(e: WireEvent): MappedSocketIoEvent[] {
    const { state, out } = sioMapStep(this.state, e);
    this.state = state;
    return out;
  }
}

/** Maps a whole log (one hop) and groups the events by namespace, for `foldEvents`. */
export function socketIoNamespacesOf(
  events: readonly WireEvent[],
  hop: Hop = 'browser-edge',
): (SocketIoNamespaceInfo & { events: TimedEvent<SocketIoEvent>[] })[] {
  const mapper = new SocketIoMapper(hop);
  const byKey = new Map<string, TimedEvent<SocketIoEvent>[]>();
  for (const e of events) {
    for (const { key, session: _s, nsp: _n, ...timed } of mapper.push(e)) {
      const list = byKey.get(key) ?? [];
      list.push(timed);
      byKey.set(key, list);
    }
  }
  return mapper.namespaces.map((info) => ({ ...info, events: byKey.get(info.key) ?? [] }));
}
