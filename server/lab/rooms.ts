/**
 * Rooms on a Socket.IO namespace (lesson 8, and lesson 13 on /secure):
 *   `join` (room, ack?)            → joins; ack {ok:true, room, rooms:[…]}
 *   `leave` (room, ack?)           → leaves; ack {ok:true, room, rooms:[…]}
 *   `room-chat` ({room, msg}, ack?) → emits `room-chat` {room, from, msg} to the room's members only
 *                                    (the sender too, if it is a member); ack {ok:true, room,
 *                                    delivered:<members>}
 * Bad input → ack {ok:false, error} (nothing is joined or sent). Socket.IO itself never sends room
 * names to clients (a room is server-side bookkeeping); the `room` in the `room-chat` payload is app
 * data this app chose to add. Membership lasts until the socket leaves or disconnects (see the
 * revoke fix in secure-namespace.ts).
 * `allowed(socket)` (optional) returns an error message when the socket may no longer act.
 */
import type { Socket } from 'socket.io';
import type { RoomAck, RoomChatAck } from '../../lib/lab/socketio-events';
import type { ChatNamespace, ChatSocket } from './socketio-types';

export const MAX_ROOMS_PER_SOCKET = 20;
export const MAX_ROOM_NAME = 100;

type Ack<T> = (reply: T) => void;

export function roomsOf(socket: Pick<Socket, 'id' | 'rooms'>): string[] {
  return [...socket.rooms].filter((room) => room !== socket.id);
}

export function checkRoom(room: unknown): string | null {
  if (typeof room !== 'string' || room.length === 0 || room.length > MAX_ROOM_NAME) {
    return `room must be a string of 1-${MAX_ROOM_NAME} characters`;
  }
  return null;
}

export function wireRooms<D>(
  nsp: ChatNamespace<D>,
  socket: ChatSocket<D>,
  allowed?: (socket: ChatSocket<D>) => string | null,
): void {
  const refuse = (ack: Ack<RoomAck> | Ack<RoomChatAck> | undefined, error: string) =>
    ack?.({ ok: false, error });
  // Untrusted: a client that sends more arguments than the event takes puts a non-function here.
  const asAck = <T>(ack: Ack<T> | undefined): Ack<T> | undefined =>
    typeof ack === 'function' ? ack : undefined;

  socket.on('join', (room: unknown, rawAck) => {
    const ack = asAck(rawAck);
    const problem = allowed?.(socket) ?? checkRoom(room);
    if (problem !== null) return refuse(ack, problem);
    const name = room as string;
    if (!socket.rooms.has(name) && roomsOf(socket).length >= MAX_ROOMS_PER_SOCKET) {
      return refuse(ack, `a socket may be in at most ${MAX_ROOMS_PER_SOCKET} rooms`);
    }
    void socket.join(name);
    ack?.({ ok: true, room: name, rooms: roomsOf(socket) });
  });

  socket.on('leave', (room: unknown, rawAck) => {
    const ack = asAck(rawAck);
    const problem = checkRoom(room);
    if (problem !== null) return refuse(ack, problem);
    void socket.leave(room as string);
    ack?.({ ok: true, room: room as string, rooms: roomsOf(socket) });
  });

  socket.on('room-chat', (message: unknown, rawAck) => {
    const ack = asAck(rawAck);
    const { room, msg } = (typeof message === 'object' && message !== null ? message : {}) as {
      room?: unknown;
      msg?: unknown;
    };
    const problem = allowed?.(socket) ?? checkRoom(room);
    if (problem !== null) return refuse(ack, problem);
    const name = room as string;
    const delivered = nsp.adapter.rooms.get(name)?.size ?? 0;
    nsp.to(name).emit('room-chat', { room: name, from: socket.id, msg });
    ack?.({ ok: true, room: name, delivered });
  });
}
