/**
 * Sessions: one per open page. The page's mirror WebSocket creates one (random 128-bit id), and
 * everything the page's lab traffic touches — edge connections, lab node, timers — belongs to it
 * and is released when it ends: mirror closed + grace period, lifetime cap, or server close.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { EdgeEvent } from '../lib/capture/records';
import {
  type ClientMessage,
  labBase,
  parseClientMessage,
  type ServerMessage,
  type SessionLimits,
} from '../lib/mirror/protocol';
import type { Scenario } from '../lib/scenario/schema';
import { Edge } from './edge/edge';
import type { EdgeConnection, EdgeHost } from './edge/host';
import { SessionFaults } from './edge/session-faults';
import { KEY_COOKIE } from './gate/session-key';
import { LabNode } from './lab/lab-node';
import { MirrorChannel, type MirrorChannelOptions } from './mirror-channel';
import type { LabFactory, SessionLab } from './session-lab';
import type { SessionObserver } from './session-observer';
import { type SessionSink, sessionSink } from './session-sink';

/** Who opened a session: the page's key cookie and the client's address. */
export interface SessionOwner {
  key: string;
  client: string;
}

export interface SessionOptions {
  limits: SessionLimits;
  /** ms a session outlives its mirror socket. */
  graceMs: number;
  flushIntervalMs?: number;
  /** Mirror queue sizes (tests, benches); defaults in mirror-channel.ts. */
  mirror?: Pick<MirrorChannelOptions, 'highWaterBytes' | 'lowWaterBytes' | 'maxQueuedBytes'>;
  /** The edge's own origin (http://127.0.0.1:<port>), where the lab node's simulated clients connect. */
  edgeOrigin?: () => string | null;
  /** Called when the page's mirror socket closed and the grace period began. */
  onGrace?: (session: Session) => void;
  /** Called at once when the session starts ending (before its lab node has closed). */
  onEnding?: (session: Session) => void;
  /** Called once the session has released everything. */
  onEnded?: (session: Session, reason: string) => void;
  /** Told of sessions starting and ending and of tapped bytes (metrics, logs). */
  observer?: SessionObserver;
  /** The session's upstream behind the edge (default: the lessons' LabNode). */
  labFactory?: LabFactory;
}

export class Session implements EdgeHost {
  /** performance.now() at creation: event t = performance.now() - t0. */
  readonly t0 = performance.now();
  readonly createdAt = Date.now();
  readonly limits: SessionLimits;
  readonly maxPayload: number;
  readonly sink: SessionSink;
  readonly edge: Edge;
  private readonly mirror: MirrorChannel;
  private readonly teardowns = new Set<() => void>();
  private connCounter = 0;
  private openConnections = 0;
  private lab: SessionLab | null = null;
  private lifetimeTimer: NodeJS.Timeout;
  private graceTimer: NodeJS.Timeout | null = null;
  private ended = false;
  /** The faults in force (the page's last valid `scenario` message), read live by the edge. */
  readonly faults: SessionFaults;

  /** The page's key (its `wl_key` cookie): lab requests must carry the same. */
  readonly key: string;
  /** The client address that opened the session (per-client caps count by it). */
  readonly client: string;
  /** performance.now() when the page's mirror socket closed (the grace period began), or null. */
  graceSince: number | null = null;

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly options: SessionOptions,
    owner: SessionOwner = { key: '', client: 'unknown' },
  ) {
    this.key = owner.key;
    this.client = owner.client;
    this.limits = options.limits;
    this.maxPayload = options.limits.maxPayload;
    const mirror = new MirrorChannel(socket, {
      maxRecords: options.limits.maxEvents,
      ...options.mirror,
      ...(options.flushIntervalMs === undefined
        ? {}
        : { flushIntervalMs: options.flushIntervalMs }),
    });
    this.mirror = mirror;
    this.sink = sessionSink({
      now: () => this.now(),
      ended: () => this.ended,
      emit: (event, affected) => this.emit(event, affected),
      send: (message) => this.send(message),
      mirror,
      limits: options.limits,
      ...(options.observer === undefined ? {} : { observer: options.observer }),
    });
    this.faults = new SessionFaults({
      now: () => this.now(),
      emit: (event) => this.emit(event),
      mark: (label, detail) => this.mark(label, detail),
      send: (message) => this.send(message),
      lab: () => this.lab,
      labNode: () => this.upstream(),
    });
    this.edge = new Edge(this);
    this.lifetimeTimer = setTimeout(() => {
      this.send({
        type: 'limit',
        what: 'maxLifetimeMs',
        message: `session lifetime cap reached (${Math.round(options.limits.maxLifetimeMs / 1000)} s); reload the page for a new session`,
      });
      this.end('lifetime cap reached');
    }, options.limits.maxLifetimeMs);
    this.lifetimeTimer.unref();
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.send({ type: 'error', message: 'mirror messages are JSON text frames' });
        return;
      }
      this.onClientMessage(parseClientMessage(data.toString()));
    });
    socket.on('close', () => this.mirrorClosed());
    this.send({
      type: 'hello',
      session: id,
      limits: this.limits,
      labBase: labBase(id),
      startedAt: Math.round(performance.timeOrigin + this.t0),
    });
  }

  /** ms since the session started (float, µs precision). */
  now(): number {
    return performance.now() - this.t0;
  }

  /** One of the server's own events, queued in tap order with the bytes. */
  emit(event: EdgeEvent, affected?: Uint8Array): void {
    if (this.ended) return;
    this.mirror.push(
      affected === undefined ? { kind: 'event', event } : { kind: 'event', event, affected },
    );
  }

  send(message: ServerMessage): void {
    this.mirror.send(message);
  }

  mark(label: string, detail?: string): void {
    const event: EdgeEvent = {
      kind: 'marker',
      label,
      t: this.now(),
      conn: '-',
      hop: 'browser-edge',
      dir: 'up',
    };
    if (detail !== undefined) event.detail = detail;
    this.emit(event);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get connections(): number {
    return this.openConnections;
  }

  get mirrorStats(): MirrorChannel['stats'] {
    return this.mirror.stats;
  }

  // ---- EdgeHost ----

  get scenario(): Scenario {
    return this.faults.scenario;
  }

  register(connection: EdgeConnection): () => void {
    return this.faults.register(connection);
  }

  /** Puts a scenario in force now, for open connections too, and echoes it to the page. */
  applyScenario(next: Scenario): void {
    if (!this.ended) this.faults.apply(next);
  }

  nextConnId(): string {
    this.connCounter += 1;
    return `c${this.connCounter}`;
  }

  acquireConnection(): boolean {
    if (this.ended) return false;
    if (this.openConnections >= this.limits.maxConnections) {
      this.send({
        type: 'limit',
        what: 'maxConnections',
        message: `lab connection limit reached: ${this.limits.maxConnections} open at once; a new connection was refused with 503`,
      });
      return false;
    }
    this.openConnections += 1;
    return true;
  }

  releaseConnection(): void {
    this.openConnections = Math.max(0, this.openConnections - 1);
  }

  labPort(): Promise<number> {
    if (this.ended) return Promise.reject(new Error('session ended'));
    return this.upstream().port();
  }

  /** The session's lab node; throws when the session was given another upstream (labFactory). */
  labNode(): LabNode {
    const lab = this.upstream();
    if (!(lab instanceof LabNode)) throw new Error(`session ${this.id} has no LabNode upstream`);
    return lab;
  }

  /** The session's upstream (created on first use, with the scenario's ping settings). */
  private upstream(): SessionLab {
    if (this.lab === null) {
      const make = this.options.labFactory ?? ((id, maxPayload) => new LabNode(id, maxPayload));
      const lab = make(this.id, this.limits.maxPayload);
      this.lab = lab;
      const origin = this.options.edgeOrigin?.() ?? null;
      if (origin !== null && typeof lab.setEdgeOrigin === 'function') lab.setEdgeOrigin(origin);
      lab.setEdgeHeaders?.({ cookie: `${KEY_COOKIE}=${this.key}` });
      this.faults.labCreated(lab);
    }
    return this.lab;
  }

  track(teardown: () => void): () => void {
    this.teardowns.add(teardown);
    return () => {
      this.teardowns.delete(teardown);
    };
  }

  get tracked(): number {
    return this.teardowns.size;
  }

  // ---- lab traffic entry points ----

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.edge.handleRequest(req, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.edge.handleUpgrade(req, socket, head);
  }

  // ---- lifecycle ----

  /** Releases everything the session made. Idempotent. */
  end(reason: string): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.ended = true;
    this.options.onEnding?.(this);
    clearTimeout(this.lifetimeTimer);
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    for (const teardown of [...this.teardowns]) {
      try {
        teardown();
      } catch {
        // A failing teardown must not keep the others from running.
      }
    }
    this.teardowns.clear();
    this.mirror.flush(true);
    this.mirror.close();
    this.sink.close();
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000, 'session ended');
    else if (this.socket.readyState === this.socket.CONNECTING) this.socket.terminate();
    const lab = this.lab;
    this.lab = null;
    const closing = lab === null ? Promise.resolve() : lab.close();
    return closing.then(
      () => this.options.onEnded?.(this, reason),
      () => this.options.onEnded?.(this, reason),
    );
  }

  private mirrorClosed(): void {
    if (this.ended) return;
    this.mirror.close();
    this.graceSince = performance.now();
    if (this.options.graceMs <= 0) {
      void this.end('mirror closed');
      return;
    }
    this.graceTimer = setTimeout(() => void this.end('mirror closed'), this.options.graceMs);
    this.graceTimer.unref();
    this.options.onGrace?.(this);
  }

  private onClientMessage(message: ClientMessage | { error: string }): void {
    if ('error' in message) {
      this.send({ type: 'error', message: message.error });
      return;
    }
    if (message.type === 'mark') this.mark(message.label, message.detail);
    else if (message.type === 'scenario') this.applyScenario(message.scenario);
    else if (!this.ended) this.faults.run(message.action);
  }
}
