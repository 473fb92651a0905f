/**
 * Writing relayed exchanges (server/edge/http-relay.ts): a response head and body pieces as Node
 * serializes them (tapped on the browser hop exactly as written), the edge's own plain answers, and
 * the Engine.IO packet faults on polling bodies: a polling POST or poll response is held whole
 * while message faults act on its direction, its packets rewritten (polling-packets.ts) and sent
 * with a fixed Content-Length.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { concatBytes, utf8Decode, utf8Encode } from '../../lib/wire/bytes';
import type { ResponseHead } from '../../lib/wire/http-head';
import type { ConnFaults } from './faults/conn-faults';
import { isPollingUrl, withContentLength } from './faults/polling-packets';
import { chunkFrame, requestHeadBytes, writtenHeaderText } from './head';
import type { Pauser } from './pauser';
import type { ConnTap } from './tap';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Node frames the response body itself (we record what it adds). */
  chunked: boolean;
  headSent: boolean;
  done: boolean;
  /** A polling response held whole so packet faults can rewrite it (see polling-packets.ts). */
  held: { head: ResponseHead; parts: Uint8Array[]; size: number } | null;
}

/** A polling body larger than this is relayed as it comes, without packet faults. */
export const MAX_HELD_BODY = 1024 * 1024;

export interface ExchangeWriterDeps {
  tap: ConnTap;
  faults(): ConnFaults;
  /** The upstream socket's flow (paused while the browser is slow). */
  flow(): Pauser | null;
  /** Into the up pipeline. */
  up(bytes: Uint8Array): void;
  fail(message: string): void;
}

export class ExchangeWriter {
  constructor(private readonly deps: ExchangeWriterDeps) {}

  /** A polling response under packet faults is held whole (it is small: one poll's packets). */
  holdsPolling(exchange: Exchange, head: ResponseHead): boolean {
    if (head.status !== 200 || exchange.req.method !== 'GET') return false;
    if (!isPollingUrl(exchange.req.url)) return false;
    const names = head.headers.map(([name]) => name.toLowerCase());
    if (!names.includes('content-length') || names.includes('transfer-encoding')) return false;
    return this.deps.faults().down.packetFaultsOn();
  }

  /** Sends a held polling response: rewritten when `whole`, as received when it grew too big. */
  releaseHeld(exchange: Exchange, whole: boolean): void {
    const held = exchange.held;
    if (held === null) return;
    exchange.held = null;
    const original = concatBytes(held.parts);
    const rewritten = whole
      ? this.deps.faults().down.rewritePollingBody(utf8Decode(original))
      : null;
    if (rewritten === null) {
      if (this.sendHead(exchange, held.head)) this.sendBody(exchange, original);
      return;
    }
    const body = utf8Encode(rewritten);
    const headers = held.head.headers.map(([name, value]): [string, string] => [
      name,
      name.toLowerCase() === 'content-length' ? String(body.length) : value,
    ]);
    if (this.sendHead(exchange, { ...held.head, headers })) this.sendBody(exchange, body);
  }

  sendHead(exchange: Exchange, head: ResponseHead): boolean {
    const { res } = exchange;
    const flat: string[] = [];
    for (const [name, value] of head.headers) flat.push(name, value);
    try {
      res.writeHead(head.status, head.reason, flat);
      res.flushHeaders();
    } catch (error) {
      this.deps.fail(`lab node sent a response Node refused to relay (${String(error)})`);
      return false;
    }
    exchange.headSent = true;
    exchange.chunked = res.chunkedEncoding;
    const header = writtenHeaderText(res);
    if (header !== null) this.deps.tap.bytes('browser-edge', 'down', utf8Encode(header));
    return true;
  }

  sendBody(exchange: Exchange, data: Uint8Array): void {
    if (!exchange.headSent || data.length === 0) return;
    this.deps.tap.bytes('browser-edge', 'down', exchange.chunked ? chunkFrame(data) : data);
    const flow = this.deps.flow();
    if (!exchange.res.write(data) && flow !== null && !flow.has('browser-full')) {
      flow.pause('browser-full');
      exchange.res.once('drain', () => flow.resume('browser-full'));
    }
  }

  /** An answer from the edge itself, tapped as written. */
  respondPlain(res: ServerResponse, status: number, message: string): void {
    const body = utf8Encode(`${message}\n`);
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      Connection: 'close',
    });
    res.flushHeaders();
    const header = writtenHeaderText(res);
    if (header !== null) this.deps.tap.bytes('browser-edge', 'down', utf8Encode(header));
    this.deps.tap.bytes('browser-edge', 'down', body);
    res.end(body);
  }

  /**
   * A polling POST under packet faults: tapped on the browser hop as sent, held whole, its packets
   * rewritten, forwarded with a fixed Content-Length.
   */
  sendPollingPost(req: IncomingMessage): void {
    this.deps.tap.bytes('browser-edge', 'up', requestHeadBytes(req));
    const parts: Uint8Array[] = [];
    req.on('data', (chunk: Buffer) => {
      this.deps.tap.bytes('browser-edge', 'up', chunk);
      parts.push(chunk);
    });
    req.on('end', () => {
      const original = concatBytes(parts);
      const rewritten = this.deps.faults().up.rewritePollingBody(utf8Decode(original));
      if (rewritten === null) {
        this.deps.up(requestHeadBytes(req));
        this.deps.up(original);
        return;
      }
      const body = utf8Encode(rewritten);
      this.deps.up(requestHeadBytes(req, withContentLength(req.rawHeaders, body.length)));
      this.deps.up(body);
    });
  }
}
