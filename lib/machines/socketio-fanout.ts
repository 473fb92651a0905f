/**
 * Room fan-out, read from the wire (lesson rooms-namespaces): a client emits `room-chat`
 * `{room, msg}` and the server emits `chat` msg to every member of the room. Rooms never cross the
 * wire, so the fan-out is found by matching payloads: each `chat` down belongs to the latest
 * broadcast with the same payload sent before it on the same namespace (any connection).
 * Pure, over the output of `socketIoNamespacesOf`; the names are options for other apps.
 */
import type { TimedEvent } from './fold';
import type { SocketIoEvent } from './socketio-connection';

export interface FanOutOptions {
  /** Event the sender emits (default 'room-chat'). */
  sentName?: string;
  /** Event the members receive (default 'chat'). */
  receivedName?: string;
  /** The broadcast's room and payload from the sent event's args (default `args[0].room/.msg`). */
  read?: (args: readonly unknown[]) => { room?: string; payload: unknown } | undefined;
  /** Only deliveries within this many ms of the send (default 5000). */
  windowMs?: number;
}

export interface FanOut {
  from: string;
  seq: number;
  t: number;
  room?: string;
  payload: unknown;
  /** Namespace keys that received it ('e2/'), with when. */
  deliveredTo: { key: string; seq: number; t: number }[];
}

interface NamespaceStream {
  key: string;
  nsp: string;
  events: TimedEvent<SocketIoEvent>[];
}

function defaultRead(args: readonly unknown[]): { room?: string; payload: unknown } | undefined {
  const first = args[0] as { room?: unknown; msg?: unknown } | undefined;
  if (typeof first !== 'object' || first === null) return undefined;
  return {
    ...(typeof first.room === 'string' ? { room: first.room } : {}),
    payload: first.msg,
  };
}

export function roomFanOuts(
  namespaces: readonly NamespaceStream[],
  options: FanOutOptions = {},
): FanOut[] {
  const sentName = options.sentName ?? 'room-chat';
  const receivedName = options.receivedName ?? 'chat';
  const read = options.read ?? defaultRead;
  const windowMs = options.windowMs ?? 5000;
  const sends: (FanOut & { nsp: string; json: string })[] = [];
  for (const ns of namespaces) {
    for (const { event } of ns.events) {
      if (event.type !== 'EVENT' || event.dir !== 'up' || event.name !== sentName) continue;
      const info = read(event.args);
      if (info === undefined) continue;
      sends.push({
        from: ns.key,
        nsp: ns.nsp,
        seq: event.seq,
        t: event.t,
        ...(info.room !== undefined ? { room: info.room } : {}),
        payload: info.payload,
        json: JSON.stringify(info.payload) ?? '',
        deliveredTo: [],
      });
    }
  }
  sends.sort((a, b) => a.seq - b.seq);
  // Each delivery belongs to the latest matching send before it (a payload sent to two rooms in
  // turn is told apart by order); each send reaches each connection at most once.
  for (const ns of namespaces) {
    for (const { event } of ns.events) {
      if (event.type !== 'EVENT' || event.dir !== 'down' || event.name !== receivedName) continue;
      const json = JSON.stringify(event.args[0]);
      for (let i = sends.length - 1; i >= 0; i--) {
        const send = sends[i] as (typeof sends)[number];
        if (send.seq > event.seq || send.nsp !== ns.nsp || send.json !== json) continue;
        if (event.t - send.t > windowMs) break;
        if (send.deliveredTo.some((d) => d.key === ns.key)) continue;
        send.deliveredTo.push({ key: ns.key, seq: event.seq, t: event.t });
        break;
      }
    }
  }
  for (const send of sends) send.deliveredTo.sort((a, b) => a.seq - b.seq);
  return sends.map(({ nsp: _nsp, json: _json, ...fanOut }) => fanOut);
}
