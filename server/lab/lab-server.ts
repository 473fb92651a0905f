/**
 * One listening incarnation of a lab node: the http.Server on 127.0.0.1 and everything bound to its
 * connections (Socket.IO, the ws endpoints, long-poll waiters, SSE readers). LabNode makes one on
 * start and a new one on restart; state that outlives connections (message stream, producer,
 * tokens, simulated clients, config) lives in LabShared.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { liveAdd, liveRemove } from '../live-resources';
import { handleAuth } from './auth-routes';
import type { AuthTokens } from './auth-tokens';
import { BackpressureFeed } from './backpressure-feed';
import { handleClients } from './client-routes';
import { configPatchFromQuery, type LabConfig } from './lab-config';
import { LongPoll } from './long-poll';
import type { MessageStream } from './message-stream';
import { OrderedFeed } from './ordered-feed';
import { Params, sendError, sendJson, sendText } from './params';
import type { Producer } from './producer';
import { type CsrApp, createCsrApp } from './reliability-csr';
import { SecureNamespace } from './secure-namespace';
import type { SimClients } from './sim-clients';
import { createSocketIoApp, type SocketIoApp } from './socketio-app';
import { SseEndpoint } from './sse';
import { handleStream } from './stream-routes';
import type { TimerSet } from './timer-set';
import { WsEcho } from './ws-echo';
import { WsFeed } from './ws-feed';
import { checkUpgrade, plainRequestRefusal, writeRefusal } from './ws-handshake';
import { WsHeartbeat } from './ws-heartbeat';

export type ConfigureResult = { ok: true; config: LabConfig } | { ok: false; error: string };

/** What a lab server needs from its node; it outlives any one server. */
export interface LabShared {
  readonly base: string;
  readonly maxPayload: number;
  readonly timers: TimerSet;
  readonly stream: MessageStream;
  readonly producer: Producer;
  readonly tokens: AuthTokens;
  readonly sims: SimClients;
  config(): LabConfig;
  configure(patch: unknown): ConfigureResult;
  /** The edge's origin for simulated clients, or null when unknown. */
  edgeOrigin(req: IncomingMessage): string | null;
}

export interface Running {
  server: http.Server;
  sio: SocketIoApp;
  csr: CsrApp;
  secure: SecureNamespace;
  echo: WsEcho;
  feed: WsFeed;
  sse: SseEndpoint;
  longPoll: LongPoll;
  heartbeat: WsHeartbeat;
  sockets: Set<Socket>;
  port: number;
}

export function listenLab(shared: LabShared): Promise<Running> {
  const { base } = shared;
  const sioPath = `${base}${LAB_PATHS.socketio}`;
  let running: Running | null = null;
  const server = http.createServer((req, res) => {
    if (running === null) sendText(res, 503, 'lab node starting\n');
    else routeRequest(shared, running, req, res);
  });
  liveAdd('labServers');
  let counted = true;
  const uncount = () => {
    if (counted) liveRemove('labServers');
    counted = false;
  };
  server.once('close', uncount);
  // The edge closes its upstream socket when the browser's closes; no idle timer of our own.
  server.keepAliveTimeout = 0;
  server.on('clientError', (_error, socket) => socket.destroy());
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const heartbeat = new WsHeartbeat(shared.timers, () => shared.config());
  const echo = new WsEcho(shared.maxPayload, heartbeat);
  const feed = new WsFeed(shared.stream, heartbeat);
  const ordered = new OrderedFeed();
  const bp = new BackpressureFeed();
  server.on('close', () => {
    ordered.close();
    bp.close();
  });
  const sio = createSocketIoApp(server, sioPath, shared.maxPayload, shared.config(), shared.stream);
  const secure = new SecureNamespace(sio.io, shared.tokens, shared.timers);
  const csrPath = `${base}${LAB_PATHS.csrio}`;
  const csr = createCsrApp(server, csrPath, shared.maxPayload, shared.stream);
  const sse = new SseEndpoint(shared.stream, shared.timers, () => shared.config());
  const longPoll = new LongPoll(shared.stream, shared.timers, () => shared.config());
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname === `${base}${LAB_PATHS.ws}` || pathname === `${base}${LAB_PATHS.feed}`) {
      const refusal = checkUpgrade(req);
      if (refusal !== null) writeRefusal(socket, refusal);
      else if (pathname.endsWith(LAB_PATHS.ws)) echo.handleUpgrade(req, socket, head);
      else feed.handleUpgrade(req, socket, head);
    } else if (pathname === `${base}${LAB_PATHS.ordered}`) {
      const refusal = checkUpgrade(req);
      if (refusal !== null) writeRefusal(socket, refusal);
      else ordered.handleUpgrade(req, socket, head);
    } else if (pathname === `${base}${LAB_PATHS.bp}`) {
      const refusal = checkUpgrade(req);
      if (refusal !== null) writeRefusal(socket, refusal);
      else bp.handleUpgrade(req, socket, head);
    } else if (!(req.url ?? '').startsWith(sioPath) && !(req.url ?? '').startsWith(csrPath)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }
    // Socket.IO paths: engine.io's own upgrade listener answers.
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      uncount();
      reject(error);
    });
    server.listen(0, '127.0.0.1', () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      const { port } = server.address() as AddressInfo;
      running = { server, sio, csr, secure, echo, feed, sse, longPoll, heartbeat, sockets, port };
      resolve(running);
    });
  });
}

/** Applies the node's current config to a running server's open connections where it can. */
export function applyConfig(running: Running, config: LabConfig): void {
  running.sio.applyHeartbeat(config);
  running.heartbeat.reconfigure();
  running.sse.reconfigure();
}

/**
 * Stops a lab server the way a crash would look to clients: TCP connections are destroyed first,
 * so no close frame, DISCONNECT or Engine.IO close packet goes out (Socket.IO clients then
 * reconnect, as after a real server restart; a server DISCONNECT would stop them reconnecting).
 */
export function shutdown(running: Running): Promise<void> {
  for (const socket of running.sockets) socket.destroy();
  running.server.closeAllConnections();
  running.echo.close();
  running.feed.close();
  running.heartbeat.close();
  running.sse.close();
  running.longPoll.close();
  return Promise.all([running.sio.close(), running.csr.close()]).then(() => {});
}

type Route = (
  shared: LabShared,
  running: Running,
  req: IncomingMessage,
  res: ServerResponse,
) => void;

const refusePlainRequest: Route = (_shared, _running, req, res) => {
  const refusal = plainRequestRefusal(req);
  sendText(res, refusal.status, refusal.body, refusal.headers);
};

const ROUTES: Record<string, Route> = {
  [LAB_PATHS.ws]: refusePlainRequest,
  [LAB_PATHS.feed]: refusePlainRequest,
  [LAB_PATHS.poll]: (_s, running, req, res) => running.longPoll.handle(req, res),
  [LAB_PATHS.sse]: (_s, running, req, res) => running.sse.handle(req, res),
  [LAB_PATHS.stream]: (s, _r, req, res) => handleStream('status', req, res, s.producer, s.stream),
  [LAB_PATHS.streamStart]: (s, _r, req, res) =>
    handleStream('start', req, res, s.producer, s.stream),
  [LAB_PATHS.streamStop]: (s, _r, req, res) => handleStream('stop', req, res, s.producer, s.stream),
  [LAB_PATHS.config]: (s, _r, req, res) => handleConfig(s, req, res),
  [LAB_PATHS.authToken]: (s, running, req, res) =>
    handleAuth('token', req, res, s.tokens, running.secure),
  [LAB_PATHS.authRevoke]: (s, running, req, res) =>
    handleAuth('revoke', req, res, s.tokens, running.secure),
  [LAB_PATHS.clients]: (s, _r, req, res) =>
    handleClients(req, res, s.sims, `${s.base}${LAB_PATHS.socketio}`, s.edgeOrigin(req)),
};

function routeRequest(
  shared: LabShared,
  running: Running,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  const rest = pathname.startsWith(shared.base) ? pathname.slice(shared.base.length) : pathname;
  const route = Object.hasOwn(ROUTES, rest) ? ROUTES[rest] : undefined;
  if (route !== undefined) {
    route(shared, running, req, res);
    return;
  }
  // Written without Content-Length (Node chunks it), as before: http-relay.test.ts relies on a
  // chunked 404 to check the relay's re-chunking.
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`no lab endpoint at ${pathname}; endpoints: ${Object.values(LAB_PATHS).join(' ')}\n`);
}

function handleConfig(shared: LabShared, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET') {
    sendJson(res, 200, shared.config());
    return;
  }
  if (req.method !== 'POST') {
    sendText(res, 405, 'use GET or POST\n', { Allow: 'GET, POST' });
    return;
  }
  const parsed = configPatchFromQuery(Params.of(req.url));
  const result = parsed.ok ? shared.configure(parsed.patch) : parsed;
  if (!result.ok) {
    sendError(res, 400, result.error);
    return;
  }
  sendJson(res, 200, result.config);
}
