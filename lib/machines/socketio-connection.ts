/**
 * One Socket.IO namespace on one Engine.IO session (socket.io-protocol v5): the socket a client gets
 * from `io('/admin')`. Several namespaces share the session; `SocketIoMapper`
 * (socketio-mapper.ts) routes each packet by its `nsp`.
 *
 *   idle ─CONNECT_SENT─▶ connecting          40 / 40/admin,{auth}   (the auth payload is noted)
 *   connecting ─CONNECTED─▶ connected        40{"sid":…}            (the server's answer)
 *   connecting ─CONNECT_ERROR─▶ refused      44{"message":…}        (middleware said no)
 *   connected ─DISCONNECT─▶ disconnected     41 from the client or the server (who: disconnectedBy)
 *   connecting / connected ─TRANSPORT_CLOSED─▶ disconnected   the Engine.IO session ended
 *   refused / disconnected ─CONNECT_SENT─▶ connecting          a new attempt on the same session
 *
 * While connected: events both ways (EVENT 2, BINARY_EVENT 5 with attachments), acks (ACK 3,
 * BINARY_ACK 6). An EVENT with an id waits for the ACK with that id from the other side; an ACK
 * for an id nobody waits for is flagged in `unknownAcks`. Rooms are best effort: rooms never cross
 * the wire, so `rooms` follows the client's `join`/`leave` events and the server's acks to them
 * (`{ok: false}` in the ack undoes it). No timers: every transition is an observed packet.
 */
import { assign, setup } from 'xstate';
import type { Dir } from '@/lib/mirror/types';

export type SocketIoEvent =
  | { type: 'CONNECT_SENT'; t: number; seq: number; auth?: unknown }
  | { type: 'CONNECTED'; t: number; seq: number; sid?: string }
  | { type: 'CONNECT_ERROR'; t: number; seq: number; message: string; data?: unknown }
  | {
      type: 'EVENT';
      t: number;
      seq: number;
      dir: Dir;
      name: string;
      args: unknown[];
      id?: number;
      /** BINARY_EVENT: the number of attachments that follow as binary messages. */
      attachments?: number;
    }
  | {
      type: 'ACK';
      t: number;
      seq: number;
      dir: Dir;
      id: number;
      args: unknown[];
      attachments?: number;
    }
  | { type: 'ATTACHMENT'; t: number; seq: number; dir: Dir; bytes: number }
  | { type: 'DISCONNECT'; t: number; seq: number; by: 'client' | 'server' }
  | { type: 'TRANSPORT_CLOSED'; t: number; seq: number; reason: string };

export interface PendingAck {
  /** Direction of the EVENT that asked for the ack ('up' = the client emitted it). */
  dir: Dir;
  id: number;
  name: string;
  seq: number;
  t: number;
}

export interface SocketIoContext {
  nsp?: string;
  sid?: string;
  /** The CONNECT packet's auth payload (absent when none was sent). */
  auth?: unknown;
  connectAttempts: number;
  /** CONNECT_ERROR message. */
  error?: string;
  eventsSent: number;
  eventsReceived: number;
  acksSent: number;
  acksReceived: number;
  binaryEvents: number;
  /** Attachments announced by BINARY_* packets and attachments seen. */
  attachmentsExpected: number;
  attachmentsSeen: number;
  attachmentBytes: number;
  pendingAcks: PendingAck[];
  unknownAcks: { dir: Dir; id: number; seq: number }[];
  /** EVENT → ACK delays in ms, most recent last (at most 50). */
  ackRtts: number[];
  rooms: string[];
  /** join/leave events waiting for their ack: id → room. */
  pendingRooms: { id: number; room: string; leave: boolean }[];
  /** The last event the server emitted on this namespace. */
  lastServerEvent?: string;
  /** The server emitted `auth-expired` / `revoked` (lesson auth-sessions). */
  authExpired: boolean;
  revoked: boolean;
  disconnectedBy?: 'client' | 'server' | 'transport';
  disconnectReason?: string;
}

export const initialSocketIoContext: SocketIoContext = {
  connectAttempts: 0,
  eventsSent: 0,
  eventsReceived: 0,
  acksSent: 0,
  acksReceived: 0,
  binaryEvents: 0,
  attachmentsExpected: 0,
  attachmentsSeen: 0,
  attachmentBytes: 0,
  pendingAcks: [],
  unknownAcks: [],
  ackRtts: [],
  rooms: [],
  pendingRooms: [],
  authExpired: false,
  revoked: false,
};

const MAX_RTTS = 50;
const MAX_LIST = 100;

function roomOf(args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && 'room' in first) {
    const room = (first as { room: unknown }).room;
    return typeof room === 'string' ? room : undefined;
  }
  return undefined;
}

function applyRoom(rooms: string[], room: string, leave: boolean): string[] {
  if (leave) return rooms.filter((r) => r !== room);
  return rooms.includes(room) ? rooms : [...rooms, room];
}

function ackRefused(args: readonly unknown[]): boolean {
  const first = args[0];
  return typeof first === 'object' && first !== null && (first as { ok?: unknown }).ok === false;
}

export const socketIoConnectionMachine = setup({
  types: {
    context: {} as SocketIoContext,
    events: {} as SocketIoEvent,
  },
  actions: {
    recordConnect: assign(({ context, event }) =>
      event.type === 'CONNECT_SENT'
        ? {
            connectAttempts: context.connectAttempts + 1,
            auth: event.auth,
            error: undefined,
            disconnectedBy: undefined,
            disconnectReason: undefined,
          }
        : {},
    ),
    recordConnected: assign(({ event }) =>
      event.type === 'CONNECTED' ? { sid: event.sid, authExpired: false, revoked: false } : {},
    ),
    recordRefusal: assign(({ event }) =>
      event.type === 'CONNECT_ERROR' ? { error: event.message } : {},
    ),
    recordEvent: assign(({ context, event }) => {
      if (event.type !== 'EVENT') return {};
      const up = event.dir === 'up';
      const patch: Partial<SocketIoContext> = up
        ? { eventsSent: context.eventsSent + 1 }
        : { eventsReceived: context.eventsReceived + 1, lastServerEvent: event.name };
      if (event.attachments !== undefined) {
        patch.binaryEvents = context.binaryEvents + 1;
        patch.attachmentsExpected = context.attachmentsExpected + event.attachments;
      }
      if (!up && event.name === 'auth-expired') patch.authExpired = true;
      if (!up && event.name === 'revoked') patch.revoked = true;
      if (event.id !== undefined) {
        const pending: PendingAck = {
          dir: event.dir,
          id: event.id,
          name: event.name,
          seq: event.seq,
          t: event.t,
        };
        patch.pendingAcks = [...context.pendingAcks, pending].slice(-MAX_LIST);
      }
      const room = up && (event.name === 'join' || event.name === 'leave') && roomOf(event.args);
      if (room) {
        const leave = event.name === 'leave';
        if (event.id === undefined) patch.rooms = applyRoom(context.rooms, room, leave);
        else patch.pendingRooms = [...context.pendingRooms, { id: event.id, room, leave }];
      }
      return patch;
    }),
    recordAck: assign(({ context, event }) => {
      if (event.type !== 'ACK') return {};
      const up = event.dir === 'up';
      // An ACK going down answers an EVENT that went up, and vice versa.
      const askedDir: Dir = up ? 'down' : 'up';
      const index = context.pendingAcks.findIndex((p) => p.dir === askedDir && p.id === event.id);
      const patch: Partial<SocketIoContext> = up
        ? { acksSent: context.acksSent + 1 }
        : { acksReceived: context.acksReceived + 1 };
      if (event.attachments !== undefined) {
        patch.attachmentsExpected = context.attachmentsExpected + event.attachments;
      }
      if (index < 0) {
        patch.unknownAcks = [
          ...context.unknownAcks,
          { dir: event.dir, id: event.id, seq: event.seq },
        ].slice(-MAX_LIST);
        return patch;
      }
      const asked = context.pendingAcks[index] as PendingAck;
      patch.pendingAcks = context.pendingAcks.filter((_, i) => i !== index);
      patch.ackRtts = [...context.ackRtts, event.t - asked.t].slice(-MAX_RTTS);
      const room = up ? undefined : context.pendingRooms.find((r) => r.id === event.id);
      if (room !== undefined) {
        patch.pendingRooms = context.pendingRooms.filter((r) => r !== room);
        if (!ackRefused(event.args)) patch.rooms = applyRoom(context.rooms, room.room, room.leave);
      }
      return patch;
    }),
    countAttachment: assign(({ context, event }) =>
      event.type === 'ATTACHMENT'
        ? {
            attachmentsSeen: context.attachmentsSeen + 1,
            attachmentBytes: context.attachmentBytes + event.bytes,
          }
        : {},
    ),
    recordDisconnect: assign(({ context, event }) => {
      if (event.type !== 'DISCONNECT' && event.type !== 'TRANSPORT_CLOSED') return {};
      const by = event.type === 'DISCONNECT' ? event.by : 'transport';
      const after =
        by === 'server' && context.lastServerEvent !== undefined
          ? ` after "${context.lastServerEvent}"`
          : '';
      const reason =
        event.type === 'DISCONNECT'
          ? `DISCONNECT (41) from the ${event.by}${after}`
          : `transport closed: ${event.reason}`;
      return {
        disconnectedBy: by,
        disconnectReason: reason,
        // The server forgets a disconnected socket's rooms; outstanding acks will never come.
        rooms: [],
        pendingRooms: [],
      };
    }),
  },
}).createMachine({
  id: 'sio',
  context: initialSocketIoContext,
  initial: 'idle',
  states: {
    idle: {
      description: 'No CONNECT for this namespace yet.',
      on: { CONNECT_SENT: { target: 'connecting', actions: 'recordConnect' } },
    },
    connecting: {
      description: 'CONNECT (0) sent, with the auth payload if any; waiting for the answer.',
      tags: ['connecting'],
      on: {
        CONNECTED: { target: 'connected', actions: 'recordConnected' },
        CONNECT_ERROR: { target: 'refused', actions: 'recordRefusal' },
        TRANSPORT_CLOSED: { target: 'disconnected', actions: 'recordDisconnect' },
      },
    },
    connected: {
      description: 'CONNECT answered with a sid: events and acks flow both ways.',
      tags: ['open'],
      on: {
        EVENT: { actions: 'recordEvent' },
        ACK: { actions: 'recordAck' },
        ATTACHMENT: { actions: 'countAttachment' },
        DISCONNECT: { target: 'disconnected', actions: 'recordDisconnect' },
        TRANSPORT_CLOSED: { target: 'disconnected', actions: 'recordDisconnect' },
      },
    },
    refused: {
      description: 'CONNECT_ERROR (4): the namespace’s middleware refused the client.',
      tags: ['failed'],
      on: { CONNECT_SENT: { target: 'connecting', actions: 'recordConnect' } },
    },
    disconnected: {
      description: 'DISCONNECT (1) from either side, or the Engine.IO session closed.',
      tags: ['closed'],
      on: { CONNECT_SENT: { target: 'connecting', actions: 'recordConnect' } },
    },
  },
});

export type SocketIoConnectionMachine = typeof socketIoConnectionMachine;
