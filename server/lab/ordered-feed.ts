/**
 * `/lab/<s>/ordered` (lesson 11): a raw WebSocket that sends `count` numbered events at `rate` per
 * second, one text message `{"eventId":"<id>","seq":n,"data":"…"}` each, keeps every event it sent
 * (its replay log) and answers a client's `{"type":"replay","from":n}` by sending again every event
 * with seq ≥ n that it has sent so far (the same eventId: a replay is the same event, not a new one).
 *
 * Query: `rate` (integer 1-200, default 20), `count` (integer 1-1000, default 100). A bad value is
 * refused with 400 before the handshake. The edge's drop / dup / reorder faults act on these frames
 * like on any others; the server itself never reorders or drops.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { OrderedEvent, ReplayRequest } from '../../lib/lab/endpoints';
import { Params } from './params';
import { writeRefusal } from './ws-handshake';

export type { OrderedEvent } from '../../lib/lab/endpoints';

export interface OrderedOptions {
  rate: number;
  count: number;
}

/** Parses `?rate&count`; an error names the parameter and its range. */
export function orderedOptions(url: string | undefined): OrderedOptions | { error: string } {
  const params = Params.of(url);
  const rate = params.int('rate', 1, 200, 20);
  const count = params.int('count', 1, 1000, 100);
  params.rejectUnknown();
  return params.error !== null ? { error: params.error } : { rate, count };
}

/** Parses a client message; only a replay request with an integer `from` ≥ 1 counts. */
export function parseReplayRequest(text: string): number | null {
  try {
    const msg = JSON.parse(text) as { [K in keyof ReplayRequest]?: unknown };
    if (msg?.type !== 'replay') return null;
    const from = msg.from;
    return typeof from === 'number' && Number.isSafeInteger(from) && from >= 1 ? from : null;
  } catch {
    return null;
  }
}

export class OrderedFeed {
  private readonly wss: WebSocketServer;
  private readonly timers = new Set<NodeJS.Timeout>();
  private streams = 0;

  constructor() {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });
    this.wss.on('error', () => {});
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  get timerCount(): number {
    return this.timers.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const options = orderedOptions(req.url);
    if ('error' in options) {
      writeRefusal(socket, {
        status: 400,
        reason: 'Bad Request',
        headers: {},
        body: `${options.error}\n`,
      });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, options));
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private connected(ws: WebSocket, { rate, count }: OrderedOptions): void {
    ws.on('error', () => {});
    this.streams += 1;
    const prefix = `s${this.streams}`;
    const log: string[] = [];
    const send = (json: string) => {
      if (ws.readyState === ws.OPEN) ws.send(json);
    };
    const timer = setInterval(() => {
      const seq = log.length + 1;
      const event: OrderedEvent = { eventId: `${prefix}-${seq}`, seq, data: `event ${seq}` };
      const json = JSON.stringify(event);
      log.push(json);
      send(json);
      if (log.length >= count) {
        clearInterval(timer);
        this.timers.delete(timer);
      }
    }, 1000 / rate);
    this.timers.add(timer);
    ws.on('close', () => {
      clearInterval(timer);
      this.timers.delete(timer);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const from = parseReplayRequest(data.toString());
      if (from === null) return;
      for (let i = from - 1; i < log.length; i++) send(log[i] as string);
    });
  }
}
