/**
 * WireEvents → `sseStreamMachine` events, keyed by the request path (one EventSource per URL; its
 * reconnects use new connections to the same path). A request is an EventSource request when it
 * sends `Accept: text/event-stream` or targets the lab's `/sse` (see `classifyRequest`).
 *
 * The end of the stream is the end of its response (the zero-size chunk) or of its TCP connection,
 * whichever comes first.
 */
import { headerValue, parseEioTarget } from '@/lib/mirror/select-eio';
import { base64ByteLength, classifyRequest } from '@/lib/mirror/select-transport';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import type { TimedEvent } from './fold';
import { type HttpExchange, HttpExchangeTracker } from './http-exchanges';
import type { SseStreamEvent } from './sse-stream';

export interface MappedSseEvent extends TimedEvent<SseStreamEvent> {
  /** The request path ('/lab/<s>/sse'). */
  key: string;
}

export class SseMapper {
  private readonly exchanges: HttpExchangeTracker;
  private readonly keyOf = new WeakMap<HttpExchange, string>();
  private readonly seen: string[] = [];

  constructor(readonly hop: Hop = 'browser-edge') {
    this.exchanges = new HttpExchangeTracker(hop);
  }

  /** Stream keys (paths) in order of their first request. */
  get keys(): string[] {
    return [...this.seen];
  }

  push(e: WireEvent): MappedSseEvent[] {
    if (e.hop !== this.hop) return [];
    const update = this.exchanges.push(e);
    if (update === undefined) return [];
    const out: MappedSseEvent[] = [];
    const emit = (key: string, event: SseStreamEvent): void => {
      out.push({ key, t: e.t, seq: e.seq, event });
    };
    const base = { t: e.t, seq: e.seq };
    switch (update.type) {
      case 'request': {
        const request = update.exchange.request;
        if (classifyRequest(request) !== 'sse') break;
        const key = parseEioTarget(request.target).path;
        this.keyOf.set(update.exchange, key);
        if (!this.seen.includes(key)) this.seen.push(key);
        const lastEventId = headerValue(request.headers, 'last-event-id');
        emit(key, {
          type: 'REQUEST',
          ...base,
          conn: e.conn,
          target: request.target,
          ...(lastEventId !== undefined ? { lastEventId } : {}),
        });
        break;
      }
      case 'response':
      case 'complete':
      case 'response-body': {
        const x = update.exchange;
        const key = this.keyOf.get(x);
        if (key === undefined || x.response === undefined) break;
        if (e.kind === 'http-response') {
          const contentType = headerValue(x.response.headers, 'content-type');
          emit(key, {
            type: 'RESPONSE',
            ...base,
            status: x.response.status,
            ...(contentType !== undefined ? { contentType } : {}),
          });
        }
        if (e.kind === 'http-body') {
          if (e.sse === undefined || e.sse.length === 0) {
            if (!e.final) emit(key, { type: 'KEEPALIVE', ...base, bytes: base64ByteLength(e.raw) });
          }
          for (const m of e.sse ?? []) emit(key, { type: 'MESSAGE', ...base, ...m });
        }
        if (update.type === 'complete') {
          emit(key, { type: 'CLOSED', ...base, reason: 'the server ended the response' });
        }
        break;
      }
      case 'closed': {
        for (const x of update.exchanges) {
          const key = this.keyOf.get(x);
          if (key === undefined) continue;
          emit(key, { type: 'CLOSED', ...base, reason: `TCP ${update.how} by ${update.by}` });
        }
        break;
      }
      default:
        break;
    }
    return out;
  }
}

/** Maps a whole log (one hop) and groups the events by stream path, for `foldEvents`. */
export function sseStreamsOf(
  events: readonly WireEvent[],
  hop: Hop = 'browser-edge',
): { key: string; events: TimedEvent<SseStreamEvent>[] }[] {
  const mapper = new SseMapper(hop);
  const byKey = new Map<string, TimedEvent<SseStreamEvent>[]>();
  for (const e of events) {
    for (const { key, ...timed } of mapper.push(e)) {
      const list = byKey.get(key) ?? [];
      list.push(timed);
      byKey.set(key, list);
    }
  }
  return mapper.keys.map((key) => ({ key, events: byKey.get(key) ?? [] }));
}
