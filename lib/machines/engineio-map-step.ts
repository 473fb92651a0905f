/**
 * The Engine.IO mapping of one hop as a pure step: (state, WireEvent) → (state, Engine.IO events),
 * never mutating `state` (the same object when the event changed nothing). `EngineIoEventMapper`
 * (engineio-mapper.ts) is a thin mutable wrapper around it; incremental folds (lib/live/fold-store)
 * keep the state itself, so a checkpoint replayed from the middle of the log sees the mapper as it
 * was there.
 *
 * Per TCP connection it remembers which request is pending and which session a WebSocket belongs to
 * (from the `sid` in its upgrade request, or from the open packet for a WebSocket-only handshake).
 * Sessions are named 'e1', 'e2', … in order of their first request.
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

export type EioConnRole =
  | {
      readonly role: 'polling';
      readonly session: string;
      readonly pending?: { seq: number; method: string };
    }
  | { readonly role: 'ws-handshake'; readonly session: string }
  | {
      readonly role: 'ws-probe';
      readonly session: string;
      readonly upgraded: boolean;
      readonly failed: boolean;
    };

export interface EioMapState {
  readonly hop: Hop;
  /** The role of each open TCP connection that carried Engine.IO. */
  readonly conns: ReadonlyMap<string, EioConnRole>;
  /** Session name by sid. */
  readonly bySid: ReadonlyMap<string, string>;
  /** Every session so far, in order of first request. */
  readonly info: ReadonlyMap<string, EngineIoSessionInfo>;
}

export function eioMapInit(hop: Hop): EioMapState {
  return { hop, conns: new Map(), bySid: new Map(), info: new Map() };
}

/** Copy-on-write edits of one state (each map copied at most once per step). */
class Draft {
  conns: Map<string, EioConnRole> | undefined;
  bySid: Map<string, string> | undefined;
  info: Map<string, EngineIoSessionInfo> | undefined;
  readonly out: MappedEngineIoEvent[] = [];

  constructor(
    readonly base: EioMapState,
    private readonly e: WireEvent,
  ) {}

  role(conn: string): EioConnRole | undefined {
    return (this.conns ?? this.base.conns).get(conn);
  }

  setRole(conn: string, role: EioConnRole): void {
    this.conns ??= new Map(this.base.conns);
    this.conns.set(conn, role);
  }

  deleteRole(conn: string): void {
    this.conns ??= new Map(this.base.conns);
    this.conns.delete(conn);
  }

  private setSid(sid: string, session: string): void {
    this.bySid ??= new Map(this.base.bySid);
    this.bySid.set(sid, session);
  }

  private setInfo(info: EngineIoSessionInfo): void {
    this.info ??= new Map(this.base.info);
    this.info.set(info.session, info);
  }

  newSession(seq: number, sid?: string, initialTransport?: EioTransport): string {
    const session = `e${(this.info ?? this.base.info).size + 1}`;
    const info: EngineIoSessionInfo = { session, firstSeq: seq };
    if (sid !== undefined) {
      info.sid = sid;
      this.setSid(sid, session);
    }
    if (initialTransport !== undefined) info.initialTransport = initialTransport;
    this.setInfo(info);
    return session;
  }

  sessionFor(sid: string, seq: number): string {
    return (this.bySid ?? this.base.bySid).get(sid) ?? this.newSession(seq, sid);
  }

  learnSid(session: string, sid: string): void {
    const info = (this.info ?? this.base.info).get(session);
    if (info !== undefined && info.sid === undefined) this.setInfo({ ...info, sid });
    if ((this.bySid ?? this.base.bySid).get(sid) !== session) this.setSid(sid, session);
  }

  emit(session: string, event: EngineIoEvent): void {
    this.out.push({ session, t: this.e.t, seq: this.e.seq, event });
  }

  result(): { state: EioMapState; out: MappedEngineIoEvent[] } {
    const { conns, bySid, info } = this;
    if (!conns && !bySid && !info) return { state: this.base, out: this.out };
    return {
      state: {
        hop: this.base.hop,
        conns: conns ?? this.base.conns,
        bySid: bySid ?? this.base.bySid,
        info: info ?? this.base.info,
      },
      out: this.out,
    };
  }
}

function packet(
  d: Draft,
  seq: number,
  session: string,
  p: EioPacketInfo,
  dir: 'up' | 'down',
  transport: EioTransport,
): void {
  switch (p.type) {
    case 'open': {
      if (p.open === undefined) return;
      d.learnSid(session, p.open.sid);
      d.emit(session, { type: 'OPEN', seq, transport, ...p.open });
      return;
    }
    case 'close':
      d.emit(session, { type: 'CLOSE', seq, by: dir === 'up' ? 'client' : 'server', transport });
      return;
    case 'noop':
      if (transport === 'polling' && dir === 'down') {
        d.emit(session, { type: 'NOOP', seq });
        return;
      }
      break;
    default:
      break;
  }
  const event: EngineIoEvent = { type: 'PACKET', seq, dir, transport, packet: p.type };
  if (p.sio !== undefined) event.sio = p.sio.type;
  d.emit(session, event);
}

function request(d: Draft, e: Extract<WireEvent, { kind: 'http-request' }>): void {
  const target = parseEioTarget(e.target);
  if (target.eio === undefined) return;
  const transport = target.transport === 'websocket' ? 'websocket' : 'polling';
  if (transport === 'polling') {
    const pending = { seq: e.seq, method: e.method };
    if (target.sid === undefined) {
      const session = d.newSession(e.seq, undefined, 'polling');
      d.setRole(e.conn, { role: 'polling', session, pending });
      d.emit(session, { type: 'HANDSHAKE_REQUEST', seq: e.seq, transport, conn: e.conn });
    } else {
      const session = d.sessionFor(target.sid, e.seq);
      d.setRole(e.conn, { role: 'polling', session, pending });
      d.emit(session, { type: 'POLL_REQUEST', seq: e.seq, method: e.method, conn: e.conn });
    }
  } else if (isWebSocketUpgrade(e)) {
    if (target.sid === undefined) {
      const session = d.newSession(e.seq, undefined, 'websocket');
      d.setRole(e.conn, { role: 'ws-handshake', session });
      d.emit(session, { type: 'HANDSHAKE_REQUEST', seq: e.seq, transport, conn: e.conn });
    } else {
      const session = d.sessionFor(target.sid, e.seq);
      d.setRole(e.conn, { role: 'ws-probe', session, upgraded: false, failed: false });
      d.emit(session, { type: 'PROBE_REQUEST', seq: e.seq, conn: e.conn });
    }
  }
}

function response(d: Draft, e: Extract<WireEvent, { kind: 'http-response' }>): void {
  const role = d.role(e.conn);
  if (role === undefined) return;
  if (role.role === 'polling') {
    // The request is answered: a TCP close from now on is not a failed request.
    const answered = role.pending;
    if (answered !== undefined) d.setRole(e.conn, { role: 'polling', session: role.session });
    if (e.status !== 200 && answered !== undefined) {
      d.emit(role.session, {
        type: 'TRANSPORT_ERROR',
        seq: e.seq,
        transport: 'polling',
        status: e.status,
        reason: e.reason,
      });
    }
  } else if (role.role === 'ws-probe') {
    if (e.status === 101) d.emit(role.session, { type: 'PROBE_OPENED', seq: e.seq });
    else {
      if (!role.failed) d.setRole(e.conn, { ...role, failed: true });
      d.emit(role.session, {
        type: 'PROBE_FAILED',
        seq: e.seq,
        reason: `upgrade answered ${e.status} ${e.reason}`,
      });
    }
  } else if (e.status !== 101) {
    d.emit(role.session, {
      type: 'TRANSPORT_ERROR',
      seq: e.seq,
      transport: 'websocket',
      status: e.status,
      reason: e.reason,
    });
  }
}

function frame(d: Draft, e: Extract<WireEvent, { kind: 'ws-frame' }>): void {
  const role = d.role(e.conn);
  const p = e.message?.eio;
  if (role === undefined || role.role === 'polling' || p === undefined) return;
  if (role.role === 'ws-probe' && !role.upgraded) {
    if (p.type === 'ping' && p.data === 'probe' && e.dir === 'up') {
      d.emit(role.session, { type: 'PROBE_PING', seq: e.seq });
      return;
    }
    if (p.type === 'pong' && p.data === 'probe' && e.dir === 'down') {
      d.emit(role.session, { type: 'PROBE_PONG', seq: e.seq });
      return;
    }
    if (p.type === 'upgrade' && e.dir === 'up') {
      d.setRole(e.conn, { ...role, upgraded: true });
      d.emit(role.session, { type: 'UPGRADE', seq: e.seq });
      return;
    }
  }
  packet(d, e.seq, role.session, p, e.dir, 'websocket');
}

function close(d: Draft, e: Extract<WireEvent, { kind: 'conn-close' }>): void {
  const role = d.role(e.conn);
  if (role === undefined) return;
  d.deleteRole(e.conn);
  if (role.role === 'ws-probe' && !role.upgraded) {
    if (!role.failed) {
      d.emit(role.session, {
        type: 'PROBE_FAILED',
        seq: e.seq,
        reason: `probe WebSocket closed (${e.how}, by ${e.by}) before the upgrade`,
      });
    }
  } else if (role.role === 'ws-probe' || role.role === 'ws-handshake') {
    d.emit(role.session, {
      type: 'TRANSPORT_CLOSED',
      seq: e.seq,
      transport: 'websocket',
      reason: `TCP ${e.how} by ${e.by}`,
    });
  } else if (role.pending !== undefined) {
    d.emit(role.session, {
      type: 'TRANSPORT_CLOSED',
      seq: e.seq,
      transport: 'polling',
      reason: `TCP ${e.how} by ${e.by} during a pending ${role.pending.method}`,
    });
  }
}

const NONE: MappedEngineIoEvent[] = [];

/** The Engine.IO events this WireEvent produces (often none) and the state after it. */
export function eioMapStep(
  s: EioMapState,
  e: WireEvent,
): { state: EioMapState; out: MappedEngineIoEvent[] } {
  if (e.hop !== s.hop) return { state: s, out: NONE };
  const d = new Draft(s, e);
  switch (e.kind) {
    case 'http-request':
      request(d, e);
      break;
    case 'http-response':
      response(d, e);
      break;
    case 'http-body': {
      const role = d.role(e.conn);
      if (role?.role !== 'polling' || !e.final || e.eio === undefined) break;
      for (const p of e.eio) packet(d, e.seq, role.session, p, e.dir, 'polling');
      break;
    }
    case 'ws-frame':
      frame(d, e);
      break;
    case 'conn-close':
      close(d, e);
      break;
    default:
      break;
  }
  return d.result();
}
