/**
 * Turns the WireEvents of one hop into `EngineIoEvent`s, tagged with the Engine.IO session they
 * belong to. Feed it every WireEvent in log order; it remembers, per TCP connection, which request
 * is pending and which session a WebSocket belongs to (from the `sid` in its upgrade request, or from
 * the open packet for a WebSocket-only handshake).
 *
 * Sessions are named 'e1', 'e2', … in order of their first request, because the sid is only known
 * once the open packet arrives (the handshake request has none); `sessions` maps names to sids.
 */
import { isWebSocketUpgrade, parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, Hop, WireEvent } from '@/lib/mirror/types';
import type { EioTransport, EngineIoEvent } from './engineio-transport';
import type { TimedEvent } from './fold';

export interface MappedEngineIoEvent extends TimedEvent<EngineIoEvent> {
  /** Session name ('e1', …): stable from the handshake request on. */
  session: string;
}

export interface EngineIoSessionInfo {
  session: string;
  sid?: string;
  /** Seq of the session's first request. */
  firstSeq: number;
  initialTransport?: EioTransport;
}

type ConnRole =
  | { role: 'polling'; session: string; pending?: { seq: number; method: string } }
  | { role: 'ws-handshake'; session: string; opened: boolean }
  | { role: 'ws-probe'; session: string; upgraded: boolean; failed: boolean };

export class EngineIoEventMapper {
  private readonly conns = new Map<string, ConnRole>();
  private readonly bySid = new Map<string, string>();
  private readonly info = new Map<string, EngineIoSessionInfo>();
  private counter = 0;

  constructor(readonly hop: Hop = 'browser-edge') {}

  /** Every session seen so far, in order of first request. */
  get sessions(): EngineIoSessionInfo[] {
    return [...this.info.values()];
  }

  /** Session name for a sid, once its open packet was seen (or a request named it). */
  sessionOfSid(sid: string): string | undefined {
    return this.bySid.get(sid);
  }

  private newSession(seq: number, sid?: string, initialTransport?: EioTransport): string {
    const session = `e${++this.counter}`;
    const info: EngineIoSessionInfo = { session, firstSeq: seq };
    if (sid !== undefined) {
      info.sid = sid;
      this.bySid.set(sid, session);
    }
    if (initialTransport !== undefined) info.initialTransport = initialTransport;
    this.info.set(session, info);
    return session;
  }

  private sessionFor(sid: string, seq: number): string {
    return this.bySid.get(sid) ?? this.newSession(seq, sid);
  }

  private learnSid(session: string, sid: string): void {
    const info = this.info.get(session);
    if (info !== undefined && info.sid === undefined) info.sid = sid;
    this.bySid.set(sid, session);
  }

  /** The Engine.IO events this WireEvent produces (often none). */
  push(e: WireEvent): MappedEngineIoEvent[] {
    if (e.hop !== this.hop) return [];
    const out: MappedEngineIoEvent[] = [];
    const emit = (session: string, event: EngineIoEvent): void => {
      out.push({ session, t: e.t, seq: e.seq, event });
    };
    switch (e.kind) {
      case 'http-request': {
        const target = parseEioTarget(e.target);
        if (target.eio === undefined) break;
        const transport = target.transport === 'websocket' ? 'websocket' : 'polling';
        if (transport === 'polling') {
          if (target.sid === undefined) {
            const session = this.newSession(e.seq, undefined, 'polling');
            this.conns.set(e.conn, {
              role: 'polling',
              session,
              pending: { seq: e.seq, method: e.method },
            });
            emit(session, { type: 'HANDSHAKE_REQUEST', seq: e.seq, transport, conn: e.conn });
          } else {
            const session = this.sessionFor(target.sid, e.seq);
            this.conns.set(e.conn, {
              role: 'polling',
              session,
              pending: { seq: e.seq, method: e.method },
            });
            emit(session, { type: 'POLL_REQUEST', seq: e.seq, method: e.method, conn: e.conn });
          }
        } else if (isWebSocketUpgrade(e)) {
          if (target.sid === undefined) {
            const session = this.newSession(e.seq, undefined, 'websocket');
            this.conns.set(e.conn, { role: 'ws-handshake', session, opened: false });
            emit(session, { type: 'HANDSHAKE_REQUEST', seq: e.seq, transport, conn: e.conn });
          } else {
            const session = this.sessionFor(target.sid, e.seq);
            this.conns.set(e.conn, { role: 'ws-probe', session, upgraded: false, failed: false });
            emit(session, { type: 'PROBE_REQUEST', seq: e.seq, conn: e.conn });
          }
        }
        break;
      }
      case 'http-response': {
        const role = this.conns.get(e.conn);
        if (role === undefined) break;
        if (role.role === 'polling') {
          // The request is answered: a TCP close from now on is not a failed request.
          const answered = role.pending;
          role.pending = undefined;
          if (e.status !== 200 && answered !== undefined) {
            emit(role.session, {
              type: 'TRANSPORT_ERROR',
              seq: e.seq,
              transport: 'polling',
              status: e.status,
              reason: e.reason,
            });
          }
        } else if (role.role === 'ws-probe') {
          if (e.status === 101) emit(role.session, { type: 'PROBE_OPENED', seq: e.seq });
          else {
            role.failed = true;
            emit(role.session, {
              type: 'PROBE_FAILED',
              seq: e.seq,
              reason: `upgrade answered ${e.status} ${e.reason}`,
            });
          }
        } else if (e.status !== 101) {
          emit(role.session, {
            type: 'TRANSPORT_ERROR',
            seq: e.seq,
            transport: 'websocket',
            status: e.status,
            reason: e.reason,
          });
        }
        break;
      }
      case 'http-body': {
        const role = this.conns.get(e.conn);
        if (role?.role !== 'polling' || !e.final || e.eio === undefined) break;
        for (const packet of e.eio)
          this.packet(e.seq, role.session, packet, e.dir, 'polling', emit);
        break;
      }
      case 'ws-frame': {
        const role = this.conns.get(e.conn);
        const packet = e.message?.eio;
        if (role === undefined || role.role === 'polling' || packet === undefined) break;
        if (role.role === 'ws-probe' && !role.upgraded) {
          if (packet.type === 'ping' && packet.data === 'probe' && e.dir === 'up') {
            emit(role.session, { type: 'PROBE_PING', seq: e.seq });
            break;
          }
          if (packet.type === 'pong' && packet.data === 'probe' && e.dir === 'down') {
            emit(role.session, { type: 'PROBE_PONG', seq: e.seq });
            break;
          }
          if (packet.type === 'upgrade' && e.dir === 'up') {
            role.upgraded = true;
            emit(role.session, { type: 'UPGRADE', seq: e.seq });
            break;
          }
        }
        this.packet(e.seq, role.session, packet, e.dir, 'websocket', emit);
        break;
      }
      case 'conn-close': {
        const role = this.conns.get(e.conn);
        if (role === undefined) break;
        this.conns.delete(e.conn);
        if (role.role === 'ws-probe' && !role.upgraded) {
          if (!role.failed) {
            emit(role.session, {
              type: 'PROBE_FAILED',
              seq: e.seq,
              reason: `probe WebSocket closed (${e.how}, by ${e.by}) before the upgrade`,
            });
          }
        } else if (role.role === 'ws-probe' || role.role === 'ws-handshake') {
          emit(role.session, {
            type: 'TRANSPORT_CLOSED',
            seq: e.seq,
            transport: 'websocket',
            reason: `TCP ${e.how} by ${e.by}`,
          });
        } else if (role.pending !== undefined) {
          emit(role.session, {
            type: 'TRANSPORT_CLOSED',
            seq: e.seq,
            transport: 'polling',
            reason: `TCP ${e.how} by ${e.by} during a pending ${role.pending.method}`,
          });
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  private packet(
    seq: number,
    session: string,
    packet: EioPacketInfo,
    dir: 'up' | 'down',
    transport: EioTransport,
    emit: (session: string, event: EngineIoEvent) => void,
  ): void {
    switch (packet.type) {
      case 'open': {
        if (packet.open === undefined) return;
        this.learnSid(session, packet.open.sid);
        emit(session, { type: 'OPEN', seq, transport, ...packet.open });
        return;
      }
      case 'close':
        emit(session, { type: 'CLOSE', seq, by: dir === 'up' ? 'client' : 'server', transport });
        return;
      case 'noop':
        if (transport === 'polling' && dir === 'down') {
          emit(session, { type: 'NOOP', seq });
          return;
        }
        break;
      default:
        break;
    }
    const event: EngineIoEvent = { type: 'PACKET', seq, dir, transport, packet: packet.type };
    if (packet.sio !== undefined) event.sio = packet.sio.type;
    emit(session, event);
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
