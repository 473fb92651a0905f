/**
 * `/secure`: the auth lesson's namespace (13).
 *
 * - Middleware checks `auth.token` against the node's AuthTokens: missing → CONNECT_ERROR
 *   "token required", unknown → "invalid token", past exp → "token expired", revoked → "token
 *   revoked". This runs on every (re)connect: re-validation on reconnect.
 * - On connect: `welcome` {sid, user, exp}; a timer fires at exp: the server emits `auth-expired`
 *   {exp} and calls `socket.disconnect(true)` — the server actively disconnects (the client sees
 *   "io server disconnect" and does not reconnect on its own).
 * - chat and rooms as on `/`, but `join` and `room-chat` are refused ({ok:false, error}) once the
 *   token is revoked or expired: every action is re-checked.
 * - revoke(user): the user's sockets get `revoked` {user}. Socket.IO keeps room membership until
 *   the socket leaves, so a revoked socket would go on receiving its rooms' broadcasts (the
 *   lingering-membership bug, `rooms: 'keep'`); the fix (`rooms: 'leave'`, the default) removes it
 *   from every room at revocation. `disconnect: true` also disconnects it.
 */
import { LAB_NAMESPACES, type RevokeResponse } from '../../lib/lab/endpoints';
import type { AuthTokens, TokenRecord } from './auth-tokens';
import { roomsOf } from './rooms';
import { wireChat } from './socketio-app';
import {
  type LabIoServer,
  type LabNamespace,
  type LabServerSocket,
  labNamespace,
} from './socketio-types';
import type { TimerSet } from './timer-set';

export interface RevokeOptions {
  rooms: 'leave' | 'keep';
  disconnect: boolean;
}

export type RevokeResult = RevokeResponse;

export class SecureNamespace {
  private readonly nsp: LabNamespace<'/secure'>;

  constructor(
    io: LabIoServer,
    private readonly tokens: AuthTokens,
    private readonly timers: TimerSet,
  ) {
    const nsp = labNamespace(io, LAB_NAMESPACES.secure);
    this.nsp = nsp;
    nsp.use((socket, next) => {
      // Untrusted: whatever the client put in its handshake's `auth` (TokenAuth when well-behaved).
      const check = tokens.check((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!check.ok) {
        next(new Error(check.reason));
        return;
      }
      socket.data.record = check.record;
      next();
    });
    nsp.on('connection', (socket) => this.connected(socket));
    wireChat(nsp, (socket) => {
      const check = tokens.check(socket.data.record?.token);
      return check.ok ? null : check.reason;
    });
  }

  revoke(user: string, options: RevokeOptions): RevokeResult {
    const revokedTokens = this.tokens.revoke(user);
    const sockets: RevokeResult['sockets'] = [];
    for (const socket of this.nsp.sockets.values()) {
      if (socket.data.record?.user !== user) continue;
      const rooms = roomsOf(socket);
      socket.emit('revoked', { user });
      if (options.rooms === 'leave') for (const room of rooms) void socket.leave(room);
      sockets.push({
        id: socket.id,
        roomsLeft: options.rooms === 'leave' ? rooms : [],
        roomsKept: options.rooms === 'leave' ? [] : rooms,
      });
      if (options.disconnect) socket.disconnect(true);
    }
    return { user, revokedTokens, sockets };
  }

  private connected(socket: LabServerSocket<'/secure'>): void {
    const data = socket.data;
    const record = data.record as TokenRecord;
    socket.emit('welcome', { sid: socket.id, user: record.user, exp: record.exp });
    data.expiry = this.timers.timeout(
      () => {
        data.expiry = undefined;
        if (!socket.connected) return;
        socket.emit('auth-expired', { exp: record.exp });
        socket.disconnect(true);
      },
      Math.max(0, record.exp - Date.now()),
    );
    socket.on('disconnect', () => {
      this.timers.clear(data.expiry);
      data.expiry = undefined;
    });
  }
}
