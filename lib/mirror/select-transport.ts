/**
 * Which lab transport an HTTP request belongs to, read from its target and headers only (what the
 * edge saw on the wire). The lab server's endpoints (all under `/lab/<session>/`):
 *
 * | request                                                  | transport      |
 * |----------------------------------------------------------|----------------|
 * | `GET …?EIO=4&transport=websocket` + `Upgrade: websocket` | `sio-ws`       |
 * | `GET/POST …?EIO=4&transport=polling`                     | `sio-polling`  |
 * | any other `Upgrade: websocket` (`/feed`, `/ws`)          | `ws`           |
 * | `GET …/poll?cursor=N&wait=0`                             | `short-poll`   |
 * | `GET …/poll?cursor=N`                                    | `long-poll`    |
 * | `POST …/poll`                                            | `publish`      |
 * | `Accept: text/event-stream`, or `GET …/sse`              | `sse`          |
 *
 * Pure, no Node APIs.
 */

import { base64DecodedLength } from '@/lib/wire/bytes';
import { headerValue, isWebSocketUpgrade, parseEioTarget } from './select-eio';
import type { HttpRequestEvent } from './types';

export type LabTransport =
  | 'ws'
  | 'sio-ws'
  | 'sio-polling'
  | 'long-poll'
  | 'short-poll'
  | 'publish'
  | 'sse';

export const LAB_TRANSPORTS: readonly LabTransport[] = [
  'ws',
  'sio-ws',
  'sio-polling',
  'long-poll',
  'short-poll',
  'sse',
  'publish',
];

/** Short human names, for legends and table rows. */
export const LAB_TRANSPORT_LABELS: Record<LabTransport, string> = {
  ws: 'WebSocket',
  'sio-ws': 'Socket.IO over WebSocket',
  'sio-polling': 'Socket.IO over polling',
  'long-poll': 'long polling',
  'short-poll': 'short polling',
  publish: 'publish (POST)',
  sse: 'SSE',
};

/** True when the request asks for a `text/event-stream` (what EventSource sends). */
export function acceptsEventStream(request: Pick<HttpRequestEvent, 'headers'>): boolean {
  const accept = headerValue(request.headers, 'accept') ?? '';
  return accept.toLowerCase().includes('text/event-stream');
}

/** True for a target whose path's last segment is `name` (`/lab/x/poll?cursor=3` for 'poll'). */
export function pathEndsWith(target: string, name: string): boolean {
  const path = parseEioTarget(target).path.replace(/\/+$/, '');
  return path === `/${name}` || path.endsWith(`/${name}`);
}

/** The transport of one request, or undefined for requests that are none of the lab's. */
export function classifyRequest(
  request: Pick<HttpRequestEvent, 'method' | 'target' | 'headers'>,
): LabTransport | undefined {
  const target = parseEioTarget(request.target);
  const upgrade = isWebSocketUpgrade(request);
  if (target.eio !== undefined) {
    if (target.transport === 'websocket') return upgrade ? 'sio-ws' : undefined;
    return 'sio-polling';
  }
  if (upgrade) return 'ws';
  if (acceptsEventStream(request) || pathEndsWith(request.target, 'sse')) return 'sse';
  if (pathEndsWith(request.target, 'poll')) {
    if (request.method === 'POST') return 'publish';
    return target.query.wait === '0' ? 'short-poll' : 'long-poll';
  }
  return undefined;
}

/** Byte length of standard base64 text, without decoding it (see `base64DecodedLength`). */
export function base64ByteLength(raw: string): number {
  return base64DecodedLength(raw);
}
