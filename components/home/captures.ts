/**
 * The recorded captures behind the home page's sketches (content/captures/<slug>.json, made by
 * scripts/record-captures.ts), parsed once on the server. Server-only: the sketches are static SVG.
 */

import authSessions from '@/content/captures/auth-sessions.json';
import backpressure from '@/content/captures/backpressure.json';
import deliveryGuarantees from '@/content/captures/delivery-guarantees.json';
import engineioUpgrade from '@/content/captures/engineio-upgrade.json';
import heartbeat from '@/content/captures/heartbeat.json';
import longPolling from '@/content/captures/long-polling.json';
import orderingReplay from '@/content/captures/ordering-replay.json';
import pollingSseWebsocket from '@/content/captures/polling-sse-websocket.json';
import reconnectBackoff from '@/content/captures/reconnect-backoff.json';
import roomsNamespaces from '@/content/captures/rooms-namespaces.json';
import socketioStack from '@/content/captures/socketio-stack.json';
import websocketFrames from '@/content/captures/websocket-frames.json';
import websocketHandshake from '@/content/captures/websocket-handshake.json';
import type { WireEvent } from '@/lib/mirror/types';
import { parseCapture } from './wire-event-schema';

const RECORDED: Record<string, unknown> = {
  'websocket-handshake': websocketHandshake,
  'websocket-frames': websocketFrames,
  heartbeat,
  'socketio-stack': socketioStack,
  'engineio-upgrade': engineioUpgrade,
  'long-polling': longPolling,
  'polling-sse-websocket': pollingSseWebsocket,
  'rooms-namespaces': roomsNamespaces,
  'reconnect-backoff': reconnectBackoff,
  backpressure,
  'ordering-replay': orderingReplay,
  'delivery-guarantees': deliveryGuarantees,
  'auth-sessions': authSessions,
};

const parsed = new Map<string, WireEvent[]>();

/** The recorded events of a lesson's capture, or undefined when it has none. */
export function lessonCapture(slug: string): WireEvent[] | undefined {
  const raw = RECORDED[slug];
  if (raw === undefined) return undefined;
  let events = parsed.get(slug);
  if (!events) {
    events = parseCapture(raw);
    parsed.set(slug, events);
  }
  return events;
}

/** Slugs that have a recorded capture. */
export const RECORDED_SLUGS: readonly string[] = Object.keys(RECORDED);
