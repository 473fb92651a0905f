/**
 * A pure, incremental pairing of HTTP requests and answers on one hop, per TCP connection (FIFO,
 * as HTTP/1.1 keep-alive pairs them), for the lessons' step folds (`Reducer`s must never mutate
 * their state, so lib/machines' `HttpExchangeTracker`, which does, cannot live in one). Each call
 * returns the new pairing and what the event completed: a request seen, a piece of an answer's body,
 * a whole answer (head + body text), or the requests a closed connection left unanswered.
 */
import { bodyText, responseHasNoBody } from '@/lib/machines/http-exchanges';
import { classifyRequest, type LabTransport } from '@/lib/mirror/select-transport';
import type {
  Header,
  Hop,
  HttpBodyEvent,
  HttpRequestEvent,
  HttpResponseEvent,
  WireEvent,
} from '@/lib/mirror/types';

export interface SeenRequest {
  seq: number;
  t: number;
  conn: string;
  method: string;
  target: string;
  headers: readonly Header[];
  transport: LabTransport | undefined;
}

export interface SeenAnswer {
  request: SeenRequest;
  status: number;
  headers: readonly Header[];
  /** Seq of the response head. */
  seq: number;
  /** Seq of the event that completed it (the head, or the final body piece). */
  endSeq: number;
  t: number;
  /** The decoded body text (de-chunked). */
  body: string;
}

interface OpenResponse {
  seq: number;
  status: number;
  headers: readonly Header[];
  pieces: readonly HttpBodyEvent[];
}

interface ConnPairs {
  /** Requests without a complete answer, oldest first. */
  queue: readonly SeenRequest[];
  /** The answer to queue[0] while its body is arriving. */
  response?: OpenResponse;
}

export type HttpPairs = ReadonlyMap<string, ConnPairs>;

export const NO_PAIRS: HttpPairs = new Map();

export interface PairStep {
  pairs: HttpPairs;
  request?: SeenRequest;
  /** A response head or body piece, with the request it answers. */
  piece?: { request: SeenRequest; event: HttpResponseEvent | HttpBodyEvent };
  answered?: SeenAnswer;
  /** Requests still unanswered when their connection closed. */
  closed?: readonly SeenRequest[];
}

function seen(e: HttpRequestEvent): SeenRequest {
  return {
    seq: e.seq,
    t: e.t,
    conn: e.conn,
    method: e.method,
    target: e.target,
    headers: e.headers,
    transport: classifyRequest(e),
  };
}

function answer(req: SeenRequest, r: OpenResponse, endSeq: number, t: number): SeenAnswer {
  return {
    request: req,
    status: r.status,
    headers: r.headers,
    seq: r.seq,
    endSeq,
    t,
    body: r.pieces.length === 0 ? '' : bodyText(r.pieces, { headers: [...r.headers] }),
  };
}

function withConn(pairs: HttpPairs, conn: string, next: ConnPairs | undefined): HttpPairs {
  const out = new Map(pairs);
  if (next === undefined || (next.queue.length === 0 && !next.response)) out.delete(conn);
  else out.set(conn, next);
  return out;
}

export function stepPairs(pairs: HttpPairs, e: WireEvent, hop: Hop = 'browser-edge'): PairStep {
  if (e.hop !== hop) return { pairs };
  const c = pairs.get(e.conn);
  switch (e.kind) {
    case 'http-request': {
      const request = seen(e);
      const queue = [...(c?.queue ?? []), request];
      return { pairs: withConn(pairs, e.conn, { ...c, queue }), request };
    }
    case 'http-response': {
      const request = c?.queue[0];
      if (!c || !request || c.response || (e.status < 200 && e.status !== 101)) return { pairs };
      const response: OpenResponse = {
        seq: e.seq,
        status: e.status,
        headers: e.headers,
        pieces: [],
      };
      const piece = { request, event: e };
      const fakeReq = { method: request.method } as HttpRequestEvent;
      if (e.status === 101 || responseHasNoBody(fakeReq, e)) {
        const next = { queue: c.queue.slice(1) };
        return {
          pairs: withConn(pairs, e.conn, next),
          piece,
          answered: answer(request, response, e.seq, e.t),
        };
      }
      return { pairs: withConn(pairs, e.conn, { ...c, response }), piece };
    }
    case 'http-body': {
      if (e.dir !== 'down' || !c?.response) return { pairs };
      const request = c.queue[0] as SeenRequest;
      const response = { ...c.response, pieces: [...c.response.pieces, e] };
      const piece = { request, event: e };
      if (!e.final) return { pairs: withConn(pairs, e.conn, { ...c, response }), piece };
      return {
        pairs: withConn(pairs, e.conn, { queue: c.queue.slice(1) }),
        piece,
        answered: answer(request, response, e.seq, e.t),
      };
    }
    case 'conn-close': {
      if (!c) return { pairs };
      return { pairs: withConn(pairs, e.conn, undefined), closed: c.queue };
    }
    default:
      return { pairs };
  }
}

/** The `?cursor=` of a poll target (undefined when absent). */
export function cursorOf(target: string): number | undefined {
  const m = /[?&]cursor=(\d+)/.exec(target);
  return m ? Number(m[1]) : undefined;
}

/** Ids of the messages in a plain poll answer `{"messages":[{id,…}],…}`. */
export function messageIdsOf(body: string): number[] {
  try {
    const value = JSON.parse(body) as { messages?: { id?: unknown }[] };
    return (value.messages ?? [])
      .map((m) => m.id)
      .filter((id): id is number => typeof id === 'number');
  } catch {
    return [];
  }
}
