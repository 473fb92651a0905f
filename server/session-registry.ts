/**
 * The registry of sessions: creates one per admitted mirror socket, finds a session for a lab
 * request (or says precisely why not), and counts what the gate needs: open pages per client, pages
 * in their grace period (bounded; the oldest end early), and when the last session has ended.
 */
import type { WebSocket } from 'ws';
import { liveAdd, liveRemove } from './live-resources';
import { newSessionId } from './route-key';
import { Session, type SessionOptions, type SessionOwner } from './sessions';

export interface RegistryOptions extends Omit<SessionOptions, 'onEnded' | 'onGrace' | 'onEnding'> {
  /** Ids of ended sessions remembered so a late lab request is told "ended", not "unknown". */
  rememberEnded?: number;
  /**
   * Sessions in their grace period kept at once (default 500): past it the oldest ends at once, so
   * churn cannot fill the server with pages that are already gone.
   */
  maxGraced?: number;
  /** Session ids start with this (server/route-key.ts); default fully random. */
  routeKey?: string;
}

export type SessionLookup =
  | { ok: true; session: Session }
  | { ok: false; status: 404; problem: string };

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly endedIds = new Set<string>();
  /** Sessions in their grace period, oldest first. */
  private readonly graced = new Set<Session>();
  /** Open pages (mirror connected) per client address. */
  private readonly openByClient = new Map<string, number>();
  private openCount = 0;
  private readonly emptyWaiters: (() => void)[] = [];
  private origin: string | null = null;

  constructor(private readonly options: RegistryOptions) {}

  /** Where the edge listens, once it does (lab nodes' simulated clients connect there). */
  setEdgeOrigin(origin: string): void {
    this.origin = origin;
  }

  /** A page's mirror socket connected: make its session and say hello. */
  create(socket: WebSocket, owner: SessionOwner = { key: '', client: 'unknown' }): Session {
    const id = newSessionId(this.options.routeKey);
    let open = true;
    const closeOpen = () => {
      if (!open) return;
      open = false;
      this.openCount -= 1;
      const left = (this.openByClient.get(owner.client) ?? 1) - 1;
      if (left <= 0) this.openByClient.delete(owner.client);
      else this.openByClient.set(owner.client, left);
    };
    this.openByClient.set(owner.client, (this.openByClient.get(owner.client) ?? 0) + 1);
    this.openCount += 1;
    const session = new Session(
      id,
      socket,
      {
        ...this.options,
        edgeOrigin: () => this.origin,
        onGrace: (graced) => {
          closeOpen();
          this.graced.add(graced);
          const cap = this.options.maxGraced ?? 500;
          for (const oldest of this.graced) {
            if (this.graced.size <= cap) break;
            this.graced.delete(oldest);
            void oldest.end('grace evicted: too many closed pages waiting');
          }
        },
        onEnding: (ending) => {
          closeOpen();
          this.graced.delete(ending);
        },
        onEnded: (ended, reason) => {
          liveRemove('sessions');
          if (this.sessions.get(ended.id) === ended) this.sessions.delete(ended.id);
          this.rememberEnded(ended.id);
          this.options.observer?.sessionEnded(ended.id, reason, {
            durationMs: Date.now() - ended.createdAt,
            eventsDropped: ended.mirrorStats.dropped,
          });
          if (this.sessions.size === 0) for (const wake of this.emptyWaiters.splice(0)) wake();
        },
      },
      owner,
    );
    this.sessions.set(id, session);
    this.options.observer?.sessionStarted(id);
    liveAdd('sessions');
    return session;
  }

  /** Sessions whose page is still open (not in their grace period, not ended). */
  get open(): number {
    return this.openCount;
  }

  /** Open sessions of one client address. */
  openFor(client: string): number {
    return this.openByClient.get(client) ?? 0;
  }

  /** Sessions in their grace period. */
  get inGrace(): number {
    return this.graced.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Finds a live session for a lab request, or says precisely why not. */
  lookup(id: string): SessionLookup {
    const session = this.sessions.get(id);
    if (session !== undefined && !session.isEnded) return { ok: true, session };
    if (session !== undefined || this.endedIds.has(id)) {
      return {
        ok: false,
        status: 404,
        problem: `session ${id} has ended; reload the page for a new one`,
      };
    }
    return { ok: false, status: 404, problem: `unknown session ${id}` };
  }

  get size(): number {
    return this.sessions.size;
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }

  /** Resolves once no session is open (now, if none is). */
  whenEmpty(): Promise<void> {
    if (this.sessions.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /** Ends every session and waits until each has released its lab node. */
  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()].map((s) => s.end('server closing'));
    this.sessions.clear();
    this.graced.clear();
    await Promise.all(all);
  }

  private rememberEnded(id: string): void {
    this.endedIds.add(id);
    const cap = this.options.rememberEnded ?? 1024;
    if (this.endedIds.size > cap) {
      const oldest = this.endedIds.values().next().value;
      if (oldest !== undefined) this.endedIds.delete(oldest);
    }
  }
}
