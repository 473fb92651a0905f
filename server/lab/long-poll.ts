/**
 * Plain long polling on the session's message stream (lessons 6 and 7), `/lab/<s>/poll`:
 *
 * - `GET ?cursor=N[&wait=ms]`: messages with id > N. If there are some, 200 at once with
 *   `{"messages":[{id,data,at}…],"cursor":<last id>}` (+ `"missed":k` when some already left the
 *   ring buffer). Otherwise the request is held until one is published (200) or `wait` ms pass
 *   (204, no body; the client polls again with the same cursor). `wait` defaults to the node's
 *   `holdMs`; `wait=0` is short polling: 204 at once when there is nothing new.
 *   A cursor beyond the newest id (the client knew a stream this node no longer has) answers 200
 *   at once with everything kept and `"reset":true`.
 * - `POST` with `{"data": <any JSON>}` publishes a message to every transport: 201 `{id, at}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublishResponse } from '../../lib/lab/endpoints';
import type { LabConfig } from './lab-config';
import type { MessageStream, Since } from './message-stream';
import { Params, readJsonBody, sendEmpty, sendError, sendJson, sendText } from './params';
import type { TimerSet } from './timer-set';

export const MAX_WAIT_MS = 120_000;
export const MAX_POST_BYTES = 64 * 1024;

interface Waiter {
  res: ServerResponse;
  cursor: number;
  timer: NodeJS.Timeout | null;
}

export class LongPoll {
  private readonly waiters = new Set<Waiter>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly stream: MessageStream,
    private readonly timers: TimerSet,
    private readonly config: () => LabConfig,
  ) {
    this.unsubscribe = stream.subscribe(() => this.wake());
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') this.get(req, res);
    else if (req.method === 'POST') void this.post(req, res);
    else sendText(res, 405, 'use GET to poll or POST to publish\n', { Allow: 'GET, POST' });
  }

  /** Requests held open now. */
  get size(): number {
    return this.waiters.size;
  }

  close(): void {
    this.unsubscribe();
    for (const waiter of this.waiters) this.timers.clear(waiter.timer);
    this.waiters.clear();
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    const params = Params.of(req.url);
    const cursor = params.int('cursor', 0, Number.MAX_SAFE_INTEGER, 0);
    const wait = params.int('wait', 0, MAX_WAIT_MS, this.config().holdMs);
    params.rejectUnknown();
    if (params.error !== null) {
      sendError(res, 400, params.error);
      return;
    }
    if (cursor > this.stream.lastId) {
      respond(res, this.stream.since(0), true);
      return;
    }
    const since = this.stream.since(cursor);
    if (since.entries.length > 0) {
      respond(res, since, false);
      return;
    }
    if (wait === 0) {
      sendEmpty(res, 204);
      return;
    }
    const waiter: Waiter = { res, cursor, timer: null };
    waiter.timer = this.timers.timeout(() => {
      waiter.timer = null;
      this.waiters.delete(waiter);
      sendEmpty(res, 204);
    }, wait);
    this.waiters.add(waiter);
    res.on('close', () => {
      this.timers.clear(waiter.timer);
      this.waiters.delete(waiter);
    });
  }

  private async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = Params.of(req.url);
    params.rejectUnknown();
    if (params.error !== null) {
      sendError(res, 400, params.error);
      req.resume();
      return;
    }
    const body = await readJsonBody(req, MAX_POST_BYTES);
    if (!body.ok) {
      sendError(res, body.status, body.error);
      return;
    }
    const value = body.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !('data' in value)) {
      sendError(res, 400, 'body must be a JSON object with a "data" field: {"data": …}');
      return;
    }
    const { message } = this.stream.publish((value as { data: unknown }).data);
    sendJson(res, 201, { id: message.id, at: message.at } satisfies PublishResponse);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      const since = this.stream.since(waiter.cursor);
      if (since.entries.length === 0) continue;
      this.timers.clear(waiter.timer);
      waiter.timer = null;
      this.waiters.delete(waiter);
      respond(waiter.res, since, false);
    }
  }
}

/** Writes a PollResponse (lib/lab/endpoints.ts) by hand, splicing in each message's JSON made once at publish. */
function respond(res: ServerResponse, since: Since, reset: boolean): void {
  const last = since.entries.at(-1)?.message.id ?? 0;
  const extra = `${since.missed > 0 ? `,"missed":${since.missed}` : ''}${reset ? ',"reset":true' : ''}`;
  const body = `{"messages":[${since.entries.map((e) => e.json).join(',')}],"cursor":${last}${extra}}`;
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
