/**
 * Server-sent events on the session's message stream (lesson 7), `GET /lab/<s>/sse`:
 * `text/event-stream`; `retry: 2000` once at the start; then every message as
 * `id: <n>\ndata: {"id":n,"data":…,"at":ms}\n\n`; a `: keep-alive` comment every `sseKeepAliveMs`
 * (default 15 s) so idle proxies keep the response open.
 *
 * Resume: `Last-Event-ID` (the header EventSource sends when it reconnects) or `?lastEventId=N` on
 * the first connect replays every kept message after N from the ring buffer before live ones, so a
 * reconnect misses nothing; when some are already gone a `: missed <k> messages …` comment says so.
 * A reader that falls more than 4 MiB behind is cut off (EventSource then reconnects and resumes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabConfig } from './lab-config';
import { type MessageStream, RING_SIZE, type StreamEntry } from './message-stream';
import { Params, sendError, sendText } from './params';
import type { TimerSet } from './timer-set';

export const SSE_RETRY_MS = 2000;
export const SSE_MAX_BUFFERED = 4 * 1024 * 1024;

interface Reader {
  res: ServerResponse;
  keepAlive: NodeJS.Timeout | null;
  unsubscribe: () => void;
}

export class SseEndpoint {
  private readonly readers = new Set<Reader>();

  constructor(
    private readonly stream: MessageStream,
    private readonly timers: TimerSet,
    private readonly config: () => LabConfig,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      sendText(res, 405, 'SSE is a GET\n', { Allow: 'GET' });
      return;
    }
    const params = Params.of(req.url);
    const fromQuery = params.int('lastEventId', 0, Number.MAX_SAFE_INTEGER, undefined);
    params.rejectUnknown();
    const rawHeader = req.headers['last-event-id'];
    const header = Array.isArray(rawHeader) ? rawHeader.join(',') : rawHeader;
    let lastEventId = fromQuery;
    if (header !== undefined && header !== '') {
      if (!/^\d{1,16}$/.test(header) || !Number.isSafeInteger(Number(header))) {
        params.error ??= `Last-Event-ID must be a message id (a non-negative integer), got ${JSON.stringify(header.slice(0, 40))}`;
      } else lastEventId = Number(header);
    }
    if (params.error !== null) {
      sendError(res, 400, params.error);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${SSE_RETRY_MS}\n\n`);
    if (lastEventId !== undefined) {
      const since = this.stream.since(Math.min(lastEventId, this.stream.lastId));
      if (since.missed > 0) {
        res.write(`: missed ${since.missed} messages (only the last ${RING_SIZE} are kept)\n\n`);
      }
      if (since.entries.length > 0) res.write(since.entries.map(eventText).join(''));
    }
    const reader: Reader = {
      res,
      keepAlive: null,
      unsubscribe: this.stream.subscribe((entry) => this.push(reader, entry)),
    };
    this.readers.add(reader);
    this.startKeepAlive(reader);
    res.on('close', () => this.drop(reader));
  }

  /** Restarts every reader's keep-alive with the current period. */
  reconfigure(): void {
    for (const reader of this.readers) this.startKeepAlive(reader);
  }

  get size(): number {
    return this.readers.size;
  }

  close(): void {
    for (const reader of [...this.readers]) {
      this.drop(reader);
      reader.res.destroy();
    }
  }

  private push(reader: Reader, entry: StreamEntry): void {
    if (reader.res.writableLength > SSE_MAX_BUFFERED) {
      this.drop(reader);
      reader.res.end();
      return;
    }
    reader.res.write(eventText(entry));
  }

  private startKeepAlive(reader: Reader): void {
    this.timers.clear(reader.keepAlive);
    reader.keepAlive = this.timers.interval(() => {
      reader.res.write(': keep-alive\n\n');
    }, this.config().sseKeepAliveMs);
  }

  private drop(reader: Reader): void {
    if (!this.readers.delete(reader)) return;
    reader.unsubscribe();
    this.timers.clear(reader.keepAlive);
    reader.keepAlive = null;
  }
}

export function eventText(entry: StreamEntry): string {
  return `id: ${entry.message.id}\ndata: ${entry.json}\n\n`;
}
