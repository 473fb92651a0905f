/**
 * The lab node's Socket.IO events, typed once for both sides, the Socket.IO v4 way: per namespace a
 * `…ClientToServerEvents` map (what a client may emit, with the ack's reply) and a
 * `…ServerToClientEvents` map (what the server emits). The server types its namespaces with them
 * (`server/lab/socketio-types.ts`), the page's clients their sockets
 * (`components/lab-clients/lab-sockets.ts`), so a renamed event or a changed payload fails
 * `npm run typecheck` on both sides.
 *
 * Two Socket.IO servers live on a lab node: the main one on `LAB_PATHS.socketio` (namespaces `/`,
 * `/admin`, `/secure`, see `LabSocketIoNamespaces`) and the connection-state-recovery one on
 * `LAB_PATHS.csrio` (`/` and `/once`, see `CsrIoNamespaces`). Their `/` namespaces differ.
 *
 * The server reads every client argument as untrusted: its listeners take `unknown` and check it
 * (and check that an ack is a function). These maps say what a well-behaved client sends.
 *
 * Isomorphic and type-only (socket.io-client is imported for its types). Namespace keys are `LAB_NAMESPACES` values (socketio-events.test.ts).
 */
import type { Socket as ClientSocket } from 'socket.io-client';
import type { StreamMessage } from './endpoints';

/** An acknowledgement callback receiving `T`. */
export type Ack<T> = (reply: T) => void;

/** What an event's ack receives (the map's last parameter, optional or not). */
export type AckReply<F> = F extends (...args: infer P) => void
  ? Required<P> extends [...unknown[], infer L]
    ? NonNullable<L> extends (reply: infer R) => void
      ? R
      : never
    : never
  : never;

// ---- Payloads ----

/** Every refused action's ack (bad input, a revoked or expired token). */
export interface SioRefusal {
  ok: false;
  error: string;
}

/** `welcome` on `/` and `/admin`, on connect. */
export interface Welcome {
  sid: string;
}

/** `welcome` on `/secure`: who the token belongs to and when it expires (Date.now() ms). */
export interface SecureWelcome extends Welcome {
  user: string;
  exp: number;
}

/** The ack of `chat`: the payload echoed back. */
export interface ChatAck {
  ok: true;
  echo: unknown;
  at: number;
}

/** The ack of `join` and `leave`: the socket's rooms after it (its own id-room left out). */
export type RoomAck = { ok: true; room: string; rooms: string[] } | SioRefusal;

/** What a client emits as `room-chat`. */
export interface RoomChatRequest {
  room: string;
  msg: unknown;
}

/** The ack of `room-chat`: how many members the room had (the sender included, if a member). */
export type RoomChatAck = { ok: true; room: string; delivered: number } | SioRefusal;

/** `room-chat` as the room's members receive it. */
export interface RoomChat {
  room: string;
  /** The sender's socket id. */
  from: string;
  msg: unknown;
}

/** `auth-expired` on `/secure`, just before the server disconnects the socket. */
export interface AuthExpired {
  exp: number;
}

/** `revoked` on `/secure`: the user's tokens were revoked (POST /auth/revoke). */
export interface Revoked {
  user: string;
}

/** `hello` on `/csr.io/` `/`, on every (re)connect: whether the server replayed missed packets. */
export interface CsrHello {
  recovered: boolean;
}

/** The ack of `csr-window`. */
export type CsrWindowAck = { ok: true; window: number } | SioRefusal;

/** `msg` on `/once`. */
export interface OnceMsg {
  id: number;
}

/** The ack of `msg` on `/once`: `dup` when this client had sent that id before. */
export type OnceAck = { ok: true; dup: boolean } | SioRefusal;

/** The ack of `once-stats`: this client's counts (per `auth.cid`). */
export interface OnceStats {
  received: number;
  unique: number;
  duplicates: number;
}

// ---- The main server (`LAB_PATHS.socketio`) ----

/** What a client may emit on `/`, `/admin` and `/secure` (chat and rooms). */
export interface ChatClientToServerEvents {
  /** Echoed back to the sender as `chat` (binary payloads as binary attachments). */
  chat: (payload: unknown, ack?: Ack<ChatAck>) => void;
  join: (room: string, ack?: Ack<RoomAck>) => void;
  leave: (room: string, ack?: Ack<RoomAck>) => void;
  /** Emitted as `room-chat` to the room's members only. */
  'room-chat': (message: RoomChatRequest, ack?: Ack<RoomChatAck>) => void;
}

/** What the server emits on every chat namespace. */
export interface ChatServerToClientEvents {
  chat: (payload: unknown) => void;
  'room-chat': (message: RoomChat) => void;
}

export interface RootServerToClientEvents extends ChatServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  /** Every message of the session's stream. */
  feed: (message: StreamMessage) => void;
}

export interface AdminServerToClientEvents extends ChatServerToClientEvents {
  welcome: (welcome: Welcome) => void;
}

export interface SecureServerToClientEvents extends ChatServerToClientEvents {
  welcome: (welcome: SecureWelcome) => void;
  'auth-expired': (expired: AuthExpired) => void;
  revoked: (revoked: Revoked) => void;
}

/** The `auth` a client sends on `/admin` (`ADMIN_TOKEN`) and `/secure` (a token from /auth/token). */
export interface TokenAuth {
  token: string;
}

/** The main server's namespaces and their event maps. */
export interface LabSocketIoNamespaces {
  '/': {
    clientToServer: ChatClientToServerEvents;
    serverToClient: RootServerToClientEvents;
  };
  '/admin': {
    clientToServer: ChatClientToServerEvents;
    serverToClient: AdminServerToClientEvents;
  };
  '/secure': {
    clientToServer: ChatClientToServerEvents;
    serverToClient: SecureServerToClientEvents;
  };
}

// ---- The connection-state-recovery server (`LAB_PATHS.csrio`) ----

export interface CsrClientToServerEvents {
  /** Sets maxDisconnectionDuration (integer ms, 0 … 120000) for recoveries checked from now on. */
  'csr-window': (ms: number, ack: Ack<CsrWindowAck>) => void;
}

export interface CsrServerToClientEvents {
  hello: (hello: CsrHello) => void;
  /** Every message of the session's stream (replayed on recovery). */
  feed: (message: StreamMessage) => void;
}

export interface OnceClientToServerEvents {
  msg: (message: OnceMsg, ack: Ack<OnceAck>) => void;
  'once-stats': (ack: Ack<OnceStats>) => void;
}

/** `/once` emits nothing of its own. */
export type OnceServerToClientEvents = Record<never, never>;

/** The `auth` a client sends on `/once`: its id for deduplication (`[A-Za-z0-9_-]{1,40}`). */
export interface OnceAuth {
  cid: string;
}

/** The recovery server's namespaces and their event maps. */
export interface CsrIoNamespaces {
  '/': {
    clientToServer: CsrClientToServerEvents;
    serverToClient: CsrServerToClientEvents;
  };
  '/once': {
    clientToServer: OnceClientToServerEvents;
    serverToClient: OnceServerToClientEvents;
  };
}

export type LabSocketIoNamespace = keyof LabSocketIoNamespaces;
export type CsrIoNamespace = keyof CsrIoNamespaces;

// ---- Client sockets (socket.io-client's `Socket<ListenEvents, EmitEvents>`) ----

/** A socket.io-client socket on a namespace of the main server. */
export type LabClientSocket<N extends LabSocketIoNamespace = '/'> = ClientSocket<
  LabSocketIoNamespaces[N]['serverToClient'],
  LabSocketIoNamespaces[N]['clientToServer']
>;

/** A socket.io-client socket on a namespace of the recovery server. */
export type CsrClientSocket<N extends CsrIoNamespace = '/'> = ClientSocket<
  CsrIoNamespaces[N]['serverToClient'],
  CsrIoNamespaces[N]['clientToServer']
>;
