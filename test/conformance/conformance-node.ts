/**
 * The conformance lab node: a session's upstream (server/session-lab.ts) that is configured the way
 * the Socket.IO maintainers' protocol test suites expect (the "Test suite" sections of
 * docs/engine.io-protocol/v4-current.md and docs/socket.io-protocol/v5-current.md), on the session's
 * lab paths:
 *
 *   /lab/<session>/engine.io/  a bare Engine.IO server that echoes every message
 *   /lab/<session>/socket.io/  a Socket.IO server: `auth` on connect, `message` -> `message-back`,
 *                              `message-with-ack` acked with its arguments, namespace `/custom`
 *
 * Both with pingInterval 300, pingTimeout 200, maxPayload 1e6 (engine.io's maxHttpBufferSize, which
 * is what its handshake reports), CORS origin "*"; Socket.IO with connectTimeout 1000.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { attach as attachEngine, type Server as EngineServer } from 'engine.io';
import { Server as SocketIoServer } from 'socket.io';
import { labBase } from '../../lib/mirror/protocol';
import type { SessionLab } from '../../server/session-lab';

const ENGINE_OPTIONS = {
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  cors: { origin: '*' },
  // Both servers share one listener: neither may end the other's upgrades.
  destroyUpgrade: false,
} as const;

interface Running {
  server: http.Server;
  port: number;
  engine: EngineServer;
  io: SocketIoServer;
}

/** The README's Engine.IO server: every message comes back as it came. */
function engineApp(server: http.Server, path: string): EngineServer {
  const engine = attachEngine(server, { ...ENGINE_OPTIONS, path });
  engine.on('connection', (socket) => {
    socket.on('data', (...args: Parameters<typeof socket.send>) => socket.send(...args));
  });
  return engine;
}

/** The README's Socket.IO server. */
function socketIoApp(server: http.Server, path: string): SocketIoServer {
  const io = new SocketIoServer(server, {
    ...ENGINE_OPTIONS,
    path,
    serveClient: false,
    connectTimeout: 1000,
  });
  io.on('connection', (socket) => {
    socket.emit('auth', socket.handshake.auth);
    socket.on('message', (...args: unknown[]) => {
      socket.emit('message-back', ...args);
    });
    socket.on('message-with-ack', (...args: unknown[]) => {
      const ack = args.pop() as (...reply: unknown[]) => void;
      ack(...args);
    });
  });
  io.of('/custom').on('connection', (socket) => {
    socket.emit('auth', socket.handshake.auth);
  });
  return io;
}

function listen(base: string): Promise<Running> {
  const server = http.createServer((req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`no conformance endpoint at ${(req.url ?? '/').split('?')[0]}\n`);
  });
  server.keepAliveTimeout = 0;
  const enginePath = `${base}/engine.io`;
  const sioPath = `${base}/socket.io`;
  const engine = engineApp(server, enginePath);
  const io = socketIoApp(server, sioPath);
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => {
    const url = req.url ?? '/';
    if (url.startsWith(`${enginePath}/`) || url.startsWith(`${sioPath}/`)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({ server, port, engine, io });
    });
  });
}

async function stop(running: Running): Promise<void> {
  running.engine.close();
  running.server.closeAllConnections();
  await running.io.close();
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
}

export class ConformanceNode implements SessionLab {
  readonly base: string;
  private running: Promise<Running> | null = null;
  private closed = false;

  constructor(readonly session: string) {
    this.base = labBase(session);
  }

  async port(): Promise<number> {
    if (this.closed) throw new Error('conformance node is closed');
    this.running ??= listen(this.base);
    return (await this.running).port;
  }

  async restart(): Promise<number> {
    const running = this.running;
    this.running = null;
    if (running !== null) await stop(await running);
    return this.port();
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = null;
    if (running !== null) await stop(await running);
  }
}
