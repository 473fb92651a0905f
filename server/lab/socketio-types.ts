/**
 * The lab's Socket.IO servers and namespaces, typed with the event maps of
 * lib/lab/socketio-events.ts. `io.of(name)` returns a namespace typed like the server's main one,
 * so the other namespaces come through `labNamespace` / `csrNamespace`, which give each its own
 * maps (and its own `socket.data`).
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type {
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  CsrIoNamespace,
  CsrIoNamespaces,
  LabSocketIoNamespace,
  LabSocketIoNamespaces,
} from '../../lib/lab/socketio-events';
import type { TokenRecord } from './auth-tokens';

/** No events between Socket.IO servers (one process, no adapter). */
export type NoInterServerEvents = Record<never, never>;

/** `socket.data` on `/secure`: the token the socket connected with, and its expiry timer. */
export interface SecureSocketData {
  record?: TokenRecord;
  expiry?: NodeJS.Timeout;
}

type LabSocketData<N extends LabSocketIoNamespace> = N extends '/secure'
  ? SecureSocketData
  : Record<never, never>;

/** A namespace of the main server (`LAB_PATHS.socketio`). */
export type LabNamespace<N extends LabSocketIoNamespace> = Namespace<
  LabSocketIoNamespaces[N]['clientToServer'],
  LabSocketIoNamespaces[N]['serverToClient'],
  NoInterServerEvents,
  LabSocketData<N>
>;

/** A socket on a namespace of the main server. */
export type LabServerSocket<N extends LabSocketIoNamespace> = Socket<
  LabSocketIoNamespaces[N]['clientToServer'],
  LabSocketIoNamespaces[N]['serverToClient'],
  NoInterServerEvents,
  LabSocketData<N>
>;

/** Any chat namespace (`/`, `/admin`, `/secure`) as chat and rooms see it. */
export type ChatNamespace<D> = Namespace<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  NoInterServerEvents,
  D
>;

/** A socket on a chat namespace. */
export type ChatSocket<D> = Socket<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  NoInterServerEvents,
  D
>;

/** The main server; `io.emit`, `io.on` etc. act on its `/` namespace. */
export type LabIoServer = Server<
  LabSocketIoNamespaces['/']['clientToServer'],
  LabSocketIoNamespaces['/']['serverToClient'],
  NoInterServerEvents,
  LabSocketData<'/'>
>;

/** A namespace of the recovery server (`LAB_PATHS.csrio`). */
export type CsrNamespace<N extends CsrIoNamespace> = Namespace<
  CsrIoNamespaces[N]['clientToServer'],
  CsrIoNamespaces[N]['serverToClient'],
  NoInterServerEvents,
  Record<never, never>
>;

/** The recovery server; its own methods act on its `/` namespace. */
export type CsrIoServer = Server<
  CsrIoNamespaces['/']['clientToServer'],
  CsrIoNamespaces['/']['serverToClient'],
  NoInterServerEvents,
  Record<never, never>
>;

/** `io.of(name)` with the namespace's own event maps. */
export function labNamespace<N extends LabSocketIoNamespace>(
  io: LabIoServer,
  name: N,
): LabNamespace<N> {
  return io.of(name) as unknown as LabNamespace<N>;
}

/** `io.of(name)` on the recovery server, with the namespace's own event maps. */
export function csrNamespace<N extends CsrIoNamespace>(io: CsrIoServer, name: N): CsrNamespace<N> {
  return io.of(name) as unknown as CsrNamespace<N>;
}
