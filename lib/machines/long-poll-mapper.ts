/**
 * WireEvents → `longPollMachine` events, keyed by the client they belong to:
 *
 * - plain polling: key 'long-poll' for `GET /poll?cursor=N`, 'short-poll' for `…&wait=0`;
 *   `POST /poll` (publish) goes to `publishTo` ('long-poll' unless told otherwise);
 * - Engine.IO polling: key = the Engine.IO session name ('e1', …, see `EngineIoEventMapper`); the
 *   handshake GET is not a poll cycle (its answer is the open packet) and is left out.
 *
 * Delivered messages: JSON `messages.length` of a 200 plain answer; Socket.IO EVENT / BINARY_EVENT
 * packets in an Engine.IO payload. Bytes are wire bytes (heads; bodies with chunk framing).
 */
import { parseEioTarget } from '@/lib/mirror/select-eio';
import { classifyRequest, type LabTransport } from '@/lib/mirror/select-transport';
import type { EioPacketInfo, Hop, HttpBodyEvent, WireEvent } from '@/lib/mirror/types';
import { EngineIoEventMapper } from './engineio-mapper';
import type { TimedEvent } from './fold';
import { bodyText, type HttpExchange, HttpExchangeTracker } from './http-exchanges';
import type { LongPollEvent, LongPollFlavor } from './long-poll';

export interface MappedLongPollEvent extends TimedEvent<LongPollEvent> {
  key: string;
}

interface Role {
  key: string;
  flavor: LongPollFlavor;
  method: 'GET' | 'POST';
  short: boolean;
  /** POST_SENT was emitted. */
  sent: boolean;
}

/** Socket.IO EVENT and BINARY_EVENT packets: the messages an application sees. */
export function countSioEvents(packets: readonly EioPacketInfo[] | undefined): number {
  let n = 0;
  for (const p of packets ?? []) {
    const type = p.sio?.type;
    if (p.type === 'message' && (type === 'EVENT' || type === 'BINARY_EVENT')) n++;
  }
  return n;
}

/** `messages.length` of a plain poll answer `{"messages":[…],"cursor":N}` (0 when not that). */
export function countPlainMessages(text: string): number {
  try {
    const value = JSON.parse(text) as { messages?: unknown };
    return Array.isArray(value.messages) ? value.messages.length : 0;
  } catch {
    return 0;
  }
}

function finalEio(pieces: readonly HttpBodyEvent[]): EioPacketInfo[] | undefined {
  for (let i = pieces.length - 1; i >= 0; i--) {
    const eio = pieces[i]?.eio;
    if (eio !== undefined) return eio;
  }
  return undefined;
}

export class LongPollMapper {
  private readonly exchanges: HttpExchangeTracker;
  private readonly eio: EngineIoEventMapper;
  private readonly roles = new WeakMap<HttpExchange, Role>();
  private readonly seen: string[] = [];

  constructor(
    readonly hop: Hop = 'browser-edge',
    private readonly options: { publishTo?: 'long-poll' | 'short-poll' } = {},
  ) {
    this.exchanges = new HttpExchangeTracker(hop);
    this.eio = new EngineIoEventMapper(hop);
  }

  /** Keys seen so far, in order of their first request. */
  get keys(): string[] {
    return [...this.seen];
  }

  private roleFor(
    e: WireEvent,
    transport: LabTransport | undefined,
    session: string | undefined,
  ): Role | undefined {
    if (e.kind !== 'http-request') return undefined;
    const method = e.method === 'POST' ? 'POST' : e.method === 'GET' ? 'GET' : undefined;
    if (method === undefined) return undefined;
    const base = { method, sent: false } as const;
    switch (transport) {
      case 'long-poll':
      case 'short-poll':
        return { ...base, key: transport, flavor: 'plain', short: transport === 'short-poll' };
      case 'publish':
        return {
          ...base,
          key: this.options.publishTo ?? 'long-poll',
          flavor: 'plain',
          short: false,
        };
      case 'sio-polling': {
        if (parseEioTarget(e.target).sid === undefined) return undefined; // the handshake
        if (session === undefined) return undefined;
        return { ...base, key: session, flavor: 'engineio', short: false };
      }
      default:
        return undefined;
    }
  }

  push(e: WireEvent): MappedLongPollEvent[] {
    if (e.hop !== this.hop) return [];
    const out: MappedLongPollEvent[] = [];
    const emit = (key: string, event: LongPollEvent): void => {
      if (!this.seen.includes(key)) this.seen.push(key);
      out.push({ key, t: e.t, seq: e.seq, event });
    };
    const session = this.eio.push(e)[0]?.session;
    const role =
      e.kind === 'http-request' ? this.roleFor(e, classifyRequest(e), session) : undefined;
    const update = this.exchanges.push(e);
    if (update === undefined) return out;
    switch (update.type) {
      case 'request': {
        if (role === undefined) break;
        this.roles.set(update.exchange, role);
        const x = update.exchange;
        if (role.method === 'GET') {
          emit(role.key, {
            type: 'GET_SENT',
            t: e.t,
            seq: e.seq,
            conn: x.conn,
            flavor: role.flavor,
            short: role.short,
            headerBytes: x.requestHeadBytes,
          });
        } else if (!requestHasBody(x)) {
          this.postSent(x, role, emit, e);
        }
        break;
      }
      case 'request-body': {
        const r = this.roles.get(update.exchange);
        if (r?.method === 'POST' && update.piece.final) this.postSent(update.exchange, r, emit, e);
        break;
      }
      case 'complete': {
        const x = update.exchange;
        const r = this.roles.get(x);
        if (r === undefined || x.response === undefined) break;
        if (r.method === 'POST') {
          this.postSent(x, r, emit, e);
          emit(r.key, {
            type: 'POST_ANSWERED',
            t: e.t,
            seq: e.seq,
            status: x.response.status,
            headerBytes: x.responseHeadBytes,
            bodyBytes: x.responseBodyBytes,
          });
          break;
        }
        emit(r.key, {
          type: 'GET_ANSWERED',
          t: e.t,
          seq: e.seq,
          status: x.response.status,
          headerBytes: x.responseHeadBytes,
          bodyBytes: x.responseBodyBytes,
          messages: messagesOf(x, r.flavor),
        });
        break;
      }
      case 'closed': {
        for (const x of update.exchanges) {
          const r = this.roles.get(x);
          if (r === undefined) continue;
          if (r.method === 'POST') {
            this.postSent(x, r, emit, e);
            emit(r.key, {
              type: 'POST_ANSWERED',
              t: e.t,
              seq: e.seq,
              status: x.response?.status ?? 0,
              headerBytes: x.responseHeadBytes,
              bodyBytes: x.responseBodyBytes,
            });
          } else {
            emit(r.key, {
              type: 'GET_ABORTED',
              t: e.t,
              seq: e.seq,
              reason: `TCP ${update.how} by ${update.by} with the GET pending`,
            });
          }
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  private postSent(
    x: HttpExchange,
    role: Role,
    emit: (key: string, event: LongPollEvent) => void,
    e: WireEvent,
  ): void {
    if (role.sent) return;
    role.sent = true;
    emit(role.key, {
      type: 'POST_SENT',
      t: e.t,
      seq: e.seq,
      headerBytes: x.requestHeadBytes,
      bodyBytes: x.requestBodyBytes,
      messages: role.flavor === 'plain' ? 1 : countSioEvents(finalEio(x.requestBody)),
    });
  }
}

function requestHasBody(x: HttpExchange): boolean {
  const headers = x.request.headers;
  const length = headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  const chunked = headers.some(([n]) => n.toLowerCase() === 'transfer-encoding');
  return chunked || (length !== undefined && length !== '0');
}

function messagesOf(x: HttpExchange, flavor: LongPollFlavor): number {
  if (x.response?.status !== 200) return 0;
  if (flavor === 'engineio') return countSioEvents(finalEio(x.responseBody));
  return countPlainMessages(bodyText(x.responseBody, x.response));
}

/** Maps a whole log (one hop) and groups the events by key, for `foldEvents`. */
export function longPollStreamsOf(
  events: readonly WireEvent[],
  hop: Hop = 'browser-edge',
  options: { publishTo?: 'long-poll' | 'short-poll' } = {},
): { key: string; events: TimedEvent<LongPollEvent>[] }[] {
  const mapper = new LongPollMapper(hop, options);
  const byKey = new Map<string, TimedEvent<LongPollEvent>[]>();
  for (const e of events) {
    for (const { key, ...timed } of mapper.push(e)) {
      const list = byKey.get(key) ?? [];
      list.push(timed);
      byKey.set(key, list);
    }
  }
  return mapper.keys.map((key) => ({ key, events: byKey.get(key) ?? [] }));
}
