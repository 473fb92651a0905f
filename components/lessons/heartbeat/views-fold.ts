/**
 * Everything the heartbeat panel reads off the log, as incremental folds (lib/live/fold-store):
 * the followed clients' heartbeat events on both hops (follow-mappers.ts), the idle reports, the
 * last event's time, and each connection's kind. Each event is folded once; the xstate heartbeat
 * machines then run over the short HeartbeatEvent lists, not over the log.
 */
import type { Reducer } from '@/lib/live/fold-store';
import type { ConnectionKind } from '@/lib/mirror/event-log';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { WireEvent } from '@/lib/mirror/types';
import {
  type AppFollow,
  type AppHeartbeatSettings,
  appHeartbeatFold,
  type EioFollow,
  engineIoHeartbeatFold,
  type WsProtocolFollow,
  wsProtocolHeartbeatFold,
} from './follow-mappers';
import { type IdleFold, idleReportsFold } from './idle-fold';

export interface HeartbeatViews {
  /** What the server saw (edge ↔ node), read as Engine.IO and as a raw WebSocket. */
  eioServer: EioFollow;
  wsServer: WsProtocolFollow;
  /** What the client saw (browser ↔ edge): Engine.IO, and the page's app-level heartbeat. */
  eioBrowser: EioFollow;
  appBrowser: AppFollow;
  /** Idle reports of the browser ↔ edge connections (gaps of 200 ms or more). */
  idle: IdleFold;
  /** t of the last event folded: the wire's own "now". */
  lastT: number | undefined;
}

/** The panel's folds; `app` is the page's own app-level heartbeat (carried by its OPEN events). */
export function heartbeatViewsFold(app: AppHeartbeatSettings): Reducer<HeartbeatViews, WireEvent> {
  const parts = {
    eioServer: engineIoHeartbeatFold('edge-node'),
    wsServer: wsProtocolHeartbeatFold('edge-node'),
    eioBrowser: engineIoHeartbeatFold('browser-edge'),
    appBrowser: appHeartbeatFold('browser-edge', app),
    idle: idleReportsFold({ hop: 'browser-edge', minGapMs: 200 }),
  };
  return {
    init: () => ({
      eioServer: parts.eioServer.init(),
      wsServer: parts.wsServer.init(),
      eioBrowser: parts.eioBrowser.init(),
      appBrowser: parts.appBrowser.init(),
      idle: parts.idle.init(),
      lastT: undefined,
    }),
    step: (s, e) => {
      const next: HeartbeatViews = {
        eioServer: parts.eioServer.step(s.eioServer, e),
        wsServer: parts.wsServer.step(s.wsServer, e),
        eioBrowser: parts.eioBrowser.step(s.eioBrowser, e),
        appBrowser: parts.appBrowser.step(s.appBrowser, e),
        idle: parts.idle.step(s.idle, e),
        lastT: e.t,
      };
      const same = (Object.keys(next) as (keyof HeartbeatViews)[]).every((k) => next[k] === s[k]);
      return same ? s : next;
    },
  };
}

/** Each connection's kind, as connectionsOf(…) gives it, in order of first appearance. */
export const connKindsFold: Reducer<ReadonlyMap<string, ConnectionKind>, WireEvent> = {
  init: () => new Map(),
  step: (s, e) => {
    const before = s.get(e.conn);
    let kind: ConnectionKind = before ?? 'unknown';
    if (e.kind === 'http-request') {
      if (isWebSocketUpgrade(e)) kind = 'websocket';
      else if (kind === 'unknown') kind = 'http';
    } else if (e.kind === 'ws-frame') kind = 'websocket';
    return kind === before ? s : new Map(s).set(e.conn, kind);
  },
};
