/**
 * Who a room broadcast reached, read from the wire. Rooms never cross the wire, so membership is
 * what each connection asked for: its `join` / `leave` events (applied when sent without an ack, or
 * when the server's ack says ok). A broadcast is a `room-chat` {room, msg} sent up; a delivery is a
 * `room-chat` with the same msg coming down on a connection, seen on the edge → node hop (the server
 * sent it) and on the browser ↔ edge hop (it reached the client). Sockets are matched across hops
 * by their Socket.IO id. Pure, over a whole log: the reference for the incremental
 * `roomsFanOutFold` (fanout-fold.ts) the panel reads.
 */

import { SocketIoMapper } from '@/lib/machines/socketio-mapper';
import type { Hop, WireEvent } from '@/lib/mirror/types';

export interface SocketRow {
  /** Socket.IO id (the CONNECT answer's sid). */
  sid: string;
  nsp: string;
  rooms: string[];
  connected: boolean;
}

export interface Delivery {
  /** Seq of the frame / body on each hop; absent = not seen there. */
  server?: number;
  client?: number;
}

export interface Broadcast {
  seq: number;
  room: string;
  msg: string;
  from: string;
  /** Members at the time of the broadcast, from the joins/leaves on the wire. */
  members: string[];
  deliveries: Record<string, Delivery>;
}

export interface FanOutView {
  sockets: SocketRow[];
  broadcasts: Broadcast[];
}

interface Track {
  sid?: string;
  nsp: string;
  rooms: Set<string>;
  pending: Map<number, { room: string; leave: boolean }>;
  connected: boolean;
}

function firstArg(args: readonly unknown[]): Record<string, unknown> | string | undefined {
  const a = args[0];
  if (typeof a === 'string') return a;
  return typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : undefined;
}

export function fanOutOf(events: readonly WireEvent[], nsp = '/'): FanOutView {
  const tracks = new Map<string, Track>();
  const broadcasts: Broadcast[] = [];
  const byMsg = new Map<string, Broadcast>();
  const mappers: Record<Hop, SocketIoMapper> = {
    'browser-edge': new SocketIoMapper('browser-edge'),
    'edge-node': new SocketIoMapper('edge-node'),
  };
  for (const e of events) {
    for (const m of mappers[e.hop].push(e)) {
      if (m.nsp !== nsp) continue;
      const key = `${e.hop} ${m.key}`;
      const track: Track = tracks.get(key) ?? {
        nsp: m.nsp,
        rooms: new Set<string>(),
        pending: new Map(),
        connected: false,
      };
      tracks.set(key, track);
      const ev = m.event;
      if (ev.type === 'CONNECTED') {
        if (ev.sid) track.sid = ev.sid;
        track.connected = true;
      } else if (ev.type === 'DISCONNECT' || ev.type === 'TRANSPORT_CLOSED') {
        track.connected = false;
        track.rooms.clear();
      } else if (
        ev.type === 'EVENT' &&
        ev.dir === 'up' &&
        (ev.name === 'join' || ev.name === 'leave')
      ) {
        const room = firstArg(ev.args);
        if (typeof room !== 'string') continue;
        const leave = ev.name === 'leave';
        if (ev.id === undefined) {
          if (leave) track.rooms.delete(room);
          else track.rooms.add(room);
        } else track.pending.set(ev.id, { room, leave });
      } else if (ev.type === 'ACK' && ev.dir === 'down') {
        const p = track.pending.get(ev.id);
        if (!p) continue;
        track.pending.delete(ev.id);
        const ok = (firstArg(ev.args) as { ok?: unknown } | undefined)?.ok !== false;
        if (ok && p.leave) track.rooms.delete(p.room);
        else if (ok) track.rooms.add(p.room);
      } else if (ev.type === 'EVENT' && ev.name === 'room-chat') {
        const arg = firstArg(ev.args);
        if (typeof arg !== 'object') continue;
        const msg = typeof arg.msg === 'string' ? arg.msg : JSON.stringify(arg.msg);
        const room = typeof arg.room === 'string' ? arg.room : '?';
        if (ev.dir === 'up' && e.hop === 'browser-edge' && track.sid) {
          const members = [...tracks.entries()]
            .filter(([k, t]) => k.startsWith('browser-edge') && t.sid && t.rooms.has(room))
            .map(([, t]) => t.sid as string);
          const b: Broadcast = { seq: e.seq, room, msg, from: track.sid, members, deliveries: {} };
          broadcasts.push(b);
          byMsg.set(msg, b);
        } else if (ev.dir === 'down' && track.sid) {
          const b = byMsg.get(msg);
          if (!b) continue;
          const d = b.deliveries[track.sid] ?? {};
          if (e.hop === 'edge-node') d.server ??= e.seq;
          else d.client ??= e.seq;
          b.deliveries[track.sid] = d;
        }
      }
    }
  }
  const sockets: SocketRow[] = [];
  for (const [key, t] of tracks) {
    if (!key.startsWith('browser-edge') || !t.sid) continue;
    sockets.push({ sid: t.sid, nsp: t.nsp, rooms: [...t.rooms], connected: t.connected });
  }
  return { sockets, broadcasts };
}
