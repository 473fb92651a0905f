/** The mirror channel's WebSocket endpoint (MIRROR_PATH): each connection becomes a session. */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { SessionRegistry } from './sessions';

export class MirrorEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  constructor(
    private readonly registry: SessionRegistry,
    /** Open sessions the server accepts; beyond that a new page gets 503. */
    private readonly maxSessions: number,
  ) {
    this.wss.on('error', () => {});
    this.wss.on('connection', (ws) => {
      ws.on('error', () => {}); // an invalid frame closes the socket (and so ends the session).
      this.registry.create(ws);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => {});
    if (this.registry.size >= this.maxSessions) {
      const body = `server full: ${this.maxSessions} sessions open; try again later\n`;
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
