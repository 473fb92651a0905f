/**
 * Socket.IO with `transports` set per variant: default (polling, then upgrade), websocket only,
 * polling only. Receives the node's `chat` echoes and the session stream's `feed` events.
 */
import { io } from 'socket.io-client';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { Transport } from '@/lib/scenario/schema';
import type { TransportClient, TransportEvents, TransportTarget } from './types';

export type SocketIoVariant = Extract<
  Transport,
  'socketio' | 'socketio-websocket' | 'socketio-polling'
>;

export const SOCKETIO_TRANSPORTS: Record<SocketIoVariant, string[] | undefined> = {
  socketio: undefined,
  'socketio-websocket': ['websocket'],
  'socketio-polling': ['polling'],
};

export function openSocketIo(
  variant: SocketIoVariant,
  target: TransportTarget,
  on: TransportEvents,
): TransportClient {
  const transports = SOCKETIO_TRANSPORTS[variant];
  const socket = io(target.origin, {
    path: `${target.labBase}${LAB_PATHS.socketio}`,
    forceNew: true,
    ...(transports ? { transports } : {}),
  });
  on.status('connecting');
  socket.io.on('open', () => {
    const engine = socket.io.engine;
    on.note(`Engine.IO open over ${engine.transport.name}`);
    engine.on('upgrade', (t: { name: string }) => on.note(`transport upgraded to ${t.name}`));
  });
  socket.io.on('reconnect_attempt', (n: number) => {
    on.status('reconnecting', `attempt ${n}`);
    on.note(`reconnect attempt ${n}`);
  });
  socket.on('connect', () => {
    on.status('open');
    on.note(`connect (socket.id ${socket.id})`);
  });
  socket.on('connect_error', (err: Error) => {
    on.status(socket.active ? 'reconnecting' : 'error', err.message);
    on.note(`connect_error ${err.message}`);
  });
  socket.on('disconnect', (reason: string) => {
    on.status(socket.active ? 'reconnecting' : 'closed', reason);
    on.note(`disconnect (${reason})`);
  });
  socket.on('chat', (data: unknown) => on.message(JSON.stringify(data)));
  socket.on('feed', (data: unknown) => on.message(JSON.stringify(data)));
  return {
    transport: variant,
    sendsVia: "socket.emit('chat', {msg}); the node emits it back",
    send: (text) => {
      socket.emit('chat', { msg: text });
    },
    close: () => {
      socket.disconnect();
    },
  };
}
