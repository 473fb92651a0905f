/**
 * The raw WebSocket endpoint of a lab node: echoes every text and binary message back unchanged,
 * except two app-level heartbeats (browsers expose no protocol ping API, so lessons show an
 * app-level one next to 0x9/0xA frames):
 *   `{"type":"ping"}`         → `{"type":"pong","at":<ms>}`
 *   `{"type":"hb","n":<int>}` → `{"type":"hb-ack","n":<int>,"at":<ms>}` (heartbeat lesson: the
 *                               client numbers its beats and matches the acks)
 * and one command for the frames lesson (browsers never fragment what they send, so the server does):
 *   `{"type":"fragment","parts":<2-16>,"text":"…"}` → the text echoed as one message in `parts`
 *                               frames: a text frame with FIN 0, continuation frames, FIN 1 on the last
 * Protocol pings (0x9) come from WsHeartbeat when configured. `ws` itself closes with 1002 on
 * invalid frames and 1009 on messages over maxPayload. Handshake checks: ws-handshake.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { WsClientMessage, WsHbAck, WsPong } from '../../lib/lab/endpoints';
import type { WsHeartbeat } from './ws-heartbeat';

/** What a client may send on `/ws` (typed in lib/lab/endpoints.ts). */
export type AppHeartbeat = WsClientMessage;

export const pongJson = (): string =>
  JSON.stringify({ type: 'pong', at: Date.now() } satisfies WsPong);
export const hbAckJson = (n: number): string =>
  JSON.stringify({ type: 'hb-ack', n, at: Date.now() } satisfies WsHbAck);

export class WsEcho {
  private readonly wss: WebSocketServer;

  constructor(maxPayload: number, heartbeat?: WsHeartbeat) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: true });
    this.wss.on('error', () => {});
    this.wss.on('connection', (ws) => {
      ws.on('error', () => {}); // ws closes the socket itself (1002 / 1009); nothing else to do.
      heartbeat?.add(ws);
      ws.on('message', (data, isBinary) => {
        const beat = isBinary ? null : parseAppHeartbeat(data);
        if (beat?.type === 'ping') ws.send(pongJson());
        else if (beat?.type === 'hb') ws.send(hbAckJson(beat.n));
        else if (beat?.type === 'fragment') sendFragmented(ws, beat.text, beat.parts);
        else ws.send(data, { binary: isBinary });
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

/** Sends `text` as one message split into `parts` frames (RFC 6455 §5.4). */
export function sendFragmented(ws: WebSocket, text: string, parts: number): void {
  const bytes = Buffer.from(text);
  const size = Math.ceil(bytes.length / parts);
  for (let i = 0; i < parts; i++) {
    const chunk = bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size));
    ws.send(chunk, { binary: false, fin: i === parts - 1 });
  }
}

/** The app-level heartbeat or command in a text message, or null (then the message is echoed). */
export function parseAppHeartbeat(data: WebSocket.RawData): AppHeartbeat | null {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString()
    : Buffer.from(data as Buffer).toString();
  const command = text.includes('fragment');
  if (
    text.length > (command ? 4096 : 64) ||
    !(command || text.includes('ping') || text.includes('hb'))
  ) {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const {
    type,
    n,
    parts,
    text: body,
  } = value as {
    type?: unknown;
    n?: unknown;
    parts?: unknown;
    text?: unknown;
  };
  if (type === 'fragment' && typeof body === 'string' && Number.isInteger(parts)) {
    const count = parts as number;
    if (count >= 2 && count <= 16 && Buffer.byteLength(body) >= count) {
      return { type: 'fragment', parts: count, text: body };
    }
    return null;
  }
  if (type === 'ping') return { type: 'ping' };
  if (type === 'hb' && typeof n === 'number' && Number.isSafeInteger(n)) return { type: 'hb', n };
  return null;
}
