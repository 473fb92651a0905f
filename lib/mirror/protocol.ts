/**
 * The mirror channel: one WebSocket per open page at MIRROR_PATH, not itself mirrored.
 * Control messages are JSON text frames typed here once and used by both the server and the page;
 * the capture itself travels as binary frames (lib/mirror/tap-stream.ts).
 */
import { type Scenario, scenarioSchema } from '../scenario/schema';

export const MIRROR_PATH = '/_wirelab/mirror';
/**
 * GET: whether a new page would be admitted now, and if not why (JSON {ok, status, reason,
 * message, retryAfterS}); asked by a page whose mirror handshake was refused.
 */
export const ADMISSION_PATH = '/_wirelab/admission';

export type Admission =
  | { ok: true }
  | { ok: false; status: number; reason: string; message: string; retryAfterS?: number };
/** Lab traffic for a session lives under this prefix: /lab/<session>/... */
export const LAB_PREFIX = '/lab/';
/**
 * Session ids: 32 lowercase hex digits, random; an instance started with a ROUTE_KEY starts its ids
 * with those 4 digits so a balancer can route a session's lab paths to it (docs/deploy.md).
 */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

export interface SessionLimits {
  /** Lab connections open at once. */
  maxConnections: number;
  /** Largest WebSocket message the lab node accepts (bytes); larger closes with 1009. */
  maxPayload: number;
  /** Events kept per session before the oldest are discarded. */
  maxEvents: number;
  /** Session lifetime cap in ms. */
  maxLifetimeMs: number;
  /**
   * The session's mirror budget: WebSocket bytes and frames per second the mirror carries in full
   * (counted where they enter the edge). Past it whole frames are thinned: counted, not carried.
   */
  mirrorBytesPerSecond: number;
  mirrorFramesPerSecond: number;
}

export type ServerMessage =
  | {
      type: 'hello';
      session: string;
      limits: SessionLimits;
      labBase: string;
      /** Wall-clock ms of session time 0 (capture files carry real timestamps). */
      startedAt: number;
    }
  | { type: 'limit'; what: keyof SessionLimits | 'rate'; message: string }
  | { type: 'error'; message: string }
  /**
   * The server is shutting down (SIGTERM): it takes no new sessions, and this one ends within
   * graceMs. A reload then gets a new session, on another instance when there is one.
   */
  | { type: 'draining'; graceMs: number; message: string }
  /** The faults now in force at the session's edge (echo of the page's last `scenario`). */
  | { type: 'scenario'; scenario: Scenario };

/** One-shot faults: `reset` sends RST on every lab connection now; `restart-node` stops and restarts the lab node. */
export const EDGE_ACTIONS = ['reset', 'restart-node'] as const;
export type EdgeAction = (typeof EDGE_ACTIONS)[number];

export type ClientMessage =
  /** Puts a labelled marker on the session's timeline (e.g. "run 2 started"). */
  | { type: 'mark'; label: string; detail?: string }
  /** Replaces the session's scenario: the edge applies its faults live, to open connections too. */
  | { type: 'scenario'; scenario: Scenario }
  | { type: 'action'; action: EdgeAction };

export function labBase(session: string): string {
  return `${LAB_PREFIX}${session}`;
}

export function parseClientMessage(text: string): ClientMessage | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'mirror message is not JSON' };
  }
  if (typeof value !== 'object' || value === null)
    return { error: 'mirror message is not an object' };
  const msg = value as Record<string, unknown>;
  if (msg.type === 'mark') {
    if (typeof msg.label !== 'string' || msg.label.length === 0 || msg.label.length > 200) {
      return { error: 'mark.label must be a string of 1-200 characters' };
    }
    const detail = typeof msg.detail === 'string' ? msg.detail.slice(0, 2000) : undefined;
    return detail === undefined
      ? { type: 'mark', label: msg.label }
      : { type: 'mark', label: msg.label, detail };
  }
  if (msg.type === 'scenario') {
    const parsed = scenarioSchema.safeParse(msg.scenario);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: `scenario.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    return { type: 'scenario', scenario: parsed.data };
  }
  if (msg.type === 'action') {
    const action = EDGE_ACTIONS.find((a) => a === msg.action);
    if (action === undefined) {
      return {
        error: `unknown action ${JSON.stringify(msg.action)}; allowed: ${EDGE_ACTIONS.map((a) => `"${a}"`).join(', ')}`,
      };
    }
    return { type: 'action', action };
  }
  return {
    error: `unknown mirror message type ${JSON.stringify(msg.type)}; allowed: "mark", "scenario", "action"`,
  };
}
