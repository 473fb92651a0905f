/**
 * The event maps of lib/lab/socketio-events.ts against the real Socket.IO servers of a lab node:
 * every namespace's server-side listeners are exactly its ClientToServerEvents, and every event a
 * client receives while each one is made to happen is exactly its ServerToClientEvents. The name
 * lists below are checked against the maps by type (`npm run typecheck`), so the maps, the lists
 * and the servers agree three ways.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { LAB_NAMESPACES, LAB_PATHS } from '../../lib/lab/endpoints';
import type {
  AckReply,
  ChatClientToServerEvents,
  CsrClientSocket,
  CsrIoNamespace,
  CsrIoNamespaces,
  LabClientSocket,
  LabSocketIoNamespace,
  LabSocketIoNamespaces,
  OnceStats,
  RoomAck,
} from '../../lib/lab/socketio-events';
import { AuthTokens } from '../../server/lab/auth-tokens';
import { DEFAULT_LAB_CONFIG } from '../../server/lab/lab-config';
import { MessageStream } from '../../server/lab/message-stream';
import { type CsrApp, createCsrApp } from '../../server/lab/reliability-csr';
import { SecureNamespace } from '../../server/lab/secure-namespace';
import { createSocketIoApp, type SocketIoApp } from '../../server/lab/socketio-app';
import { TimerSet } from '../../server/lab/timer-set';

const CHAT = ['chat', 'join', 'leave', 'room-chat'] as const;
const CLIENT_TO_SERVER = {
  socketio: { '/': CHAT, '/admin': CHAT, '/secure': CHAT },
  csrio: { '/': ['csr-window'], '/once': ['msg', 'once-stats'] },
} as const;
const SERVER_TO_CLIENT = {
  socketio: {
    '/': ['chat', 'room-chat', 'welcome', 'feed'],
    '/admin': ['chat', 'room-chat', 'welcome'],
    '/secure': ['chat', 'room-chat', 'welcome', 'auth-expired', 'revoked'],
  },
  csrio: { '/': ['hello', 'feed'], '/once': [] },
} as const;

type Names<T> = T extends readonly (infer N)[] ? N : never;
type Lists = typeof CLIENT_TO_SERVER & typeof SERVER_TO_CLIENT;

describe('the name lists are the maps (type-level)', () => {
  it('lists every namespace of both servers', () => {
    expectTypeOf<keyof Lists['socketio']>().toEqualTypeOf<LabSocketIoNamespace>();
    expectTypeOf<keyof Lists['csrio']>().toEqualTypeOf<CsrIoNamespace>();
    expectTypeOf<LabSocketIoNamespace>().toEqualTypeOf<
      | (typeof LAB_NAMESPACES)['root']
      | (typeof LAB_NAMESPACES)['admin']
      | (typeof LAB_NAMESPACES)['secure']
    >();
    expectTypeOf<CsrIoNamespace>().toEqualTypeOf<
      (typeof LAB_NAMESPACES)['root'] | (typeof LAB_NAMESPACES)['once']
    >();
  });

  it('lists every event of every map', () => {
    type C = typeof CLIENT_TO_SERVER;
    type S = typeof SERVER_TO_CLIENT;
    type Lab = LabSocketIoNamespaces;
    type Csr = CsrIoNamespaces;
    expectTypeOf<Names<C['socketio']['/']>>().toEqualTypeOf<keyof Lab['/']['clientToServer']>();
    expectTypeOf<Names<C['socketio']['/admin']>>().toEqualTypeOf<
      keyof Lab['/admin']['clientToServer']
    >();
    expectTypeOf<Names<C['socketio']['/secure']>>().toEqualTypeOf<
      keyof Lab['/secure']['clientToServer']
    >();
    expectTypeOf<Names<C['csrio']['/']>>().toEqualTypeOf<keyof Csr['/']['clientToServer']>();
    expectTypeOf<Names<C['csrio']['/once']>>().toEqualTypeOf<
      keyof Csr['/once']['clientToServer']
    >();
    expectTypeOf<Names<S['socketio']['/']>>().toEqualTypeOf<keyof Lab['/']['serverToClient']>();
    expectTypeOf<Names<S['socketio']['/admin']>>().toEqualTypeOf<
      keyof Lab['/admin']['serverToClient']
    >();
    expectTypeOf<Names<S['socketio']['/secure']>>().toEqualTypeOf<
      keyof Lab['/secure']['serverToClient']
    >();
    expectTypeOf<Names<S['csrio']['/']>>().toEqualTypeOf<keyof Csr['/']['serverToClient']>();
    expectTypeOf<Names<S['csrio']['/once']>>().toEqualTypeOf<
      keyof Csr['/once']['serverToClient']
    >();
  });

  it('reads ack replies off the maps', () => {
    expectTypeOf<AckReply<ChatClientToServerEvents['join']>>().toEqualTypeOf<RoomAck>();
    expectTypeOf<
      AckReply<CsrIoNamespaces['/once']['clientToServer']['once-stats']>
    >().toEqualTypeOf<OnceStats>();
  });
});

const RESERVED = new Set(['disconnect', 'disconnecting', 'error']);

let http: HttpServer;
let origin: string;
let sio: SocketIoApp;
let csr: CsrApp;
let secure: SecureNamespace;
const stream = new MessageStream();
const timers = new TimerSet();
// The tokens' clock runs a minute behind the server's (see the /secure test).
const tokens = new AuthTokens(() => Date.now() - 60_000);
const clients: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  sio = createSocketIoApp(http, LAB_PATHS.socketio, 1_000_000, DEFAULT_LAB_CONFIG, stream);
  secure = new SecureNamespace(sio.io, tokens, timers);
  csr = createCsrApp(http, LAB_PATHS.csrio, 1_000_000, stream);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  timers.clearAll();
  await Promise.all([sio.close(), csr.close()]);
  if (http.listening) await new Promise((resolve) => http.close(resolve));
});

/** A connected client on a namespace, recording the names of the events it receives. */
async function connect<S extends Socket>(
  path: string,
  nsp: string,
  auth: Record<string, string> = {},
): Promise<{ socket: S; received: Set<string> }> {
  const socket = io(`${origin}${nsp}`, {
    path,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth,
  });
  clients.push(socket);
  const received = new Set<string>();
  socket.onAny((event: string) => received.add(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket: socket as S, received };
}

/** The events the server listens to on this client's socket (its own, not the reserved ones). */
function listening(nsp: LabSocketIoNamespace | CsrIoNamespace, client: Socket, on: 'sio' | 'csr') {
  const server = (on === 'sio' ? sio.io : csr.io).of(nsp).sockets.get(client.id as string);
  return (server?.eventNames() ?? []).filter((e) => !RESERVED.has(String(e))).sort();
}

const sorted = (names: readonly string[]) => [...names].sort();

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the main server (LAB_PATHS.socketio)', () => {
  it('/ listens to its ClientToServerEvents and emits its ServerToClientEvents', async () => {
    const { socket, received } = await connect<LabClientSocket<'/'>>(LAB_PATHS.socketio, '/');
    expect(listening('/', socket, 'sio')).toEqual(sorted(CLIENT_TO_SERVER.socketio['/']));
    await socket.emitWithAck('chat', { msg: 'hi' });
    expect((await socket.emitWithAck('join', 'r')).ok).toBe(true);
    await socket.emitWithAck('room-chat', { room: 'r', msg: 'to r' });
    await socket.emitWithAck('leave', 'r');
    stream.publish('one');
    await until(() => received.size === SERVER_TO_CLIENT.socketio['/'].length);
    expect(sorted([...received])).toEqual(sorted(SERVER_TO_CLIENT.socketio['/']));
  });

  it('/admin likewise (feed is the root namespace’s only)', async () => {
    const { socket, received } = await connect<LabClientSocket<'/admin'>>(
      LAB_PATHS.socketio,
      LAB_NAMESPACES.admin,
      { token: 'let-me-in' },
    );
    expect(listening('/admin', socket, 'sio')).toEqual(sorted(CLIENT_TO_SERVER.socketio['/admin']));
    await socket.emitWithAck('chat', 'hi');
    await socket.emitWithAck('join', 'r');
    await socket.emitWithAck('room-chat', { room: 'r', msg: 'to r' });
    stream.publish('two');
    await until(() => received.size === SERVER_TO_CLIENT.socketio['/admin'].length);
    expect(sorted([...received])).toEqual(sorted(SERVER_TO_CLIENT.socketio['/admin']));
  });

  it('/secure likewise, revoked and expired included', async () => {
    const ada = tokens.issue('ada', 600_000);
    const { socket, received } = await connect<LabClientSocket<'/secure'>>(
      LAB_PATHS.socketio,
      LAB_NAMESPACES.secure,
      { token: ada?.token ?? '' },
    );
    expect(listening('/secure', socket, 'sio')).toEqual(
      sorted(CLIENT_TO_SERVER.socketio['/secure']),
    );
    await socket.emitWithAck('chat', 'hi');
    await socket.emitWithAck('join', 'r');
    await socket.emitWithAck('room-chat', { room: 'r', msg: 'to r' });
    secure.revoke('ada', { rooms: 'leave', disconnect: false });
    await until(() => received.has('revoked'));
    // A token that expires now by the server's clock (a minute ahead of the tokens' clock): it
    // passes the connect check, then its expiry timer fires at once.
    const bob = tokens.issue('bob', 60_000);
    const expiring = await connect<LabClientSocket<'/secure'>>(
      LAB_PATHS.socketio,
      LAB_NAMESPACES.secure,
      { token: bob?.token ?? '' },
    );
    await until(() => expiring.socket.disconnected);
    const all = new Set([...received, ...expiring.received]);
    expect(sorted([...all])).toEqual(sorted(SERVER_TO_CLIENT.socketio['/secure']));
  });
});

describe('the recovery server (LAB_PATHS.csrio)', () => {
  it('/ listens to csr-window and emits hello and feed', async () => {
    const { socket, received } = await connect<CsrClientSocket<'/'>>(LAB_PATHS.csrio, '/');
    expect(listening('/', socket, 'csr')).toEqual(sorted(CLIENT_TO_SERVER.csrio['/']));
    expect((await socket.emitWithAck('csr-window', 10_000)).ok).toBe(true);
    stream.publish('three');
    await until(() => received.size === SERVER_TO_CLIENT.csrio['/'].length);
    expect(sorted([...received])).toEqual(sorted(SERVER_TO_CLIENT.csrio['/']));
  });

  it('/once listens to msg and once-stats and emits nothing of its own', async () => {
    const { socket, received } = await connect<CsrClientSocket<'/once'>>(
      LAB_PATHS.csrio,
      LAB_NAMESPACES.once,
      { cid: 'types' },
    );
    expect(listening('/once', socket, 'csr')).toEqual(sorted(CLIENT_TO_SERVER.csrio['/once']));
    expect(await socket.emitWithAck('msg', { id: 1 })).toEqual({ ok: true, dup: false });
    expect(await socket.emitWithAck('once-stats')).toEqual({
      received: 1,
      unique: 1,
      duplicates: 0,
    });
    expect([...received]).toEqual([]);
  });
});
