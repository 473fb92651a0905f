/**
 * The Socket.IO v4 app on a lab node. Small on purpose; each piece is there for a lesson:
 *
 * - default namespace: on connect emits `welcome` {sid}; `chat` (payload, ack?) acks
 *   {ok:true, echo, at} when the client asked for an ack, and emits `chat` back to the sender
 *   (binary payloads come back as binary attachments); `join` (room, ack?) joins a room;
 *   `room-chat` ({room, msg}) broadcasts `chat` to the room's members (rooms lesson).
 * - `/admin`: middleware requires `auth.token === 'let-me-in'`, otherwise the client gets
 *   CONNECT_ERROR "not authorized" (a namespace as an authorization boundary).
 */
import type { Server as HttpServer } from 'node:http';
import { type Namespace, Server, type Socket } from 'socket.io';

export const ADMIN_TOKEN = 'let-me-in';

export function createSocketIoApp(
  httpServer: HttpServer,
  path: string,
  maxPayload: number,
): Server {
  const io = new Server(httpServer, {
    path,
    serveClient: false,
    maxHttpBufferSize: maxPayload,
    // The lab node also hosts a raw ws endpoint: never let engine.io destroy other upgrades.
    destroyUpgrade: false,
    cors: { origin: true, credentials: true },
  });
  io.engine.on('connection_error', () => {});
  wireChat(io.of('/'));
  const admin = io.of('/admin');
  admin.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === ADMIN_TOKEN) next();
    else next(new Error('not authorized'));
  });
  wireChat(admin);
  return io;
}

function wireChat(nsp: Namespace): void {
  nsp.on('connection', (socket: Socket) => {
    socket.emit('welcome', { sid: socket.id });
    socket.on('chat', (payload: unknown, ack?: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload, at: Date.now() });
      socket.emit('chat', payload);
    });
    socket.on('join', (room: unknown, ack?: unknown) => {
      if (typeof room !== 'string' || room.length === 0 || room.length > 100) return;
      void socket.join(room);
      if (typeof ack === 'function') ack({ ok: true, room });
    });
    socket.on('room-chat', (message: unknown) => {
      const { room, msg } = (message ?? {}) as { room?: unknown; msg?: unknown };
      if (typeof room === 'string') nsp.to(room).emit('chat', msg);
    });
  });
}
