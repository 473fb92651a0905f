/**
 * fanOutOf (room-fanout.ts) as an incremental fold (lib/live/fold-store), each event once: both
 * hops' Socket.IO mapping (`sioMapStep`), each connection's rooms from its joins and leaves, the
 * broadcasts in an AppendList and their deliveries beside them. `fanOutViewOf(state)` equals
 * `fanOutOf(events)` over the events folded. Pure: nothing here is changed once made.
 */
import { type AppendList, append, emptyList, itemsOf } from '@/lib/live/append-list';
import type { Reducer } from '@/lib/live/fold-store';
import type { SocketIoEvent } from '@/lib/machines/socketio-connection';
import { type SioMapState, sioMapInit, sioMapStep } from '@/lib/machines/socketio-map-step';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import type { Broadcast, Delivery, FanOutView } from './room-fanout';

interface Track {
  readonly sid?: string;
  readonly nsp: string;
  /** In the order they were joined (a Set's order in fanOutOf). */
  readonly rooms: readonly string[];
  readonly pending: ReadonlyMap<number, { room: string; leave: boolean }>;
  readonly connected: boolean;
}

type BroadcastHead = Omit<Broadcast, 'deliveries'>;

export interface FanOutFold {
  readonly maps: Readonly<Record<Hop, SioMapState>>;
  /** Per `${hop} ${namespace key}`, in order of its first event. */
  readonly tracks: ReadonlyMap<string, Track>;
  readonly broadcasts: AppendList<BroadcastHead>;
  /** The index of the latest broadcast of each msg. */
  readonly byMsg: ReadonlyMap<string, number>;
  /**
   * Per broadcast index, the deliveries seen so far by Socket.IO id, in chunks of CHUNK broadcasts
   * (chunk i >> 5 → index → deliveries): a delivery copies one chunk and the chunk index, not a map
   * of every broadcast.
   */
  readonly deliveries: ReadonlyMap<number, DeliveryChunk>;
}

type DeliveryChunk = ReadonlyMap<number, Readonly<Record<string, Delivery>>>;
const CHUNK_BITS = 5;

function deliveriesAt(
  chunks: ReadonlyMap<number, DeliveryChunk>,
  index: number,
): Readonly<Record<string, Delivery>> | undefined {
  return chunks.get(index >> CHUNK_BITS)?.get(index);
}

function firstArg(args: readonly unknown[]): Record<string, unknown> | string | undefined {
  const a = args[0];
  if (typeof a === 'string') return a;
  return typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : undefined;
}

const withRoom = (rooms: readonly string[], room: string) =>
  rooms.includes(room) ? rooms : [...rooms, room];
const withoutRoom = (rooms: readonly string[], room: string) =>
  rooms.includes(room) ? rooms.filter((r) => r !== room) : rooms;

/** A connection's membership after one of its events (the same track when nothing changed). */
function trackStep(t: Track, ev: SocketIoEvent): Track {
  if (ev.type === 'CONNECTED') {
    if (t.connected && (!ev.sid || ev.sid === t.sid)) return t;
    return { ...t, connected: true, ...(ev.sid ? { sid: ev.sid } : {}) };
  }
  if (ev.type === 'DISCONNECT' || ev.type === 'TRANSPORT_CLOSED') {
    return !t.connected && t.rooms.length === 0 ? t : { ...t, connected: false, rooms: [] };
  }
  if (ev.type === 'EVENT' && ev.dir === 'up' && (ev.name === 'join' || ev.name === 'leave')) {
    const room = firstArg(ev.args);
    if (typeof room !== 'string') return t;
    const leave = ev.name === 'leave';
    if (ev.id === undefined) {
      const rooms = leave ? withoutRoom(t.rooms, room) : withRoom(t.rooms, room);
      return rooms === t.rooms ? t : { ...t, rooms };
    }
    return { ...t, pending: new Map(t.pending).set(ev.id, { room, leave }) };
  }
  if (ev.type === 'ACK' && ev.dir === 'down') {
    const p = t.pending.get(ev.id);
    if (!p) return t;
    const pending = new Map(t.pending);
    pending.delete(ev.id);
    const ok = (firstArg(ev.args) as { ok?: unknown } | undefined)?.ok !== false;
    const rooms = !ok
      ? t.rooms
      : p.leave
        ? withoutRoom(t.rooms, p.room)
        : withRoom(t.rooms, p.room);
    return { ...t, pending, rooms };
  }
  return t;
}

/** Copy-on-write edits of one state. */
class Draft {
  tracks: Map<string, Track> | undefined;
  broadcasts: AppendList<BroadcastHead>;
  byMsg: Map<string, number> | undefined;
  deliveries: Map<number, DeliveryChunk> | undefined;

  constructor(readonly base: FanOutFold) {
    this.broadcasts = base.broadcasts;
  }

  allTracks(): ReadonlyMap<string, Track> {
    return this.tracks ?? this.base.tracks;
  }

  setTrack(key: string, t: Track): void {
    if (this.allTracks().get(key) === t) return;
    this.tracks ??= new Map(this.base.tracks);
    this.tracks.set(key, t);
  }

  broadcast(b: BroadcastHead): void {
    const index = this.broadcasts.size;
    this.broadcasts = append(this.broadcasts, b);
    this.byMsg ??= new Map(this.base.byMsg);
    this.byMsg.set(b.msg, index);
  }

  deliver(msg: string, sid: string, hop: Hop, seq: number): void {
    const index = (this.byMsg ?? this.base.byMsg).get(msg);
    if (index === undefined) return;
    const all = this.deliveries ?? this.base.deliveries;
    const record = deliveriesAt(all, index) ?? {};
    const before = record[sid];
    const d = before ?? {};
    const after: Delivery =
      hop === 'edge-node'
        ? d.server === undefined
          ? { ...d, server: seq }
          : d
        : d.client === undefined
          ? { ...d, client: seq }
          : d;
    if (after === before) return;
    this.deliveries ??= new Map(this.base.deliveries);
    const chunk = new Map(this.deliveries.get(index >> CHUNK_BITS));
    this.deliveries.set(index >> CHUNK_BITS, chunk.set(index, { ...record, [sid]: after }));
  }

  changed(): boolean {
    return (
      this.tracks !== undefined ||
      this.broadcasts !== this.base.broadcasts ||
      this.byMsg !== undefined ||
      this.deliveries !== undefined
    );
  }
}

function roomChat(d: Draft, e: WireEvent, track: Track, ev: SocketIoEvent): void {
  if (ev.type !== 'EVENT' || ev.name !== 'room-chat') return;
  const arg = firstArg(ev.args);
  if (typeof arg !== 'object') return;
  const msg = typeof arg.msg === 'string' ? arg.msg : JSON.stringify(arg.msg);
  const room = typeof arg.room === 'string' ? arg.room : '?';
  if (ev.dir === 'up' && e.hop === 'browser-edge' && track.sid) {
    const members: string[] = [];
    for (const [k, t] of d.allTracks()) {
      if (k.startsWith('browser-edge') && t.sid && t.rooms.includes(room)) members.push(t.sid);
    }
    d.broadcast({ seq: e.seq, room, msg, from: track.sid, members });
  } else if (ev.dir === 'down' && track.sid) {
    d.deliver(msg, track.sid, e.hop, e.seq);
  }
}

/** fanOutOf(events, nsp) as a fold. */
export function fanOutFoldFor(nsp: string): Reducer<FanOutFold, WireEvent> {
  return {
    init: () => ({
      maps: { 'browser-edge': sioMapInit('browser-edge'), 'edge-node': sioMapInit('edge-node') },
      tracks: new Map(),
      broadcasts: emptyList(),
      byMsg: new Map(),
      deliveries: new Map(),
    }),
    step: (s, e) => {
      const { state: map, out } = sioMapStep(s.maps[e.hop], e);
      const maps = map === s.maps[e.hop] ? s.maps : { ...s.maps, [e.hop]: map };
      const d = new Draft(s);
      for (const m of out) {
        if (m.nsp !== nsp) continue;
        const key = `${e.hop} ${m.key}`;
        const before = d.allTracks().get(key) ?? {
          nsp: m.nsp,
          rooms: [],
          pending: new Map(),
          connected: false,
        };
        const track = trackStep(before, m.event);
        d.setTrack(key, track);
        roomChat(d, e, track, m.event);
      }
      if (maps === s.maps && !d.changed()) return s;
      return {
        maps,
        tracks: d.tracks ?? s.tracks,
        broadcasts: d.broadcasts,
        byMsg: d.byMsg ?? s.byMsg,
        deliveries: d.deliveries ?? s.deliveries,
      };
    },
  };
}

/** The rooms lesson's fold: namespace `/`. */
export const roomsFanOutFold = fanOutFoldFor('/');

const views = new WeakMap<FanOutFold, FanOutView>();

/** fanOutOf's view of the events folded (the same object per state). */
export function fanOutViewOf(s: FanOutFold): FanOutView {
  let view = views.get(s);
  if (!view) {
    const sockets: FanOutView['sockets'] = [];
    for (const [key, t] of s.tracks) {
      if (!key.startsWith('browser-edge') || !t.sid) continue;
      sockets.push({ sid: t.sid, nsp: t.nsp, rooms: [...t.rooms], connected: t.connected });
    }
    const broadcasts = itemsOf(s.broadcasts).map((b, i) => ({
      ...b,
      deliveries: { ...deliveriesAt(s.deliveries, i) },
    }));
    view = { sockets, broadcasts };
    views.set(s, view);
  }
  return view;
}
