/**
 * One EventSource's stream, across the reconnects it makes (HTML standard §9.2 "Server-sent events").
 *
 *   idle ─REQUEST─▶ connecting                 GET with Accept: text/event-stream
 *   connecting ─RESPONSE [isEventStream]─▶ open    200 + Content-Type: text/event-stream
 *   connecting ─RESPONSE─▶ failed              any other status or type: EventSource gives up
 *   open ─MESSAGE─▶ open                       id:/data: events (context: lastEventId, count, retry)
 *   open / connecting ─CLOSED─▶ reconnecting   the connection ended; the browser waits `retry` ms
 *   reconnecting.waiting ─after retryDelay─▶ reconnecting.due    retry ms passed on the wire clock
 *   reconnecting ─REQUEST─▶ connecting         the new GET's Last-Event-ID is compared with the
 *                                              last id seen: resumedFrom, resumeMismatch
 *
 * Gaps: when ids are integers (the lab server numbers its events 1, 2, 3, …), an event whose id is
 * more than one past the previous id adds the skipped ids to `missed`; one at or below it is a
 * duplicate. Non-numeric ids are tracked but not checked. `retryDelay` is the last `retry:` value,
 * else Chromium's default reconnection time (3000 ms; Firefox uses 5000 ms).
 */
import { assign, setup } from 'xstate';

export const DEFAULT_SSE_RETRY_MS = 3000;

export type SseStreamEvent =
  | { type: 'REQUEST'; t: number; seq: number; conn: string; target: string; lastEventId?: string }
  | { type: 'RESPONSE'; t: number; seq: number; status: number; contentType?: string }
  | {
      type: 'MESSAGE';
      t: number;
      seq: number;
      id?: string;
      event: string;
      data: string;
      retry?: number;
    }
  /** A body piece with no event in it: a `:` comment keep-alive (its wire bytes). */
  | { type: 'KEEPALIVE'; t: number; seq: number; bytes: number }
  | { type: 'CLOSED'; t: number; seq: number; reason: string };

export interface SseStreamContext {
  /** GETs made (the first plus every reconnect). */
  connections: number;
  reconnects: number;
  conn?: string;
  /** The last `id:` seen on the wire (what the browser will send as Last-Event-ID). */
  lastEventId?: string;
  count: number;
  countThisConnection: number;
  /** The last `retry:` value seen, in ms. */
  retry?: number;
  keepAlives: number;
  /** Last-Event-ID header of the latest request (absent on a first connect). */
  resumedFrom?: string;
  /** The request resumed from an id other than the last one seen. */
  resumeMismatch?: { sent?: string; lastSeen?: string };
  /** Ids that never arrived (numeric ids only). */
  missed: string[];
  /** Ids that arrived again. */
  duplicates: string[];
  /** Close → next request, in ms, per reconnect. */
  reconnectDelays: number[];
  closedAt?: number;
  closeReason?: string;
  status?: number;
  contentType?: string;
  failure?: string;
}

export const initialSseStreamContext: SseStreamContext = {
  connections: 0,
  reconnects: 0,
  count: 0,
  countThisConnection: 0,
  keepAlives: 0,
  missed: [],
  duplicates: [],
  reconnectDelays: [],
};

const MAX_IDS = 200;

function asInt(id: string | undefined): number | undefined {
  return id !== undefined && /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

/** Ids strictly between `from` and `to` (both integers), capped. */
function between(from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from + 1; i < to && out.length < MAX_IDS; i++) out.push(String(i));
  return out;
}

export const sseStreamMachine = setup({
  types: {
    context: {} as SseStreamContext,
    events: {} as SseStreamEvent,
  },
  delays: {
    retryDelay: ({ context }) => context.retry ?? DEFAULT_SSE_RETRY_MS,
  },
  guards: {
    isEventStream: ({ event }) =>
      event.type === 'RESPONSE' &&
      event.status === 200 &&
      (event.contentType ?? '').toLowerCase().startsWith('text/event-stream'),
  },
  actions: {
    recordRequest: assign(({ context, event }) => {
      if (event.type !== 'REQUEST') return {};
      const again = context.connections > 0;
      const mismatch =
        again && event.lastEventId !== context.lastEventId
          ? { resumeMismatch: { sent: event.lastEventId, lastSeen: context.lastEventId } }
          : { resumeMismatch: undefined };
      return {
        connections: context.connections + 1,
        reconnects: context.reconnects + (again ? 1 : 0),
        conn: event.conn,
        resumedFrom: event.lastEventId,
        countThisConnection: 0,
        reconnectDelays:
          again && context.closedAt !== undefined
            ? [...context.reconnectDelays, event.t - context.closedAt]
            : context.reconnectDelays,
        ...mismatch,
      };
    }),
    recordResponse: assign(({ event }) =>
      event.type === 'RESPONSE' ? { status: event.status, contentType: event.contentType } : {},
    ),
    recordFailure: assign(({ event }) =>
      event.type === 'RESPONSE'
        ? {
            failure:
              event.status === 200
                ? `Content-Type ${event.contentType ?? '(none)'} is not text/event-stream`
                : `answered ${event.status} instead of 200`,
          }
        : {},
    ),
    recordMessage: assign(({ context, event }) => {
      if (event.type !== 'MESSAGE') return {};
      const patch: Partial<SseStreamContext> = {
        count: context.count + 1,
        countThisConnection: context.countThisConnection + 1,
      };
      if (event.retry !== undefined) patch.retry = event.retry;
      if (event.id === undefined) return patch;
      const id = asInt(event.id);
      const last = asInt(context.lastEventId);
      if (id !== undefined && last !== undefined) {
        if (id > last + 1) patch.missed = [...context.missed, ...between(last, id)].slice(-MAX_IDS);
        if (id <= last) patch.duplicates = [...context.duplicates, event.id].slice(-MAX_IDS);
      }
      if (id === undefined || last === undefined || id > last) patch.lastEventId = event.id;
      return patch;
    }),
    countKeepAlive: assign(({ context }) => ({ keepAlives: context.keepAlives + 1 })),
    recordClose: assign(({ event }) =>
      event.type === 'CLOSED' ? { closedAt: event.t, closeReason: event.reason } : {},
    ),
  },
}).createMachine({
  id: 'sse',
  context: initialSseStreamContext,
  initial: 'idle',
  states: {
    idle: {
      description: 'No EventSource request seen yet.',
      on: { REQUEST: { target: 'connecting', actions: 'recordRequest' } },
    },
    connecting: {
      description: 'GET with Accept: text/event-stream sent (Last-Event-ID when resuming).',
      tags: ['connecting'],
      on: {
        RESPONSE: [
          { guard: 'isEventStream', target: 'open', actions: 'recordResponse' },
          { target: 'failed', actions: ['recordResponse', 'recordFailure'] },
        ],
        CLOSED: { target: 'reconnecting', actions: 'recordClose' },
      },
    },
    open: {
      description: '200 text/event-stream: the response stays open and events arrive as chunks.',
      tags: ['open'],
      on: {
        MESSAGE: { actions: 'recordMessage' },
        KEEPALIVE: { actions: 'countKeepAlive' },
        CLOSED: { target: 'reconnecting', actions: 'recordClose' },
      },
    },
    reconnecting: {
      description: 'The connection ended; EventSource reconnects after the retry delay.',
      tags: ['reconnecting'],
      initial: 'waiting',
      states: {
        waiting: {
          description: 'Waiting the retry delay (retry: field, else the browser default).',
          after: { retryDelay: { target: 'due' } },
        },
        due: {
          description: 'The retry delay has passed: the new request is due.',
          tags: ['due'],
        },
      },
      on: { REQUEST: { target: 'connecting', actions: 'recordRequest' } },
    },
    failed: {
      description: 'A non-200 answer or a wrong Content-Type: EventSource fails for good.',
      tags: ['terminal', 'failed'],
      type: 'final',
    },
  },
});

export type SseStreamMachine = typeof sseStreamMachine;
