/**
 * A session's lab node: the "app server" behind the edge, on 127.0.0.1 and a random port. It serves
 * the same /lab/<session>/... paths the browser uses (the edge forwards them unchanged):
 *   /lab/<session>/ws          raw WebSocket echo (ws-echo.ts)
 *   /lab/<session>/socket.io/  Socket.IO v4 (socketio-app.ts)
 * anything else → 404. restart() closes everything and listens again on a new port (faults, later).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Server as SocketIoServer } from 'socket.io';
import { LAB_ENDPOINTS, labBase } from '../../lib/mirror/protocol';
import { createSocketIoApp } from './socketio-app';
import { WsEcho } from './ws-echo';

interface Running {
  server: http.Server;
  io: SocketIoServer;
  echo: WsEcho;
  sockets: Set<Socket>;
  port: number;
}

export class LabNode {
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;
  private closed = false;
  private readonly base: string;

  constructor(
    readonly session: string,
    private readonly maxPayload: number,
  ) {
    this.base = labBase(session);
  }

  /** The port the node listens on now (starting it if needed). */
  async port(): Promise<number> {
    return (await this.start()).port;
  }

  start(): Promise<Running> {
    if (this.closed) return Promise.reject(new Error('lab node is closed'));
    if (this.running !== null) return Promise.resolve(this.running);
    this.starting ??= this.listen().then(
      (running) => {
        this.starting = null;
        if (this.closed) {
          shutdown(running);
          throw new Error('lab node is closed');
        }
        this.running = running;
        return running;
      },
      (error: unknown) => {
        this.starting = null;
        throw error;
      },
    );
    return this.starting;
  }

  /** Drops every connection and listens again on a new port. */
  async restart(): Promise<number> {
    const running = this.running ?? (await this.start());
    this.running = null;
    await shutdown(running);
    return this.port();
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running ?? (await this.starting?.catch(() => null)) ?? null;
    this.running = null;
    if (running !== null) await shutdown(running);
  }

  get connections(): number {
    return this.running?.sockets.size ?? 0;
  }

  private listen(): Promise<Running> {
    const server = http.createServer((req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`no lab endpoint at ${req.url}\n`);
    });
    // The edge closes its upstream socket when the browser's closes; no idle timer of our own.
    server.keepAliveTimeout = 0;
    server.on('clientError', (_error, socket) => socket.destroy());
    const sockets = new Set<Socket>();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    const echo = new WsEcho(this.maxPayload);
    const io = createSocketIoApp(server, `${this.base}${LAB_ENDPOINTS.socketio}`, this.maxPayload);
    const wsPath = `${this.base}${LAB_ENDPOINTS.ws}`;
    const sioPath = `${this.base}${LAB_ENDPOINTS.socketio}`;
    server.on('upgrade', (req, socket: Socket, head: Buffer) => {
      socket.on('error', () => {});
      const pathname = (req.url ?? '').split('?')[0];
      if (pathname === wsPath) echo.handleUpgrade(req, socket, head);
      else if (!(req.url ?? '').startsWith(sioPath)) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }
      // Socket.IO paths: engine.io's own upgrade listener answers.
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        server.on('error', () => {});
        const { port } = server.address() as AddressInfo;
        resolve({ server, io, echo, sockets, port });
      });
    });
  }
}

function shutdown(running: Running): Promise<void> {
  running.echo.close();
  running.io.disconnectSockets(true);
  const done = new Promise<void>((resolve) => {
    running.io.close(() => resolve());
  });
  for (const socket of running.sockets) socket.destroy();
  running.server.closeAllConnections();
  return done;
}
