/**
 * Live-page trackers for the stream machines, the same shape as trackers.ts: feed them with
 * `followLog(log, (batch) => tracker.push(batch))`, read `folder(key)` for a `Folder` (state at any
 * time, transitions), and `version` for `useSyncExternalStore`.
 *
 * `KeyedTracker` runs one fold per key that a mapper names: long-poll clients ('long-poll', 'e1'),
 * SSE streams (their path), Socket.IO namespaces ('e1/admin'). Heartbeat mappers follow one client
 * and have no key: `singleKey` gives them one.
 */
import type { AnyStateMachine, EventFromLogic } from 'xstate';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import {
  type AppHeartbeatMachine,
  AppHeartbeatMapper,
  type AppHeartbeatSettings,
  appHeartbeatMachine,
} from './app-heartbeat';
import { Folder, type TimedEvent } from './fold';
import { type HeartbeatMachine, heartbeatMachine } from './heartbeat';
import { EngineIoHeartbeatMapper, WebSocketHeartbeatMapper } from './heartbeat-mappers';
import { type LongPollMachine, longPollMachine } from './long-poll';
import { LongPollMapper } from './long-poll-mapper';
import { type SocketIoConnectionMachine, socketIoConnectionMachine } from './socketio-connection';
import { SocketIoMapper } from './socketio-mapper';
import { SseMapper } from './sse-mapper';
import { type SseStreamMachine, sseStreamMachine } from './sse-stream';

export interface KeyedMapper<E> {
  push(e: WireEvent): (TimedEvent<E> & { key: string })[];
}

export class KeyedTracker<TMachine extends AnyStateMachine> {
  private readonly folders = new Map<string, Folder<TMachine>>();
  private _version = 0;

  constructor(
    private readonly machine: TMachine,
    readonly mapper: KeyedMapper<EventFromLogic<TMachine>>,
  ) {}

  get version(): number {
    return this._version;
  }

  /** Keys in order of their first event. */
  get keys(): string[] {
    return [...this.folders.keys()];
  }

  folder(key: string): Folder<TMachine> | undefined {
    return this.folders.get(key);
  }

  push(events: readonly WireEvent[]): void {
    let changed = false;
    for (const e of events) {
      for (const { key, ...timed } of this.mapper.push(e)) {
        let folder = this.folders.get(key);
        if (folder === undefined) {
          folder = new Folder(this.machine);
          this.folders.set(key, folder);
        }
        folder.push([timed as TimedEvent<EventFromLogic<TMachine>>]);
        changed = true;
      }
    }
    if (changed) this._version++;
  }

  dispose(): void {
    for (const folder of this.folders.values()) folder.dispose();
    this.folders.clear();
  }
}

/** A keyless mapper (one client) as a keyed one. */
export function singleKey<E>(
  mapper: { push(e: WireEvent): TimedEvent<E>[] },
  key: string,
): KeyedMapper<E> {
  return { push: (e) => mapper.push(e).map((timed) => ({ ...timed, key })) };
}

export function longPollTracker(
  hop: Hop = 'browser-edge',
  options: { publishTo?: 'long-poll' | 'short-poll' } = {},
): KeyedTracker<LongPollMachine> {
  return new KeyedTracker(longPollMachine, new LongPollMapper(hop, options));
}

export function sseTracker(hop: Hop = 'browser-edge'): KeyedTracker<SseStreamMachine> {
  return new KeyedTracker(sseStreamMachine, new SseMapper(hop));
}

export function socketIoTracker(
  hop: Hop = 'browser-edge',
): KeyedTracker<SocketIoConnectionMachine> {
  return new KeyedTracker(socketIoConnectionMachine, new SocketIoMapper(hop));
}

/** Protocol heartbeat of one client: Engine.IO ping/pong packets, or raw ping/pong frames. */
export function heartbeatTracker(
  source:
    | { kind: 'engineio' }
    | {
        kind: 'websocket';
        accepts?: (target: string) => boolean;
      },
  hop: Hop = 'browser-edge',
): KeyedTracker<HeartbeatMachine> {
  const mapper =
    source.kind === 'engineio'
      ? new EngineIoHeartbeatMapper(hop)
      : new WebSocketHeartbeatMapper(hop, source.accepts);
  return new KeyedTracker(heartbeatMachine, singleKey(mapper, source.kind));
}

export function appHeartbeatTracker(
  settings: AppHeartbeatSettings,
  hop: Hop = 'browser-edge',
  accepts?: (target: string) => boolean,
): KeyedTracker<AppHeartbeatMachine> {
  return new KeyedTracker(
    appHeartbeatMachine,
    singleKey(new AppHeartbeatMapper(settings, hop, accepts), 'app'),
  );
}
