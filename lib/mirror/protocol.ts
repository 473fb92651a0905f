/**
 * The mirror channel: one WebSocket per open page at MIRROR_PATH, not itself mirrored.
 * Messages are JSON text frames typed here once and used by both the server and the page.
 */
import type { WireEvent } from './types';

export const MIRROR_PATH = '/_wirelab/mirror';
/** Lab traffic for a session lives under this prefix: /lab/<session>/... */
export const LAB_PREFIX = '/lab/';
/** Session ids: 128 random bits as 32 lowercase hex digits. */
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
}

/** Lab endpoints, relative to /lab/<session>. */
export const LAB_ENDPOINTS = {
  /** Raw `ws` echo server. */
  ws: '/ws',
  /** Socket.IO v4 server path (engine.io `path` option). */
  socketio: '/socket.io/',
} as const;

export type ServerMessage =
  | { type: 'hello'; session: string; limits: SessionLimits; labBase: string }
  | { type: 'events'; events: WireEvent[]; /** Events the server had to discard (cap hit) before this batch. */ dropped?: number }
  | { type: 'limit'; what: keyof SessionLimits | 'rate'; message: string }
  | { type: 'error'; message: string };

export type ClientMessage =
  /** Puts a labelled marker on the session's timeline (e.g. "run 2 started"). */
  | { type: 'mark'; label: string; detail?: string };

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
  if (typeof value !== 'object' || value === null) return { error: 'mirror message is not an object' };
  const msg = value as Record<string, unknown>;
  if (msg.type === 'mark') {
    if (typeof msg.label !== 'string' || msg.label.length === 0 || msg.label.length > 200) {
      return { error: 'mark.label must be a string of 1-200 characters' };
    }
    const detail = typeof msg.detail === 'string' ? msg.detail.slice(0, 2000) : undefined;
    return detail === undefined ? { type: 'mark', label: msg.label } : { type: 'mark', label: msg.label, detail };
  }
  return { error: `unknown mirror message type ${JSON.stringify(msg.type)}; allowed: "mark"` };
}
