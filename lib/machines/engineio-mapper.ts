/**
 * Turns the WireEvents of one hop into `EngineIoEvent`s, tagged with the Engine.IO session they
 * belong to. Feed it every WireEvent in log order; it remembers, per TCP connection, which request
 * is pending and which session a WebSocket belongs to (from the `sid` in its upgrade request, or from
 * the open packet for a WebSocket-only handshake).
 *
 * Sessions are named 'e1', 'e2', … in order of their first request, because the sid is only known
 * once the open packet arrives (the handshake request has none); `sessions` maps names to sids.
 */
import type { Hop, WireEvent } from '@/lib/mirror/types';
import {
  type EioMapState,
  type EngineIoSessionInfo,
  eioMapInit,
  eioMapStep,
  type MappedEngineIoEvent,
} from './engineio-map-step';
import type { EngineIoEvent } from './engineio-transport';
import type { TimedEvent } from './fold';

export type { EngineIoSessionInfo, MappedEngineIoEvent } from './engineio-map-step';

/** A mutable wrapper around the pure step (engineio-map-step.ts) for whole-log loops. */
export class EngineIoEventMapper {
  private state: EioMapState;

  constructor(readonly hop: Hop = 'browser-edge') {
    this.state = eioMapInit(hop);
  }

  /** Every session seen so far, in order of first request. */
  get sessions(): EngineIoSessionInfo[] {
    return [...this.state.info.values()];
  }

  /** Session name for a sid, once its open packet was seen (or a request named it). */
  sessionOfSid(sid: string): string | undefined {
    return this.state.bySid.get(sid);
  }

  /** The Engine.IO events this WireEvent produces (often none). */
  push(e: WireEvent): MappedEngineIoEvent[] {
    const { state, out } = eioMapStep(this.state, e);
    this.state = state;
    return out;
  }
}

/** Maps a whole log (one hop) and groups the events by session, for `foldEvents`. */
export function engineIoSessionsOf(
  events: readonly WireEvent[],
  hop: Hop = 'browser-edge',
): (EngineIoSessionInfo & { events: TimedEvent<EngineIoEvent>[] })[] {
  const mapper = new EngineIoEventMapper(hop);
  const bySession = new Map<string, TimedEvent<EngineIoEvent>[]>();
  for (const e of events) {
    for (const { session, ...timed } of mapper.push(e)) {
      const list = bySession.get(session) ?? [];
      list.push(timed);
      bySession.set(session, list);
    }
  }
  return mapper.sessions.map((info) => ({ ...info, events: bySession.get(info.session) ?? [] }));
}

/**
 * Stateless convenience: the Engine.IO events of one WireEvent that need no connection history
 * (polling requests and bodies). WebSocket frames need `EngineIoEventMapper`.
 */
export function toEngineIoEvents(e: WireEvent): EngineIoEvent[] {
  return new EngineIoEventMapper(e.hop).push(e).map((m) => m.event);
}
