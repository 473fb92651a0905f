/**
 * Lesson 13 on the lab node's /secure namespace, through the edge: tokens from POST /auth/token,
 * the server disconnecting a socket whose token expires while it is open, re-validation on
 * reconnect (CONNECT_ERROR "token expired"), revocation with and without the lingering room
 * membership fix.
 */

import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireLabServer } from '../../server/app-server';
import {
  httpUrl,
  labFetch,
  labIo,
  type MirrorClient,
  openMirror,
  startServer,
} from './mirror-client';

let server: WireLabServer;
let mirror: MirrorClient;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  mirror = await openMirror(server);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await mirror?.close();
  await server?.close();
});

const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
const post = (path: string) => labFetch(url(path), { method: 'POST' });

async function token(user: string, ttl = 60_000): Promise<{ token: string; exp: number }> {
  const res = await post(`${LAB_PATHS.authToken}?user=${user}&ttl=${ttl}`);
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; exp: number };
}

function secure(auth: Record<string, unknown>): Socket {
  const socket = labIo(httpUrl(server, '/secure'), {
    path: `${mirror.labBase}${LAB_PATHS.socketio}`,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refusal(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (error: Error) => resolve(error.message));
  });
}

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (value: T) => resolve(value)));
}

describe('tokens', () => {
  it('issues a token for a user with an expiry ttl ms from now', async () => {
    const before = Date.now();
    const res = await post(`${LAB_PATHS.authToken}?user=alice&ttl=5000`);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; user: string; exp: number };
    expect(body.user).toBe('alice');
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.exp).toBeGreaterThanOrEqual(before + 5000);
    expect(body.exp).toBeLessThanOrEqual(Date.now() + 5000);
  });

  it.each([
    [`${LAB_PATHS.authToken}?ttl=10`, 'ttl must be an integer from 500 to 3600000, got "10"'],
    [
      `${LAB_PATHS.authToken}?user=a%20b`,
      'user must be 1-40 characters from A-Z a-z 0-9 _ . -, got "a b"',
    ],
    [LAB_PATHS.authRevoke, 'user is required (1-40 characters from A-Z a-z 0-9 _ . -)'],
    [
      `${LAB_PATHS.authRevoke}?user=a&rooms=drop`,
      'rooms must be one of "leave", "keep", got "drop"',
    ],
  ])('answers POST %s with 400', async (path, error) => {
    const res = await post(path);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  it('answers GET with 405', async () => {
    const res = await labFetch(url(LAB_PATHS.authToken));
    expect(res.status).toBe(405);
  });
});

describe('/secure middleware', () => {
  it.each([
    [{}, 'token required'],
    [{ token: 'nope' }, 'invalid token'],
  ])('refuses %j with CONNECT_ERROR %s', async (auth, message) => {
    expect(await refusal(secure(auth))).toBe(message);
  });

  it('accepts a live token and welcomes the user', async () => {
    const { token: t, exp } = await token('carol');
    const socket = secure({ token: t });
    const welcome = next<{ user: string; exp: number }>(socket, 'welcome');
    await connected(socket);
    expect(await welcome).toMatchObject({ user: 'carol', exp });
  });
});

describe('a token expiring while the socket is open', () => {
  it('gets auth-expired, is disconnected by the server, and cannot reconnect with it', async () => {
    const { token: t, exp } = await token('dave', 1_200);
    const socket = secure({ token: t });
    await connected(socket);
    const expired = next<{ exp: number }>(socket, 'auth-expired');
    const reason = next<string>(socket, 'disconnect');
    expect(await expired).toEqual({ exp });
    expect(await reason).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(exp - 50);

    // The DISCONNECT packet for /secure came from the server, on both hops.
    await mirror.waitFor(
      (events) =>
        ['edge-node', 'browser-edge'].every((hop) =>
          events.some(
            (e) =>
              e.kind === 'ws-frame' &&
              e.hop === hop &&
              e.dir === 'down' &&
              e.message?.eio?.sio?.type === 'DISCONNECT' &&
              e.message.eio.sio.nsp === '/secure',
          ),
        ),
      'the server DISCONNECT on both hops',
    );

    // Re-validation on reconnect.
    expect(await refusal(secure({ token: t }))).toBe('token expired');
  });
});

describe('revocation', () => {
  async function pair(user: string) {
    const a = secure({ token: (await token(user)).token });
    const b = secure({ token: (await token(`${user}-peer`)).token });
    await Promise.all([connected(a), connected(b)]);
    for (const s of [a, b]) {
      expect(await s.timeout(5_000).emitWithAck('join', 'ops')).toMatchObject({ ok: true });
    }
    return { a, b };
  }

  /** Counts `room-chat` events the socket gets for one peer broadcast. */
  async function hearsRoom(listener: Socket, speaker: Socket): Promise<boolean> {
    let heard = false;
    const onChat = () => {
      heard = true;
    };
    listener.on('room-chat', onChat);
    const own = next(speaker, 'room-chat');
    const ack = await speaker.timeout(5_000).emitWithAck('room-chat', { room: 'ops', msg: 'hi' });
    await own; // the speaker's copy arrived; the listener's would have been sent before it
    await new Promise((resolve) => setTimeout(resolve, 200));
    listener.off('room-chat', onChat);
    expect(ack).toMatchObject({ ok: true });
    return heard;
  }

  it('with the fix (default): revoked gets "revoked", leaves its rooms, hears nothing more', async () => {
    const { a, b } = await pair('erin');
    expect(await hearsRoom(a, b)).toBe(true);
    const revoked = next<{ user: string }>(a, 'revoked');
    const res = await post(`${LAB_PATHS.authRevoke}?user=erin`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: 'erin',
      revokedTokens: 1,
      sockets: [{ id: a.id, roomsLeft: ['ops'], roomsKept: [] }],
    });
    expect(await revoked).toEqual({ user: 'erin' });
    expect(await hearsRoom(a, b)).toBe(false);
    expect(a.connected).toBe(true);
    expect(await a.timeout(5_000).emitWithAck('join', 'ops')).toEqual({
      ok: false,
      error: 'token revoked',
    });
  });

  it('rooms=keep shows the bug: the revoked socket still receives its rooms', async () => {
    const { a, b } = await pair('frank');
    const res = await post(`${LAB_PATHS.authRevoke}?user=frank&rooms=keep`);
    expect(await res.json()).toMatchObject({
      sockets: [{ id: a.id, roomsLeft: [], roomsKept: ['ops'] }],
    });
    expect(await hearsRoom(a, b)).toBe(true);
  });

  it('disconnect=1 also disconnects, and the token is refused on reconnect', async () => {
    const { token: t } = await token('gina');
    const socket = secure({ token: t });
    await connected(socket);
    const reason = next<string>(socket, 'disconnect');
    await post(`${LAB_PATHS.authRevoke}?user=gina&disconnect=1`);
    expect(await reason).toBe('io server disconnect');
    expect(await refusal(secure({ token: t }))).toBe('token revoked');
  });
});
