/**
 * WireEvents → `socketIoConnectionMachine` events, one stream per (Engine.IO session, namespace):
 * the multiplexing Socket.IO does over one Engine.IO session, undone by routing each packet by its
 * `nsp`. `EngineIoEventMapper` says which session a frame or polling body belongs to; binary
 * attachments go to the namespace of the BINARY_* packet they follow (per session and direction).
 * When the session ends (close packet, transport closed or failed), every namespace that was
 * seen on it gets TRANSPORT_CLOSED.
 */
import { base64ByteLength } from '@/lib/mirror/select-transport';
import type { Dir, EioPacketInfo, Hop, SioPacketInfo, WireEvent } from '@/lib/mirror/types';
import { EngineIoEventMapper } from './engineio-mapper';
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

export class SocketIoMapper {
  private readonly eio: EngineIoEventMapper;
  private readonly byKey = new Map<string, SocketIoNamespaceInfo>();
  /** Per session: namespaces seen on it. */
  private readonly nsps = new Map<string, Set<string>>();
  /** `${session} ${dir}` → namespace of the last BINARY_* packet (its attachments follow). */
  private readonly binaryNsp = new Map<string, string>();

  constructor(readonly hop: Hop = 'browser-edge') {
    this.eio = new EngineIoEventMapper(hop);
  }

  /** Namespaces seen so far, in order of their first packet. */
  get namespaces(): SocketIoNamespaceInfo[] {
    return [...this.byKey.values()];
  }

  /** Engine.IO sessions (names and sids). */
  get sessions() {
    return this.eio.sessions;
  }

  push(e: WireEvent): MappedSocketIoEvent[] {
    if (e.hop !== this.hop) return [];
    const mapped = this.eio.push(e);
    if (mapped.length === 0) return [];
    const out: MappedSocketIoEvent[] = [];
    const emit = (session: string, nsp: string, event: SocketIoEvent): void => {
      const key = `${session}${nsp}`;
      if (!this.byKey.has(key)) this.byKey.set(key, { key, session, nsp });
      const seen = this.nsps.get(session) ?? new Set<string>();
      seen.add(nsp);
      this.nsps.set(session, seen);
      out.push({ session, nsp, key, t: e.t, seq: e.seq, event });
    };
    const packetSession = mapped.find((m) => m.event.type === 'PACKET')?.session;
    if (packetSession !== undefined) {
      for (const packet of packetsOf(e)) this.packet(packetSession, packet, e, emit);
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
      for (const nsp of this.nsps.get(m.session) ?? []) {
        emit(m.session, nsp, { type: 'TRANSPORT_CLOSED', t: e.t, seq: e.seq, reason });
      }
    }
    return out;
  }

  private packet(
    session: string,
    packet: EioPacketInfo,
    e: WireEvent,
    emit: (session: string, nsp: string, event: SocketIoEvent) => void,
  ): void {
    const slot = `${session} ${e.dir}`;
    if (packet.sioAttachment !== undefined) {
      const nsp = this.binaryNsp.get(slot);
      const bytes = packet.binary === undefined ? 0 : base64ByteLength(packet.binary);
      if (nsp !== undefined) {
        emit(session, nsp, { type: 'ATTACHMENT', t: e.t, seq: e.seq, dir: e.dir, bytes });
      }
      return;
    }
    const sio = packet.sio;
    if (packet.type !== 'message' || sio === undefined) return;
    if (sio.type === 'BINARY_EVENT' || sio.type === 'BINARY_ACK') this.binaryNsp.set(slot, sio.nsp);
    const event = toSocketIoEvent(sio, e.dir, e.t, e.seq);
    if (event !== undefined) emit(session, sio.nsp, event);
  }
}

function packetsOf(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
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
