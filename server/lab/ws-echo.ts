/**
 * The raw WebSocket endpoint of a lab node: echoes every text and binary message back unchanged,
 * except the app-level heartbeat `{"type":"ping"}`, answered with `{"type":"pong","at":<ms>}`
 * (browsers expose no protocol ping API, so lessons show an app-level one next to 0x9/0xA frames).
 * `ws` itself closes with 1002 on invalid frames and 1009 on messages over maxPayload.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export class WsEcho {
  private readonly wss: WebSocketServer;

  constructor(maxPayload: number) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: true });
    this.wss.on('error', () => {});
    this.wss.on('connection', (ws) => {
      ws.on('error', () => {}); // ws closes the socket itself (1002 / 1009); nothing else to do.
      ws.on('message', (data, isBinary) => {
        if (!isBinary && isAppPing(data)) {
          ws.send(JSON.stringify({ type: 'pong', at: Date.now() }));
          return;
        }
        ws.send(data, { binary: isBinary });
      });
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  get clients(): number {
    return this.wss.clients.size;
  }
}

function isAppPing(data: WebSocket.RawData): boolean {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString()
    : Buffer.from(data as Buffer).toString();
  if (text.length > 64 || !text.includes('ping')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return (
      typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ping'
    );
  } catch {
    return false;
  }
}
