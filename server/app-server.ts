/**
 * The Wire Lab HTTP server: /healthz, the mirror channel, lab traffic for each session's edge, and
 * (when `next` is on) every other request to Next. One listener, one port.
 *
 * Upgrades: this module answers only MIRROR_PATH and /lab/<session>/...; every other upgrade goes to
 * Next's listener untouched (the dev HMR socket). Next is handed a private emitter as its
 * `httpServer`, so it never sees, and cannot end, the mirror's or the lab's sockets.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  ADMISSION_PATH,
  type Admission,
  LAB_PREFIX,
  MIRROR_PATH,
  type SessionLimits,
} from '../lib/mirror/protocol';
import {
  applyDeadlines,
  bodyTooLarge,
  DEADLINES,
  type Deadlines,
  serverOptions,
} from './deadlines';
import { Drain, type DrainResult } from './drain';
import { sendPlain } from './edge/http-relay';
import { DEFAULT_GATE, Gate, type GateOptions } from './gate/gate';
import { type Refusal, refuseHttp, refuseUpgrade } from './gate/refusal';
import { parseLabPath } from './lab-path';
import { DEFAULT_GRACE_MS, resolveLimits } from './limits';
import { type Logger, log as processLog } from './log';
import { createServerMetrics, type RefusalReason, type ServerMetrics } from './metrics';
import { MirrorEndpoint } from './mirror-endpoint';
import { handleOpsRequest } from './ops-routes';
import { applyCommonHeaders, applyPageHeaders } from './page-headers';
import { parseRouteKey } from './route-key';
import type { LabFactory } from './session-lab';
import { refusalRecorder, registryMetricsSource, sessionObserver } from './session-observer';
import { SessionRegistry } from './session-registry';
import type { SessionOptions } from './sessions';

export interface WireLabServerOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** Serve pages with Next (default true); integration tests pass false. */
  next?: boolean;
  dev?: boolean;
  limits?: Partial<SessionLimits>;
  /** Open pages at once (default 500); a page over the cap gets 503 on its mirror socket. */
  maxSessions?: number;
  /** Origins, proxy trust and per-client caps (server/gate); defaults: own origin only. */
  gate?: Partial<GateOptions>;
  /** Header, body and idle deadlines for every connection (server/deadlines.ts). */
  deadlines?: Partial<Deadlines>;
  /** ms between the mirror's liveness pings (default 30 s); a page that misses one is dropped. */
  mirrorHeartbeatMs?: number;
  /** Called for every refused request (metrics, logs). */
  onRefused?: (refusal: Refusal) => void;
  /** ms a session outlives its mirror socket (default 5 s). */
  graceMs?: number;
  /** Minimum ms between two mirror batches (default 12). */
  flushIntervalMs?: number;
  /** Mirror queue sizes per session (tests, benches); defaults in server/mirror-channel.ts. */
  mirror?: SessionOptions['mirror'];
  /** Session ids start with this 4-hex-digit key (server/route-key.ts, docs/deploy.md). */
  routeKey?: string;
  /** Logger (default the process's, server/log.ts). */
  logger?: Logger;
  /** Bearer token that opens /metrics to non-loopback peers (default env METRICS_TOKEN). */
  metricsToken?: string;
  /** Each session's upstream behind the edge (default: the lessons' LabNode); tests swap it. */
  labFactory?: LabFactory;
}

export interface WireLabServer {
  port: number;
  url: string;
  registry: SessionRegistry;
  /** This server's Prometheus metrics (its own prom-client Registry). */
  metrics: ServerMetrics;
  /** Counts and logs a refusal: call wherever a request or connection is turned away. */
  refuse(reason: RefusalReason, detail?: Record<string, unknown>): void;
  log: Logger;
  close(): Promise<void>;
  /** SIGTERM: no new sessions, pages told, closes once sessions ended or after graceMs (server/drain.ts). */
  drain(graceMs?: number): Promise<DrainResult>;
}

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export async function createWireLabServer(
  options: WireLabServerOptions = {},
): Promise<WireLabServer> {
  const limits = resolveLimits(options.limits);
  const log = options.logger ?? processLog;
  // Read at scrape time, after `registry` below exists.
  const metrics = createServerMetrics(registryMetricsSource(() => registry));
  const refuse = refusalRecorder(metrics, log);
  const registry = new SessionRegistry({
    limits,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    maxGraced: options.maxSessions ?? 500,
    ...(options.mirror === undefined ? {} : { mirror: options.mirror }),
    ...(options.routeKey === undefined ? {} : { routeKey: parseRouteKey(options.routeKey) }),
    observer: sessionObserver(metrics, log),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
    ...(options.labFactory === undefined ? {} : { labFactory: options.labFactory }),
  });
  const gate = new Gate({ ...DEFAULT_GATE, ...options.gate });
  const deadlines: Deadlines = { ...DEADLINES, ...options.deadlines };
  const refused = (refusal: Refusal) => {
    refuse(refusal.reason, { status: refusal.status, message: refusal.message });
    options.onRefused?.(refusal);
  };
  const mirror = new MirrorEndpoint(registry, gate, {
    maxSessions: options.maxSessions ?? 500,
    onRefused: refused,
    ...(options.mirrorHeartbeatMs === undefined ? {} : { heartbeatMs: options.mirrorHeartbeatMs }),
  });
  const dev = options.dev ?? false;
  const drain = new Drain({ registry, close: () => close() });
  const draining = (): Refusal => ({
    status: 503,
    reason: 'draining',
    message: drain.message(),
    retryAfterS: drain.retryAfterSeconds(),
  });
  const startedAt = performance.now();
  const host = options.host ?? '0.0.0.0';
  const wantedPort = options.port ?? 3000;

  // Next's upgrade listener attaches itself to this emitter (see the module comment).
  const nextUpgrades = new EventEmitter();
  let nextHandler: RequestHandler | null = null;
  let closeNext: (() => Promise<void>) | null = null;
  if (options.next !== false) {
    const { default: next } = await import('next');
    const app = next({
      dev,
      dir: process.cwd(),
      hostname: host === '0.0.0.0' ? 'localhost' : host,
      port: wantedPort,
      httpServer: nextUpgrades as unknown as http.Server,
    });
    await app.prepare();
    nextHandler = app.getRequestHandler();
    closeNext = () => app.close();
  }

  const opsContext = {
    metrics,
    sessions: () => registry.size,
    startedAt,
    metricsToken: options.metricsToken ?? process.env.METRICS_TOKEN,
    log,
    draining: () => drain.active,
    ...(options.routeKey === undefined ? {} : { routeKey: options.routeKey }),
  };
  const server = http.createServer(serverOptions(deadlines), (req, res) => {
    const url = req.url ?? '/';
    // Lab responses are relayed exactly as the lab node wrote them (the edge is transparent).
    if (!url.startsWith(LAB_PREFIX)) applyCommonHeaders(res);
    if (handleOpsRequest(req, res, opsContext)) return;
    if (url === ADMISSION_PATH) {
      const refusal = drain.active ? draining() : mirror.preview(req);
      const body: Admission =
        refusal === null
          ? { ok: true }
          : {
              ok: false,
              status: refusal.status,
              reason: refusal.reason,
              message: refusal.message,
              ...(refusal.retryAfterS === undefined ? {} : { retryAfterS: refusal.retryAfterS }),
            };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
      return;
    }
    const lab = parseLabPath(url);
    if (lab.kind === 'malformed') {
      refuseRequest(res, { status: 404, reason: 'malformed', message: lab.problem });
      return;
    }
    if (lab.kind === 'lab') {
      const found = registry.lookup(lab.session);
      if (!found.ok) {
        refuseRequest(res, {
          status: found.status,
          reason: 'unknown-session',
          message: found.problem,
        });
        return;
      }
      const refusal =
        gate.checkLab(req, found.session.key) ?? bodyTooLarge(req, found.session.limits.maxPayload);
      if (refusal !== null) refuseRequest(res, refusal);
      else found.session.handleRequest(req, res);
      return;
    }
    if (drain.active) {
      refuseRequest(res, draining());
      return;
    }
    // Pages get the key cookie their mirror will present (static assets need none).
    const cookie = url.startsWith('/_next/') ? null : gate.pageCookie(req);
    if (cookie !== null) res.setHeader('Set-Cookie', cookie);
    if (nextHandler === null) {
      sendPlain(res, 404, `not found: ${url} (pages are off in this server)`);
      return;
    }
    applyPageHeaders(req, res, options.dev ?? false);
    Promise.resolve(nextHandler(req, res)).catch((error: unknown) => {
      log.error({ err: error, url }, 'next request handler failed');
      if (!res.headersSent) sendPlain(res, 500, 'internal error');
    });
  });

  const refuseRequest = (res: http.ServerResponse, refusal: Refusal) => {
    refused(refusal);
    refuseHttp(res, refusal);
  };
  const refuseSocket = (socket: Duplex, refusal: Refusal) => {
    refused(refusal);
    refuseUpgrade(socket, refusal);
  };

  // Node's server stops watching a socket once it is upgraded: from here on each upgrade handler
  // owns it, and the listener below keeps an error on it from becoming an uncaughtException.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const url = req.url ?? '/';
    const pathname = url.split('?')[0] ?? '/';
    if (pathname === MIRROR_PATH) {
      // Draining comes first: a new page is told that, whatever else would refuse it.
      if (drain.active) refuseSocket(socket, draining());
      else mirror.handleUpgrade(req, socket, head);
      return;
    }
    const lab = parseLabPath(url);
    if (lab.kind === 'malformed') {
      refuseSocket(socket, { status: 404, reason: 'malformed', message: lab.problem });
      return;
    }
    if (lab.kind === 'lab') {
      const found = registry.lookup(lab.session);
      if (!found.ok) {
        refuseSocket(socket, {
          status: found.status,
          reason: 'unknown-session',
          message: found.problem,
        });
        return;
      }
      const refusal = gate.checkLab(req, found.session.key);
      if (refusal !== null) refuseSocket(socket, refusal);
      else found.session.handleUpgrade(req, socket as Socket, head);
      return;
    }
    // In dev, Next's hot-reload socket lives under /_next/; nothing else upgrades. In production
    // Next answers no upgrade at all, so every other path is refused here and closed.
    if (dev && nextHandler !== null && pathname.startsWith('/_next/')) {
      nextUpgrades.emit('upgrade', req, socket, head);
      return;
    }
    refuseSocket(socket, {
      status: 404,
      reason: 'unknown-upgrade',
      message: `no WebSocket endpoint at ${pathname}: WebSockets live at ${MIRROR_PATH} and /lab/<session>/…`,
    });
  });
  applyDeadlines(server, deadlines);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'server error'));
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${port}`;
  // The lab nodes' simulated clients come in through the edge like a browser does, over loopback.
  const loopback = host === '0.0.0.0' || host === '::' || host === 'localhost' ? '127.0.0.1' : host;
  registry.setEdgeOrigin(`http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await registry.closeAll();
      mirror.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (closeNext !== null) await closeNext();
    })();
    return closing;
  };

  return {
    port,
    url,
    registry,
    metrics,
    refuse,
    log,
    close,
    drain: (graceMs) => drain.start(graceMs),
  };
}
