/**
 * Draining (SIGTERM): the server stops taking new sessions, tells every open page, keeps serving the
 * open sessions' lab traffic, and closes once they have all ended or the grace has passed, whichever
 * comes first.
 *
 * While draining the listener stays open on purpose: behind a balancer a session's lab traffic keeps
 * arriving on new TCP connections (every long-poll request, every new WebSocket), and only this
 * instance can serve it. What is new is refused instead: a mirror upgrade (a new session) and a page
 * request get 503 with Retry-After and "server is draining", which a balancer retries on another
 * instance (nginx: `proxy_next_upstream ... http_503`), and /healthz answers 503 so health checks
 * take the instance out.
 */
import type { SessionRegistry } from './session-registry';

export const DEFAULT_DRAIN_GRACE_MS = 10_000;

export interface DrainOptions {
  registry: SessionRegistry;
  /** Closes the whole server (ends any session left, the listener, the workers). */
  close: () => Promise<void>;
}

/** How a drain ended: every session had ended, or the grace ran out with `left` still open. */
export type DrainResult = { endedBy: 'sessions' } | { endedBy: 'grace'; left: number };

export class Drain {
  private done: Promise<DrainResult> | null = null;
  private deadline = 0;

  constructor(private readonly options: DrainOptions) {}

  get active(): boolean {
    return this.done !== null;
  }

  /**
   * Starts draining (idempotent: a second call returns the first one's promise). Resolves once the
   * server is closed: after the last session ended, or after graceMs with the rest ended by force.
   */
  start(graceMs: number = DEFAULT_DRAIN_GRACE_MS): Promise<DrainResult> {
    if (!Number.isFinite(graceMs) || graceMs < 0) {
      throw new RangeError(`drain grace must be a number of ms >= 0, got ${graceMs}`);
    }
    this.done ??= this.run(graceMs);
    return this.done;
  }

  /** The refusal's text: what is happening and when to come back. */
  message(): string {
    return `server is draining (shutting down): it takes no new sessions; retry in ${this.retryAfterSeconds()} s, or on another instance`;
  }

  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.deadline - Date.now()) / 1000));
  }

  private async run(graceMs: number): Promise<DrainResult> {
    const { registry } = this.options;
    this.deadline = Date.now() + graceMs;
    const seconds = Math.ceil(graceMs / 1000);
    for (const id of registry.ids()) {
      registry.get(id)?.send({
        type: 'draining',
        graceMs,
        message: `this server is shutting down: your session ends within ${seconds} s. Reload the page then for a new session.`,
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace'>((resolve) => {
      timer = setTimeout(() => resolve('grace'), graceMs);
    });
    const first = await Promise.race([
      registry.whenEmpty().then(() => 'sessions' as const),
      graceOver,
    ]);
    clearTimeout(timer);
    const left = registry.size;
    await this.options.close();
    return first === 'sessions' || left === 0
      ? { endedBy: 'sessions' }
      : { endedBy: 'grace', left };
  }
}
