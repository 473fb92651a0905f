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
import { ConnectionDecoder } from '../lib/mirror/connection-decoder';
import { MIRROR_PATH, type SessionLimits } from '../lib/mirror/protocol';
import { sendPlain } from './edge/http-relay';
import { refuseRaw } from './edge/upgrade-proxy';
import { parseLabPath } from './lab-path';
import { DEFAULT_GRACE_MS, resolveLimits } from './limits';
import { MirrorEndpoint } from './mirror-endpoint';
import type { LabFactory } from './session-lab';
import { SessionRegistry } from './sessions';
import { type DecoderFactory, InlineEngine, type TapEngine } from './tap/engine';
import { WorkerEngine } from './tap/worker-engine';

export interface WireLabServerOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** Serve pages with Next (default true); integration tests pass false. */
  next?: boolean;
  dev?: boolean;
  limits?: Partial<SessionLimits>;
  /** Sessions open at once (default 500); a page over the cap gets 503 on its mirror socket. */
  maxSessions?: number;
  /** ms a session outlives its mirror socket (default 5 s). */
  graceMs?: number;
  /** Minimum ms between two mirror batches (default 12). */
  flushIntervalMs?: number;
  /**
   * Decode on a worker thread (default true): proxying is not slowed by decoding. false decodes
   * inline on the main thread.
   */
  tapWorker?: boolean;
  /** Custom decoders (implies inline decoding); default lib/mirror ConnectionDecoder. */
  decoders?: DecoderFactory;
  /** Each session's upstream behind the edge (default: the lessons' LabNode); tests swap it. */
  labFactory?: LabFactory;
}

export interface WireLabServer {
  port: number;
  url: string;
  registry: SessionRegistry;
  close(): Promise<void>;
}

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export const connectionDecoders: DecoderFactory = (opts) => new ConnectionDecoder(opts);

export async function createWireLabServer(
  options: WireLabServerOptions = {},
): Promise<WireLabServer> {
  const limits = resolveLimits(options.limits);
  const engine: TapEngine =
    options.decoders !== undefined
      ? new InlineEngine(options.decoders)
      : options.tapWorker === false
        ? new InlineEngine(connectionDecoders)
        : new WorkerEngine({ fallbackDecoders: connectionDecoders });
  const registry = new SessionRegistry({
    limits,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    engine,
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
    ...(options.labFactory === undefined ? {} : { labFactory: options.labFactory }),
  });
  const mirror = new MirrorEndpoint(registry, options.maxSessions ?? 500);
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
      dev: options.dev ?? false,
      dir: process.cwd(),
      hostname: host === '0.0.0.0' ? 'localhost' : host,
      port: wantedPort,
      httpServer: nextUpgrades as unknown as http.Server,
    });
    await app.prepare();
    nextHandler = app.getRequestHandler();
    closeNext = () => app.close();
  }

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/healthz' || url.startsWith('/healthz?')) {
      const body = JSON.stringify({
        ok: true,
        sessions: registry.size,
        uptimeMs: Math.round(performance.now() - startedAt),
        memory: {
          rssBytes: process.memoryUsage.rss(),
          heapUsedBytes: process.memoryUsage().heapUsed,
        },
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    const lab = parseLabPath(url);
    if (lab.kind === 'malformed') {
      sendPlain(res, 404, lab.problem);
      return;
    }
    if (lab.kind === 'lab') {
      const found = registry.lookup(lab.session);
      if (found.ok) found.session.handleRequest(req, res);
      else sendPlain(res, found.status, found.problem);
      return;
    }
    if (nextHandler === null) {
      sendPlain(res, 404, `not found: ${url} (pages are off in this server)`);
      return;
    }
    Promise.resolve(nextHandler(req, res)).catch((error: unknown) => {
      console.error('next request handler failed', error);
      if (!res.headersSent) sendPlain(res, 500, 'internal error');
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    if (pathname === MIRROR_PATH) {
      mirror.handleUpgrade(req, socket, head);
      return;
    }
    const lab = parseLabPath(url);
    if (lab.kind === 'malformed') {
      refuseRaw(socket, 404, 'Not Found', `${lab.problem}\n`);
      return;
    }
    if (lab.kind === 'lab') {
      const found = registry.lookup(lab.session);
      if (found.ok) found.session.handleUpgrade(req, socket, head);
      else refuseRaw(socket, found.status, 'Not Found', `${found.problem}\n`);
      return;
    }
    if (nextHandler !== null) nextUpgrades.emit('upgrade', req, socket, head);
    else refuseRaw(socket, 404, 'Not Found', `no WebSocket endpoint at ${pathname}\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => console.error('server error', error));
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
      await engine.close();
      if (closeNext !== null) await closeNext();
    })();
    return closing;
  };

  return { port, url, registry, close };
}
