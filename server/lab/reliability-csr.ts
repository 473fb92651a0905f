/**
 * Lesson 12 (delivery guarantees): a second Socket.IO server on the lab node, with Socket.IO's
 * connection state recovery on (`connectionStateRecovery`, socket.io ≥ 4.6). The option must be
 * given when a Server is created and applies to all its namespaces, and the main lab server must
 * keep its plain behaviour (lessons 4, 5, 8 read its exact bytes), so this one is separate: same
 * http server, its own Engine.IO path `/lab/<s>/csr.io/`.
 *
 * - `/` emits every message of the session's stream as `feed` {id, data, at}, like the main
 *   server's `/` (which has no recovery: emits while a client is away are lost). Here a client
 *   that comes back within `maxDisconnectionDuration` with its previous id and offset (socket.io-
 *   client sends them by itself) gets the missed packets replayed; after a longer outage or a
 *   server restart (the stored packets lived in this process) it does not.
 * - `csr-window` (ms, ack): sets maxDisconnectionDuration (0 … 120000) for disconnections checked
 *   from now on → ack {ok, window}.
 * - `/once`: `msg` {id} with ack, deduplicated by id per client (`auth.cid`) → ack {ok, dup};
 *   `once-stats` (ack) → {received, unique, duplicates}. With socket.io-client's `retries` +
 *   `ackTimeout` this is at-least-once made effectively-once.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { LAB_NAMESPACES } from '../../lib/lab/endpoints';
import { liveAdd, liveRemove } from '../live-resources';
import { ClosableSessionAwareAdapter } from './csr-adapter';
import type { MessageStream } from './message-stream';
import { type CsrIoServer, type CsrNamespace, csrNamespace } from './socketio-types';
import { sameOriginOnly } from './ws-handshake';

export const CSR_WINDOW_MAX = 120_000;
export const CSR_WINDOW_DEFAULT = 10_000;
const CID = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_IDS = 10_000;

export interface CsrApp {
  io: CsrIoServer;
  close(): Promise<void>;
}

export function createCsrApp(
  httpServer: HttpServer,
  path: string,
  maxPayload: number,
  stream: MessageStream,
): CsrApp {
  const io: CsrIoServer = new Server(httpServer, {
    path,
    serveClient: false,
    maxHttpBufferSize: maxPayload,
    destroyUpgrade: false,
    transports: ['websocket'],
    // Same-origin pages only: no CORS headers, and a foreign Origin is refused (403).
    allowRequest: sameOriginOnly,
    // The library's SessionAwareAdapter never clears its sweep interval (see csr-adapter.ts).
    adapter: ClosableSessionAwareAdapter,
    connectionStateRecovery: {
      maxDisconnectionDuration: CSR_WINDOW_DEFAULT,
      skipMiddlewares: true,
    },
  });
  liveAdd('socketIoServers');
  io.engine.on('connection_error', () => {});
  const root = csrNamespace(io, LAB_NAMESPACES.root);
  root.on('connection', (socket) => {
    socket.emit('hello', { recovered: socket.recovered });
    // Untrusted arguments: `ms` may be anything, and the ack missing or not a function.
    socket.on('csr-window', (ms: unknown, ack) => {
      const ok = Number.isInteger(ms) && (ms as number) >= 0 && (ms as number) <= CSR_WINDOW_MAX;
      if (ok) setWindow(io, root, ms as number);
      if (typeof ack === 'function') {
        ack(
          ok
            ? { ok: true, window: ms as number }
            : { ok: false, error: `window must be an integer ms from 0 to ${CSR_WINDOW_MAX}` },
        );
      }
    });
  });
  wireOnce(csrNamespace(io, LAB_NAMESPACES.once));
  const unsubscribe = stream.subscribe((entry) => root.emit('feed', entry.message));
  let closed = false;
  const close = () =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      unsubscribe();
      io.close(() => {
        liveRemove('socketIoServers');
        resolve();
      });
    });
  httpServer.on('close', () => void close());
  return { io, close };
}

function setWindow(io: CsrIoServer, nsp: CsrNamespace<'/'>, ms: number): void {
  const csr = (io as unknown as { opts: Partial<ServerOptions> }).opts.connectionStateRecovery;
  if (csr) csr.maxDisconnectionDuration = ms;
  // The in-memory adapter copies the option when the namespace is made and reads its copy at
  // every recovery attempt.
  (nsp.adapter as unknown as { maxDisconnectionDuration: number }).maxDisconnectionDuration = ms;
}

function wireOnce(nsp: CsrNamespace<'/once'>): void {
  const seenBy = new Map<string, { ids: Set<number>; received: number; duplicates: number }>();
  nsp.on('connection', (socket) => {
    const raw = (socket.handshake.auth as { cid?: unknown } | undefined)?.cid;
    const cid = typeof raw === 'string' && CID.test(raw) ? raw : socket.id;
    if (!seenBy.has(cid) && seenBy.size >= 100) seenBy.clear();
    const state = seenBy.get(cid) ?? { ids: new Set<number>(), received: 0, duplicates: 0 };
    seenBy.set(cid, state);
    socket.on('msg', (payload: unknown, ack) => {
      const reply = typeof ack === 'function' ? ack : undefined;
      const id = (payload as { id?: unknown } | null)?.id;
      if (!Number.isInteger(id)) {
        reply?.({ ok: false, error: 'msg needs an integer id' });
        return;
      }
      state.received += 1;
      const dup = state.ids.has(id as number);
      if (dup) state.duplicates += 1;
      else if (state.ids.size < MAX_IDS) state.ids.add(id as number);
      reply?.({ ok: true, dup });
    });
    socket.on('once-stats', (ack) => {
      if (typeof ack === 'function') {
        ack({
          received: state.received,
          unique: state.ids.size,
          duplicates: state.duplicates,
        });
      }
    });
  });
}
