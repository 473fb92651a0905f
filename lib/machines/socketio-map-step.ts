/**
 * The Socket.IO mapping of one hop as a pure step: (state, WireEvent) → (state, machine events),
 * never mutating `state` (the same object when the event changed nothing). `SocketIoMapper`
 * (socketio-mapper.ts) is a thin mutable wrapper around it; incremental folds (lib/live/fold-store)
 * keep the state itself, so a checkpoint replayed from the middle of the log sees the mapper as it
 * was there.
 *
 * One stream per (Engine.IO session, namespace): the multiplexing Socket.IO does over one Engine.IO
 * session, undone by routing each packet by its `nsp`. `eioMapStep` says which session a frame or
 * polling body belongs to; binary attachments go to the namespace of the BINARY_* packet they
 * follow (per session and direction). When the session ends (close packet, transport closed or
 * failed), every namespace that was seen on it gets TRANSPORT_CLOSED.
 */
import { type AppendList, append, emptyList } from '@/lib/live/append-list';
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type { Dir, EioPacketInfo, Hop, SioPacketInfo, WireEvent } from '@/lib/mirror/types';
import { type EioMapState, eioMapInit, eioMapStep } from './engineio-map-step';
import type { TimedEvent } from './fold';
import type { SocketIoEvent } from './socketio-connection';

export interface MappedSocketIoEvent extends TimedEvent<SocketIoEvent> {
  /** Engine.IO session name ('e1', …). */
  session: string;
  nsp: string;
  /** `${session}${nsp}`: 'e1/', 'e1/admin'. */
  key: string;
}

export interface SocketIoNamespaceInfo {
  key: string;
  session: string;
  nsp: string;
}

export interface SioMapState {
  readonly eio: EioMapState;
  /** Namespaces seen so far, in order of their first packet. */
  readonly namespaces: AppendList<SocketIoNamespaceInfo>;
  /** Per session: the namespaces seen on it, in order. */
  readonly nsps: ReadonlyMap<string, readonly string[]>;
  /** `${session} ${dir}` → namespace of the last BINARY_* packet (its attachments follow). */
  readonly binaryNsp: ReadonlyMap<string, string>;
}

export function sioMapInit(hop: Hop): SioMapState {
  return { eio: eioMapInit(hop), namespaces: emptyList(), nsps: new Map(), binaryNsp: new Map() };
}

/** A CONNECT_ERROR's message: `44{"message":"not authorized"}` (v5) or a bare string (v4). */
function errorMessage(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data === 'object' && data !== null && 'message' in data) {
    return String((data as { message: unknown }).message);
  }
  return JSON.stringify(data) ?? 'refused';
}

/** The machine event for one Socket.IO packet (undefined for nothing to fold). */
export function toSocketIoEvent(
  sio: SioPacketInfo,
  dir: Dir,
  t: number,
  seq: number,
): SocketIoEvent | undefined {
  const base = { t, seq };
  const args = Array.isArray(sio.data) ? (sio.data as unknown[]) : [];
  switch (sio.type) {
    case 'CONNECT':
      if (dir === 'up') {
        return sio.data === undefined
          ? { type: 'CONNECT_SENT', ...base }
          : { type: 'CONNECT_SENT', ...base, auth: sio.data };
      }
      return {
        type: 'CONNECTED',
        ...base,
        ...(typeof (sio.data as { sid?: unknown } | undefined)?.sid === 'string'
          ? { sid: (sio.data as { sid: string }).sid }
          : {}),
      };
    case 'CONNECT_ERROR': {
      const details = (sio.data as { data?: unknown } | undefined)?.data;
      return {
        type: 'CONNECT_ERROR',
        ...base,
        message: errorMessage(sio.data),
        ...(details !== undefined ? { data: details } : {}),
      };
    }
    case 'DISCONNECT':
      return { type: 'DISCONNECT', ...base, by: dir === 'up' ? 'client' : 'server' };
    case 'EVENT':
    case 'BINARY_EVENT':
      return {
        type: 'EVENT',
        ...base,
        dir,
        name: typeof args[0] === 'string' ? args[0] : String(args[0]),
        args: args.slice(1),
        ...(sio.id !== undefined ? { id: sio.id } : {}),
        ...(sio.type === 'BINARY_EVENT' ? { attachments: sio.attachments ?? 0 } : {}),
      };
    case 'ACK':
    case 'BINARY_ACK':
      if (sio.id === undefined) return undefined;
      return {
        type: 'ACK',
        ...base,
        dir,
        id: sio.id,
        args,
        ...(sio.type === 'BINARY_ACK' ? { attachments: sio.attachments ?? 0 } : {}),
      };
    default:
      return undefined;
  }
}

function packetsOf(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
}

/** Copy-on-write edits of one state (each map copied at most once per step). */
class Draft {
  namespaces: AppendList<SocketIoNamespaceInfo>;
  nsps: Map<string, readonly string[]> | undefined;
  binaryNsp: Map<string, string> | undefined;
  readonly out: MappedSocketIoEvent[] = [];

  constructor(
    private readonly base: SioMapState,
    private readonly e: WireEvent,
  ) {
    this.namespaces = base.namespaces;
  }

  seen(session: string): readonly string[] {
    return (this.nsps ?? this.base.nsps).get(session) ?? [];
  }

  binaryOf(slot: string): string | undefined {
    return (this.binaryNsp ?? this.base.binaryNsp).get(slot);
  }

  setBinary(slot: string, nsp: string): void {
    if (this.binaryOf(slot) === nsp) return;
    this.binaryNsp ??= new Map(this.base.binaryNsp);
    this.binaryNsp.set(slot, nsp);
  }

  emit(session: string, nsp: string, event: SocketIoEvent): void {
    const key = `${session}${nsp}`;
    const seen = this.seen(session);
    if (!seen.includes(nsp)) {
      this.namespaces = append(this.namespaces, { key, session, nsp });
      this.nsps ??= new Map(this.base.nsps);
      this.nsps.set(session, [...seen, nsp]);
    }
    this.out.push({ session, nsp, key, t: this.e.t, seq: this.e.seq, event });
  }
}

function packet(d: Draft, session: string, p: EioPacketInfo, e: WireEvent): void {
  const slot = `${session} ${e.dir}`;
  if (p.sioAttachment !== undefined) {
    const nsp = d.binaryOf(slot);
    const bytes = p.binary === undefined ? 0 : base64ByteLength(p.binary);
    if (nsp !== undefined) {
      d.emit(session, nsp, { type: 'ATTACHMENT', t: e.t, seq: e.seq, dir: e.dir, bytes });
    }
    return;
  }
  const sio = p.sio;
  if (p.type !== 'message' || sio === undefined) return;
  if (sio.type === 'BINARY_EVENT' || sio.type === 'BINARY_ACK') d.setBinary(slot, sio.nsp);
  const event = toSocketIoEvent(sio, e.dir, e.t, e.seq);
  if (event !== undefined) d.emit(session, sio.nsp, event);
}

const NONE: MappedSocketIoEvent[] = [];

/** The Socket.IO events this WireEvent produces (often none) and the state after it. */
export function sioMapStep(
  s: SioMapState,
  e: WireEvent,
): { state: SioMapState; out: MappedSocketIoEvent[] } {
  if (e.hop !== s.eio.hop) return { state: s, out: NONE };
  const { state: eio, out: mapped } = eioMapStep(s.eio, e);
  if (mapped.length === 0) {
    return { state: eio === s.eio ? s : { ...s, eio }, out: NONE };
  }
  const d = new Draft(s, e);
  const packetSession = mapped.find((m) => m.event.type === 'PACKET')?.session;
  if (packetSession !== undefined) {
    for (const p of packetsOf(e)) packet(d, packetSession, p, e);
  }
  for (const m of mapped) {
    const type = m.event.type;
    if (type !== 'CLOSE' && type !== 'TRANSPORT_CLOSED' && type !== 'TRANSPORT_ERROR') continue;
    const reason =
      m.event.type === 'CLOSE'
        ? `Engine.IO close packet from the ${m.event.by}`
        : m.event.type === 'TRANSPORT_ERROR'
          ? `${m.event.transport} request failed: ${m.event.status} ${m.event.reason}`
          : `${m.event.transport}: ${m.event.reason}`;
    for (const nsp of d.seen(m.session)) {
      d.emit(m.session, nsp, { type: 'TRANSPORT_CLOSED', t: e.t, seq: e.seq, reason });
    }
  }
  const changed =
    eio !== s.eio ||
    d.namespaces !== s.namespaces ||
    d.nsps !== undefined ||
    d.binaryNsp !== undefined;
  const state: SioMapState = changed
    ? {
        eio,
        namespaces: d.namespaces,
        nsps: d.nsps ?? s.nsps,
        binaryNsp: d.binaryNsp ?? s.binaryNsp,
      }
    : s;
  return { state, out: d.out };
}
