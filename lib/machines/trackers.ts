/**
 * Incremental folds of a live log, one per thing on screen: every WebSocket connection (per hop) and
 * every Engine.IO session. Feed them with `followLog(log, (batch) => tracker.push(batch))`; each has
 * a `version` that changes when anything it holds changed, for `useSyncExternalStore`.
 *
 * A connection becomes a WebSocket connection when its `GET` with `Upgrade: websocket` is seen on
 * either hop (so a request whose Upgrade a proxy stripped is still folded on the edge-node hop); its
 * conn-open, seen before, is kept and replayed into the new fold. Polling connections never get a
 * WebSocket machine.
 */
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import { EngineIoEventMapper, type EngineIoSessionInfo } from './engineio-mapper';
import { type EngineIoTransportMachine, engineIoTransportMachine } from './engineio-transport';
import { Folder } from './fold';
import {
  toWsConnectionEvents,
  type WsConnectionMachine,
  wsConnectionMachine,
} from './ws-connection';

export class WsConnectionTracker {
  private readonly folders = new Map<string, Folder<WsConnectionMachine>>();
  private readonly early = new Map<string, WireEvent[]>();
  /** Connections with a WebSocket upgrade request on either hop. */
  private readonly wsConns = new Set<string>();
  private _version = 0;

  constructor(readonly hop: Hop = 'browser-edge') {}

  get version(): number {
    return this._version;
  }

  /** WebSocket connection ids, in order of their upgrade request. */
  get connections(): string[] {
    return [...this.folders.keys()];
  }

  folder(conn: string): Folder<WsConnectionMachine> | undefined {
    return this.folders.get(conn);
  }

  push(events: readonly WireEvent[]): void {
    let changed = false;
    for (const e of events) {
      // The browser's request reaches the edge before the edge forwards it, so the browser-edge
      // upgrade request marks the connection before its (maybe stripped) edge-node request.
      if (e.kind === 'http-request' && isWebSocketUpgrade(e)) this.wsConns.add(e.conn);
      if (e.hop !== this.hop) continue;
      let folder = this.folders.get(e.conn);
      if (folder === undefined) {
        if (!this.wsConns.has(e.conn)) {
          // Only a connection's conn-open can precede its upgrade request; keep it.
          if (e.kind === 'conn-open') this.early.set(e.conn, [e]);
          else this.early.delete(e.conn);
          continue;
        }
        folder = new Folder(wsConnectionMachine);
        this.folders.set(e.conn, folder);
        for (const before of this.early.get(e.conn) ?? []) {
          const mapped = toWsConnectionEvents(before);
          folder.push(mapped.map((event) => ({ t: before.t, seq: before.seq, event })));
        }
        this.early.delete(e.conn);
      }
      const mapped = toWsConnectionEvents(e);
      if (mapped.length === 0) continue;
      folder.push(mapped.map((event) => ({ t: e.t, seq: e.seq, event })));
      changed = true;
    }
    if (changed) this._version++;
  }

  dispose(): void {
    for (const folder of this.folders.values()) folder.dispose();
    this.folders.clear();
    this.early.clear();
  }
}

export class EngineIoTracker {
  private readonly mapper: EngineIoEventMapper;
  private readonly folders = new Map<string, Folder<EngineIoTransportMachine>>();
  private _version = 0;

  constructor(readonly hop: Hop = 'browser-edge') {
    this.mapper = new EngineIoEventMapper(hop);
  }

  get version(): number {
    return this._version;
  }

  /** Sessions in order of their first request ('e1', …) with their sids once known. */
  get sessions(): EngineIoSessionInfo[] {
    return this.mapper.sessions;
  }

  folder(session: string): Folder<EngineIoTransportMachine> | undefined {
    return this.folders.get(session);
  }

  /** The fold of the session with this sid. */
  folderOfSid(sid: string): Folder<EngineIoTransportMachine> | undefined {
    const session = this.mapper.sessionOfSid(sid);
    return session === undefined ? undefined : this.folders.get(session);
  }

  push(events: readonly WireEvent[]): void {
    let changed = false;
    for (const e of events) {
      for (const { session, ...timed } of this.mapper.push(e)) {
        let folder = this.folders.get(session);
        if (folder === undefined) {
          folder = new Folder(engineIoTransportMachine);
          this.folders.set(session, folder);
        }
        folder.push([timed]);
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
