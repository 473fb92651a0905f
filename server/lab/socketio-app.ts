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
import { type Namespace, Server } from 'socket.io';
import { ADMIN_TOKEN, LAB_NAMESPACES } from '../../lib/lab/endpoints';
import type {
  ChatClientToServerEvents,
  RootServerToClientEvents,
} from '../../lib/lab/socketio-events';
import { liveAdd, liveRemove } from '../live-resources';
import type { LabConfig } from './lab-config';
import type { MessageStream } from './message-stream';
import { wireRooms } from './rooms';
import {
  type ChatNamespace,
  type ChatSocket,
  type LabIoServer,
  labNamespace,
} from './socketio-types';
import { sameOriginOnly } from './ws-handshake';

export { ADMIN_TOKEN } from '../../lib/lab/endpoints';

export interface SocketIoApp {
  io: LabIoServer;
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
  const io: LabIoServer = new Server(httpServer, {
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
  const root = labNamespace(io, LAB_NAMESPACES.root);
  welcome(root);
  wireChat(root);
  const admin = labNamespace(io, LAB_NAMESPACES.admin);
  admin.use((socket, next) => {
    // Untrusted: whatever the client put in its handshake's `auth` (TokenAuth when well-behaved).
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === ADMIN_TOKEN) next();
    else next(new Error('not authorized'));
  });
  welcome(admin);
  wireChat(admin);
  const unsubscribe = stream.subscribe((entry) => root.emit('feed', entry.message));
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

/** `welcome` {sid} to every socket that connects to `/` or `/admin`. */
function welcome(
  nsp: Namespace<ChatClientToServerEvents, Pick<RootServerToClientEvents, 'welcome'>>,
): void {
  nsp.on('connection', (socket) => {
    socket.emit('welcome', { sid: socket.id });
  });
}

/**
 * `chat` (payload, ack?) acks {ok:true, echo, at} and emits `chat` back to the sender; rooms
 * (rooms.ts). Registered after any `welcome` listener, so `welcome` stays the first event a socket
 * gets.
 */
export function wireChat<D>(
  nsp: ChatNamespace<D>,
  allowed?: (socket: ChatSocket<D>) => string | null,
): void {
  nsp.on('connection', (socket) => {
    socket.on('chat', (payload: unknown, ack) => {
      if (typeof ack === 'function') ack({ ok: true, echo: payload, at: Date.now() });
      socket.emit('chat', payload);
    });
    wireRooms(nsp, socket, allowed);
  });
}
