/**
 * The Socket.IO v4 app on a lab node. Small on purpose; each piece is there for a lesson:
 *
 * - default namespace `/`: on connect emits `welcome` {sid}; `chat` (payload, ack?) acks
 *   {ok:true, echo, at} and emits `chat` back to the sender (binary payloads come back as binary
 *   attachments); rooms (rooms.ts); every message of the session's stream is emitted to every
 *   socket as `feed` {id, data, at} (lesson 7's Socket.IO column).
 * - `/admin`: middleware requires `auth.token === 'let-me-in'`, otherwise the client gets
 *   CONNECT_ERROR "not authorized" (a namespace as an authorization boundary, lesson 8).
 * - `/secure`: expiring, revocable tokens (secure-namespace.ts, lesson 13).
 *
 * Heartbeat: pingInterval / pingTimeout come from the node's config when the server is made;
 * `applyHeartbeat` changes them for connections made afterwards (see lab-node.ts configure()).
 */
import type { Server as HttpServer } from 'node:http';
import { type Namespace, Server, type Socket } from 'socket.io';
import { ADMIN_TOKEN, LAB_NAMESPACES } from '../../lib/lab/endpoints';
import { liveAdd, liveRemove } from '../live-resources';
import type { LabConfig } from './lab-config';
import type { MessageStream } from './message-stream';
import { wireRooms } from './rooms';
import { sameOriginOnly } from './ws-handshake';

export { ADMIN_TOKEN } from '../../lib/lab/endpoints';

export interface SocketIoApp {
  io: Server;
  /** Sets pingInterval / pingTimeout for Engine.IO connections opened from now on. */
  applyHeartbeat(config: LabConfig): void;
  close(): Promise<void>;
}

export function createSocketIoApp(
  httpServer: HttpServer,
  path: string,
  maxPayload: number,
  config: LabConfig,
  stream: MessageStream,
): SocketIoApp {
  const io = new Server(httpServer, {
    path,
    serveClient: false,
    maxHttpBufferSize: maxPayload,
    pingInterval: config.pingInterval,
    pingTimeout: config.pingTimeout,
    // The lab node also hosts raw ws endpoints: never let engine.io destroy other upgrades.
    destroyUpgrade: false,
    // Same-origin pages only: no CORS headers, and a foreign Origin is refused (403).
    allowRequest: sameOriginOnly,
  });
  liveAdd('socketIoServers');
  io.engine.on('connection_error', () => {});
  wireChat(io.of(LAB_NAMESPACES.root), { welcome: true });
  const admin = io.of(LAB_NAMESPACES.admin);
  admin.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === ADMIN_TOKEN) next();
    else next(new Error('not authorized'));
  });
  wireChat(admin, { welcome: true });
  const unsubscribe = stream.subscribe((entry) =>
    io.of(LAB_NAMESPACES.root).emit('feed', entry.message),
  );
  let closing: Promise<void> | null = null;
  return {
    io,
    applyHeartbeat(next: LabConfig) {
      io.engine.opts.pingInterval = next.pingInterval;
      io.engine.opts.pingTimeout = next.pingTimeout;
    },
    close() {
      if (closing === null) {
        unsubscribe();
        closing = new Promise<void>((resolve) => {
          io.close(() => {
            liveRemove('socketIoServers');
            resolve();
          });
        });
      }
      return closing;
    },
  };
}

export function wireChat(
  nsp: Namespace,
  options: { welcome: boolean; allowed?: (socket: Socket) => string | null },
): void {
  nsp.on('connection', (socket: Socket) => {
    if (options.welcome) socket.emit('welcome', { sid: socket.id });
    socket.on('chat', (payload: unknown, ack?: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload, at: Date.now() });
      socket.emit('chat', payload);
    });
    wireRooms(nsp, socket, options.allowed);
  });
}
