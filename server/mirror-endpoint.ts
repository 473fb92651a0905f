/**
 * The mirror channel's WebSocket endpoint (MIRROR_PATH): each admitted connection becomes a session.
 *
 * Admission (server/gate): the page's own origin (or an allow-listed one), the per-client caps, and
 * the server-wide cap on open pages (pages in their grace period do not count). The session is
 * bound to the page's key cookie; a page that arrives without one gets it in the 101.
 * Deadline: the server pings every socket every `heartbeatMs`; one that has not answered the
 * previous ping is terminated (its session then ends after the grace period).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Gate } from './gate/gate';
import { type Refusal, refuseUpgrade } from './gate/refusal';
import type { SessionRegistry } from './session-registry';
import type { SessionOwner } from './sessions';

export interface MirrorEndpointOptions {
  /** Open pages the server accepts; beyond that a new page gets 503. */
  maxSessions: number;
  /** ms between liveness pings (default 30 s). */
  heartbeatMs?: number;
  /** Told about every refusal (for metrics and logs). */
  onRefused?: (refusal: Refusal) => void;
}

const alive = new WeakSet<WebSocket>();

export class MirrorEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly pending = new WeakMap<
    IncomingMessage,
    SessionOwner & { setCookie: string | null }
  >();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly gate: Gate,
    private readonly options: MirrorEndpointOptions,
  ) {
    this.wss.on('error', () => {});
    this.wss.on('headers', (headers, req) => {
      const setCookie = this.pending.get(req)?.setCookie;
      if (setCookie != null) headers.push(`Set-Cookie: ${setCookie}`);
    });
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
      ws.on('error', () => {}); // an invalid frame closes the socket (and so ends the session).
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      const owner = this.pending.get(req) ?? { key: '', client: 'unknown', setCookie: null };
      this.pending.delete(req);
      this.registry.create(ws, { key: owner.key, client: owner.client });
    });
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.admit(req);
    if (refusal !== null) {
      this.options.onRefused?.(refusal);
      refuseUpgrade(socket, refusal);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /**
   * Why a page would be refused now, without using up any allowance: a page whose mirror handshake
   * failed asks this (GET ADMISSION_PATH), since a browser never shows a refused handshake's body.
   */
  preview(req: IncomingMessage): Refusal | null {
    return this.admit(req, true);
  }

  private admit(req: IncomingMessage, dryRun = false): Refusal | null {
    const admission = this.gate.admitMirror(req, this.registry, dryRun);
    if (!admission.ok) return admission.refusal;
    if (this.registry.open >= this.options.maxSessions) {
      return {
        status: 503,
        reason: 'server-full',
        message: `server full: ${this.registry.open} pages open (the cap is ${this.options.maxSessions}); try again in a minute`,
        retryAfterS: 60,
      };
    }
    if (dryRun) return null;
    this.pending.set(req, {
      key: admission.key,
      client: admission.client,
      setCookie: admission.setCookie,
    });
    return null;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
