/**
 * `/lab/<s>/feed`: a raw WebSocket that pushes the session's message stream, one text message
 * `{"id":n,"data":…,"at":ms}` per stream message (lesson 7's WebSocket column). `?cursor=N` on the
 * handshake replays the kept messages after N first. The app-level heartbeats of the echo endpoint
 * (`{"type":"hb","n":k}` → hb-ack, `{"type":"ping"}` → pong) are answered; anything else a client
 * sends is ignored. A reader more than 4 MiB behind gets close 1013 ("try again later").
 * Handshake checks (426 / 403) are the same as /ws (ws-handshake.ts); a bad cursor → 400.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { MessageStream } from './message-stream';
import { Params } from './params';
import { hbAckJson, parseAppHeartbeat, pongJson } from './ws-echo';
import { writeRefusal } from './ws-handshake';
import type { WsHeartbeat } from './ws-heartbeat';

export const FEED_MAX_BUFFERED = 4 * 1024 * 1024;

export class WsFeed {
  private readonly wss: WebSocketServer;
  private readonly subscriptions = new Map<WebSocket, () => void>();

  constructor(
    private readonly stream: MessageStream,
    private readonly heartbeat?: WsHeartbeat,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, clientTracking: true });
    this.wss.on('error', () => {});
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const params = Params.of(req.url);
    const cursor = params.int('cursor', 0, Number.MAX_SAFE_INTEGER, undefined);
    params.rejectUnknown();
    if (params.error !== null) {
      writeRefusal(socket, {
        status: 400,
        reason: 'Bad Request',
        headers: {},
        body: `${params.error}\n`,
      });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, cursor));
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  close(): void {
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private connected(ws: WebSocket, cursor: number | undefined): void {
    ws.on('error', () => {});
    this.heartbeat?.add(ws);
    if (cursor !== undefined) {
      for (const entry of this.stream.since(Math.min(cursor, this.stream.lastId)).entries) {
        ws.send(entry.json);
      }
    }
    const unsubscribe = this.stream.subscribe((entry) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > FEED_MAX_BUFFERED) {
        unsubscribe();
        ws.close(1013, 'feed reader too slow');
        return;
      }
      ws.send(entry.json);
    });
    this.subscriptions.set(ws, unsubscribe);
    ws.on('close', () => {
      unsubscribe();
      this.subscriptions.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      const beat = isBinary ? null : parseAppHeartbeat(data);
      if (beat?.type === 'ping') ws.send(pongJson());
      else if (beat?.type === 'hb') ws.send(hbAckJson(beat.n));
    });
  }
}
