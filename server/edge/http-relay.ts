/**
 * Relays plain HTTP lab requests (Engine.IO polling GETs and POSTs, SSE) to the lab node.
 *
 * Node's HTTP server has already parsed the browser's request, so the edge is its own HTTP hop: each
 * browser TCP socket gets one upstream TCP socket to the lab node (created on its first lab request,
 * reused for keep-alive requests, closed when either side closes) and one connection id, so ids
 * mirror real TCP connections. Requests go upstream as raw bytes; the node's raw response bytes are
 * decoded with the same HTTP stream decoder the tap uses and re-sent with writeHead/write/end,
 * streamed piece by piece (long-polls and SSE are never buffered whole).
 *
 * Tap points: browser-edge up = rebuilt request head + body bytes (chunk framing re-added for
 * chunked requests); edge-node up/down = exact bytes on the upstream socket; browser-edge down = the
 * header block Node serialized plus each body piece as written (with Node's chunk framing).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import type { ResponseHead } from '../../lib/wire/http-head';
import { type HttpItem, HttpStreamDecoder } from '../../lib/wire/http-stream';
import { ConnFaults } from './faults/conn-faults';
import { isPollingUrl } from './faults/polling-packets';
import { chunkFrame, LAST_CHUNK, requestHeadBytes } from './head';
import { HopLife } from './hop-life';
import type { EdgeHost } from './host';
import { Pauser } from './pauser';
import { Pipeline } from './pipeline';
import { type Exchange, ExchangeWriter, MAX_HELD_BODY } from './relay-exchange';
import { ConnTap } from './tap';
import { FIN_GRACE_MS, peerOf } from './upgrade-proxy';

export function sendPlain(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${message}\n`);
}

/** All relayed browser sockets of one session. */
export class HttpRelay {
  private readonly conns = new Map<net.Socket, RelayConn>();

  constructor(private readonly host: EdgeHost) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    let relay = this.conns.get(socket);
    if (relay === undefined || relay.dead) {
      if (!this.host.acquireConnection()) {
        sendPlain(
          res,
          503,
          `lab connection limit reached (${this.host.limits.maxConnections} open)`,
        );
        return;
      }
      const created = new RelayConn(this.host, socket, req.url ?? '/', () => {
        this.host.releaseConnection();
        if (this.conns.get(socket) === created) this.conns.delete(socket);
      });
      relay = created;
      this.conns.set(socket, relay);
    }
    relay.enqueue(req, res);
  }

  get size(): number {
    return this.conns.size;
  }
}

class RelayConn {
  /** No new requests go to this connection (a new one is made). */
  dead = false;
  private failed = false;
  private readonly tap: ConnTap;
  private readonly browser: HopLife;
  private upstream: HopLife | null = null;
  private upstreamFlow: Pauser | null = null;
  private readonly browserFlow: Pauser;
  private readonly faults: ConnFaults;
  private readonly writer: ExchangeWriter;
  private connected = false;
  private downFinishing = false;
  private readonly pendingUp: Uint8Array[] = [];
  private readonly queue: Exchange[] = [];
  private readonly decoder = new HttpStreamDecoder('response', { maxBodyKept: 0 });
  private readonly up: Pipeline;
  private readonly down: Pipeline;
  private readonly untrack: () => void;
  private released = false;

  constructor(
    private readonly host: EdgeHost,
    private readonly socket: net.Socket,
    path: string,
    private readonly onRelease: () => void,
  ) {
    const conn = host.nextConnId();
    this.tap = new ConnTap(conn, host.sink);
    this.tap.open('browser-edge', { path, peer: peerOf(socket) });
    this.browserFlow = new Pauser(socket);
    this.faults = new ConnFaults({
      host,
      tap: this.tap,
      kind: 'http',
      reset: (message) => this.reset(message),
      closeIdle: (message) => this.closeIdle(message),
      pressure: (dir, high) => {
        const flow = dir === 'up' ? this.browserFlow : this.upstreamFlow;
        if (high) flow?.pause('faults');
        else flow?.resume('faults');
      },
    });
    this.writer = new ExchangeWriter({
      tap: this.tap,
      faults: () => this.faults,
      flow: () => this.upstreamFlow,
      up: (bytes) => this.up.write(bytes),
      fail: (message) => this.failAll(message),
    });
    this.up = new Pipeline([this.faults.up], (chunk) => {
      if (this.connected) this.writeUp(chunk);
      else this.pendingUp.push(chunk);
    });
    this.down = new Pipeline([this.faults.down], (chunk) => this.onResponseBytes(chunk));
    this.untrack = host.track(() => this.reset('session ended'));
    this.browser = new HopLife(this.tap, 'browser-edge', socket, 'client', () => {
      this.release();
      const upstream = this.upstream;
      if (upstream !== null && !upstream.closed) {
        const by = this.browser.closedBy ?? 'client';
        upstream.destroy(this.browser.errorCause() ?? { how: 'end', by }, false);
      }
    });
    this.connect(path);
  }

  enqueue(req: IncomingMessage, res: ServerResponse): void {
    const exchange: Exchange = {
      req,
      res,
      chunked: false,
      headSent: false,
      done: false,
      held: null,
    };
    this.queue.push(exchange);
    res.sendDate = false;
    res.on('close', () => {
      // The browser went away mid-response: the upstream response has nowhere to go.
      if (!exchange.done && !res.writableFinished) this.reset('browser closed mid-response');
    });
    if (req.method === 'HEAD') this.decoder.noBodyNext();
    const chunkedRequest = /\bchunked\b/i.test(String(req.headers['transfer-encoding'] ?? ''));
    if (
      req.method === 'POST' &&
      !chunkedRequest &&
      req.headers['content-length'] !== undefined &&
      isPollingUrl(req.url) &&
      this.faults.up.packetFaultsOn()
    ) {
      this.writer.sendPollingPost(req);
      return;
    }
    this.sendUp(requestHeadBytes(req));
    // A declared Content-Length over the limit was refused before this; a chunked body is counted.
    const limit = this.host.limits.maxPayload;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (this.failed) return;
      received += chunk.length;
      if (received > limit) {
        this.failAll(
          `request body over this lab's limit of ${limit} bytes (maxPayload); the rest was not read`,
          413,
        );
        return;
      }
      this.sendUp(chunkedRequest ? chunkFrame(chunk) : chunk);
    });
    req.on('end', () => {
      if (chunkedRequest) this.sendUp(LAST_CHUNK);
    });
  }

  private sendUp(bytes: Uint8Array): void {
    this.tap.bytes('browser-edge', 'up', bytes);
    this.up.write(bytes);
  }

  private writeUp(chunk: Uint8Array): void {
    this.tap.bytes('edge-node', 'up', chunk);
    const upstream = this.upstream;
    if (upstream !== null && !upstream.socket.write(chunk)) {
      this.browserFlow.pause('upstream-full');
      upstream.socket.once('drain', () => this.browserFlow.resume('upstream-full'));
    }
  }

  private connect(path: string): void {
    this.host
      .labPort()
      .then((port) => {
        if (this.dead) return;
        const target = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
        const flow = new Pauser(target);
        this.upstreamFlow = flow;
        this.upstream = new HopLife(this.tap, 'edge-node', target, 'server', () => {
          this.upstreamGone();
        });
        target.on('connect', () => {
          this.connected = true;
          target.setNoDelay(true);
          this.tap.open('edge-node', { path, peer: `127.0.0.1:${port}` });
          for (const chunk of this.pendingUp.splice(0)) this.writeUp(chunk);
        });
        target.on('error', (error) => {
          if (!this.connected) this.failAll(`lab node refused the connection (${error.message})`);
        });
        target.on('data', (chunk: Buffer) => {
          // The lab node's responses wait while the tap is behind.
          if (!this.tap.bytes('edge-node', 'down', chunk) && !flow.has('tap')) {
            flow.pause('tap');
            this.tap.onDrain(() => flow.resume('tap'));
          }
          this.down.write(chunk);
        });
        target.on('end', () => {
          if (!this.down.open) return;
          // Bytes still waiting in the fault stages (latency, bandwidth) reach the browser first.
          this.downFinishing = true;
          this.down.end(() => {
            this.downFinishing = false;
            for (const item of this.decoder.end()) this.relayItem(item);
            this.upstream?.end();
            if (this.upstream?.closed) this.upstreamGone();
          });
        });
      })
      .catch((error: unknown) => {
        this.failAll(`lab node did not start (${error instanceof Error ? error.message : error})`);
      });
  }

  private onResponseBytes(chunk: Uint8Array): void {
    for (const item of this.decoder.push(chunk)) this.relayItem(item);
  }

  private relayItem(item: HttpItem): void {
    const exchange = this.queue[0];
    if (exchange === undefined) return;
    switch (item.type) {
      case 'head': {
        const head = item.head as ResponseHead;
        if (head.status < 200) return; // 100 Continue and friends: Node answers those itself.
        if (this.writer.holdsPolling(exchange, head)) exchange.held = { head, parts: [], size: 0 };
        else this.writer.sendHead(exchange, head);
        return;
      }
      case 'body': {
        const held = exchange.held;
        if (held !== null) {
          held.parts.push(item.data);
          held.size += item.data.length;
          if (held.size > MAX_HELD_BODY) this.writer.releaseHeld(exchange, false);
          return;
        }
        this.writer.sendBody(exchange, item.data);
        return;
      }
      case 'end': {
        if (exchange.held !== null) this.writer.releaseHeld(exchange, true);
        if (!exchange.headSent) return;
        exchange.done = true;
        this.queue.shift();
        if (exchange.chunked) this.tap.bytes('browser-edge', 'down', LAST_CHUNK);
        exchange.res.end();
        return;
      }
      default:
        // error / upgrade / passthrough: the tap already reported the bytes; the exchange fails.
        this.failAll(`lab node response could not be relayed (${item.type})`);
    }
  }

  /** Answers every waiting exchange with `status` (502) and closes the connection. */
  private failAll(message: string, status = 502): void {
    if (this.failed) return;
    this.failed = true;
    this.dead = true;
    this.tap.marker('edge-node', 'upstream unavailable', message);
    const waiting = this.queue.splice(0);
    for (const exchange of waiting) {
      exchange.done = true;
      if (!exchange.res.headersSent) this.writer.respondPlain(exchange.res, status, message);
      else exchange.res.destroy();
    }
    this.upstream?.destroy({ how: 'reset', by: 'edge', message }, false);
    // With a waiting exchange, Node closes the socket after its `Connection: close` answer.
    if (waiting.length === 0) this.browser.end();
  }

  /** The lab node closed its side: finish the browser connection the way a proxy would. */
  private upstreamGone(): void {
    if (this.downFinishing) return;
    this.up.destroy();
    this.down.destroy();
    if (this.browser.closed) return;
    this.dead = true;
    if (this.queue.length > 0) {
      this.failAll('lab node closed the connection before responding');
      return;
    }
    const inFlight = (this.socket as net.Socket & { _httpMessage?: ServerResponse | null })
      ._httpMessage;
    if (inFlight) inFlight.once('finish', () => this.browser.end());
    else this.browser.end();
  }

  /**
   * The proxy's idle timeout: a request still waiting for its response gets 504 (what a load
   * balancer answers when the target stays silent past its idle timeout); then FIN on both hops.
   */
  private closeIdle(message: string): void {
    this.dead = true;
    this.up.destroy();
    this.down.destroy();
    const waiting = this.queue.splice(0);
    for (const exchange of waiting) {
      exchange.done = true;
      if (!exchange.res.headersSent) this.writer.respondPlain(exchange.res, 504, message);
      else exchange.res.destroy();
    }
    this.upstream?.end('edge');
    // With a waiting exchange, Node closes the socket after its `Connection: close` answer.
    if (waiting.length === 0) this.browser.end('edge');
    setTimeout(() => {
      this.browser.destroy({ how: 'end', by: 'edge', message }, false);
      this.upstream?.destroy({ how: 'end', by: 'edge', message }, false);
    }, FIN_GRACE_MS).unref();
  }

  private reset(message: string): void {
    this.dead = true;
    this.upstream?.destroy({ how: 'reset', by: 'edge', message }, true);
    this.browser.destroy({ how: 'reset', by: 'edge', message }, true);
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.dead = true;
    this.up.destroy();
    this.down.destroy();
    this.faults.destroy();
    this.untrack();
    this.onRelease();
  }
}
