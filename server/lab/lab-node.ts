/**
 * A session's lab node: the "app server" behind the edge, on 127.0.0.1 and a random port. It serves
 * the same /lab/<session>/... paths the browser uses (the edge forwards them unchanged); the
 * endpoints are listed in lib/lab/endpoints.ts and described in docs/lab-endpoints.md.
 *
 * State that outlives connections belongs to the node: config, the message stream and its
 * producer, auth tokens, simulated clients. restart() drops every connection and listens again on a
 * new port (a server restart as clients see it) and keeps that state; close() (session end)
 * releases everything: connections, timers, producer, clients, tokens. resources() counts what is
 * still held, for tests and leak checks.
 *
 * Hooks for the session (server/sessions.ts):
 *   configure({pingInterval, pingTimeout, wsPing, holdMs, sseKeepAliveMs}) — validated, never
 *     throws; returns {ok:false, error} for bad values. Socket.IO: applies to connections opened
 *     after the call (engine.io sends pingInterval/pingTimeout in the open packet). Raw ws pings,
 *     SSE keep-alives: applied to open connections at once. Long-poll hold: to the next GET.
 *   setEdgeOrigin('http://127.0.0.1:<port>') — where simulated clients connect (the edge's own
 *     listener). Without it, a request whose Host is a loopback name:port is used.
 */
import type { IncomingMessage } from 'node:http';
import { labBase } from '../../lib/mirror/protocol';
import { liveAdd, liveRemove, watchForCollection } from '../live-resources';
import { AuthTokens } from './auth-tokens';
import { checkConfigPatch, DEFAULT_LAB_CONFIG, type LabConfig } from './lab-config';
import {
  applyConfig,
  type ConfigureResult,
  type LabShared,
  listenLab,
  type Running,
  shutdown,
} from './lab-server';
import { MessageStream } from './message-stream';
import { Producer } from './producer';
import { SimClients } from './sim-clients';
import { TimerSet } from './timer-set';

export type { ConfigureResult } from './lab-server';

/** What a lab node still holds; all zero / false after close(). */
export interface LabResources {
  timers: number;
  connections: number;
  wsClients: number;
  feedClients: number;
  sseReaders: number;
  longPollWaiters: number;
  socketIoSockets: number;
  streamSubscribers: number;
  producerRunning: boolean;
  simClients: number;
  tokens: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export class LabNode implements LabShared {
  readonly base: string;
  readonly timers = new TimerSet();
  readonly stream = new MessageStream();
  readonly producer: Producer;
  readonly tokens = new AuthTokens();
  readonly sims = new SimClients();
  private current: LabConfig = { ...DEFAULT_LAB_CONFIG };
  private explicitEdgeOrigin: string | null = null;
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;
  private closed = false;

  constructor(
    readonly session: string,
    readonly maxPayload: number,
  ) {
    this.base = labBase(session);
    this.producer = new Producer(this.stream, this.timers);
    liveAdd('labNodes');
    watchForCollection('LabNode', this);
  }

  /** The port the node listens on now (starting it if needed). */
  async port(): Promise<number> {
    return (await this.start()).port;
  }

  start(): Promise<Running> {
    if (this.closed) return Promise.reject(new Error('lab node is closed'));
    if (this.running !== null) return Promise.resolve(this.running);
    this.starting ??= listenLab(this).then(
      (running) => {
        this.starting = null;
        if (this.closed) {
          void shutdown(running);
          throw new Error('lab node is closed');
        }
        this.running = running;
        return running;
      },
      (error: unknown) => {
        this.starting = null;
        throw error;
      },
    );
    return this.starting;
  }

  /** Drops every connection and listens again on a new port. */
  async restart(): Promise<number> {
    const running = this.running ?? (await this.start());
    this.running = null;
    await shutdown(running);
    return this.port();
  }

  async close(): Promise<void> {
    if (!this.closed) liveRemove('labNodes');
    this.closed = true;
    // Clients first: they must not reconnect into a session that is going away.
    this.sims.stopAll();
    this.producer.stop();
    const running = this.running ?? (await this.starting?.catch(() => null)) ?? null;
    this.running = null;
    if (running !== null) await shutdown(running);
    this.sims.stopAll();
    this.tokens.clear();
    this.timers.clearAll();
  }

  config(): LabConfig {
    return { ...this.current };
  }

  /** Changes knobs (see the module comment); never throws. */
  configure(patch: unknown): ConfigureResult {
    const checked = checkConfigPatch(patch);
    if (!checked.ok) return checked;
    this.current = { ...this.current, ...checked.patch };
    if (this.running !== null) applyConfig(this.running, this.current);
    return { ok: true, config: this.config() };
  }

  /** The edge's own origin (e.g. http://127.0.0.1:3000) for simulated clients. */
  setEdgeOrigin(origin: string): void {
    this.explicitEdgeOrigin = origin.replace(/\/+$/, '');
  }

  /** Headers simulated clients send through the edge (the session's key cookie). */
  setEdgeHeaders(headers: Record<string, string>): void {
    this.sims.headers = { ...headers };
  }

  edgeOrigin(req: IncomingMessage): string | null {
    if (this.explicitEdgeOrigin !== null) return this.explicitEdgeOrigin;
    const host = req.headers.host;
    if (host === undefined) return null;
    try {
      const url = new URL(`http://${host}`);
      if (!LOOPBACK.has(url.hostname)) return null;
      const hostname = url.hostname === '[::1]' ? '[::1]' : '127.0.0.1';
      return `http://${hostname}:${url.port === '' ? '80' : url.port}`;
    } catch {
      return null;
    }
  }

  get connections(): number {
    return this.running?.sockets.size ?? 0;
  }

  resources(): LabResources {
    const r = this.running;
    return {
      timers: this.timers.size,
      connections: r?.sockets.size ?? 0,
      wsClients: r?.echo.clients ?? 0,
      feedClients: r?.feed.clients ?? 0,
      sseReaders: r?.sse.size ?? 0,
      longPollWaiters: r?.longPoll.size ?? 0,
      socketIoSockets: r?.sio.io.engine.clientsCount ?? 0,
      streamSubscribers: this.stream.subscribers,
      producerRunning: this.producer.running,
      simClients: this.sims.size,
      tokens: this.tokens.size,
    };
  }
}
