/**
 * The events each lesson is about, in the order a run shows them. A lesson's recorded capture
 * (content/captures/<slug>.json) must hold every one of its keys, each after the previous one.
 * Used by scripts/record-captures.ts (to know when a run has shown enough and what to keep), by
 * the home page's sketches (the keys are the labelled arrows) and by the fixtures' test.
 * Keys read the learner's own hop (browser ↔ edge) unless they say otherwise.
 */
import type { EioPacketInfo, EioPacketType, SioPacketType, WireEvent } from '@/lib/mirror/types';

export interface CaptureKey {
  /** Short (a sketch label): '101', '2probe', 'reorder'. */
  label: string;
  test(event: WireEvent): boolean;
}

const browserHop = (e: WireEvent) => e.hop === 'browser-edge';

/** Engine.IO packets an event carries: one per WebSocket message, several per polling body. */
export function eioPackets(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body') return e.eio ?? [];
  return [];
}

const status = (code: number, label = String(code)): CaptureKey => ({
  label,
  test: (e) => browserHop(e) && e.kind === 'http-response' && e.status === code,
});

const request = (method: string, path: RegExp, label: string): CaptureKey => ({
  label,
  test: (e) =>
    browserHop(e) && e.kind === 'http-request' && e.method === method && path.test(e.target),
});

/** A WebSocket data frame that is not Engine.IO (raw `ws` lessons). */
const wsData = (dir: 'up' | 'down', label: string): CaptureKey => ({
  label,
  test: (e) =>
    browserHop(e) &&
    e.kind === 'ws-frame' &&
    e.dir === dir &&
    e.message !== undefined &&
    e.message.eio === undefined,
});

const eio = (type: EioPacketType, dir: 'up' | 'down', data: string | null, label: string) => ({
  label,
  test: (e: WireEvent) =>
    browserHop(e) &&
    e.dir === dir &&
    eioPackets(e).some((p) => p.type === type && (data === null || (p.data ?? '') === data)),
});

const sio = (
  type: SioPacketType,
  dir: 'up' | 'down',
  label: string,
  match: { nsp?: string; event?: string } = {},
): CaptureKey => ({
  label,
  test: (e) =>
    browserHop(e) &&
    e.dir === dir &&
    eioPackets(e).some(
      (p) =>
        p.sio?.type === type &&
        (match.nsp === undefined || p.sio.nsp === match.nsp) &&
        (match.event === undefined || (Array.isArray(p.sio.data) && p.sio.data[0] === match.event)),
    ),
});

const fault = (kind: string, label = kind): CaptureKey => ({
  label,
  test: (e) => e.kind === 'fault' && e.fault === kind,
});

const upgradeRequest: CaptureKey = {
  label: 'GET Upgrade',
  test: (e) =>
    browserHop(e) &&
    e.kind === 'http-request' &&
    e.headers.some(([n, v]) => n.toLowerCase() === 'upgrade' && v.toLowerCase() === 'websocket'),
};

const sseEvent: CaptureKey = {
  label: 'SSE event',
  test: (e) => browserHop(e) && e.kind === 'http-body' && (e.sse?.length ?? 0) > 0,
};

export const CAPTURE_KEYS: Record<string, readonly CaptureKey[]> = {
  'websocket-handshake': [upgradeRequest, status(101), wsData('up', 'text, masked')],
  'websocket-frames': [status(101), wsData('up', 'text frame'), wsData('down', 'echo')],
  heartbeat: [
    eio('open', 'down', null, 'open'),
    eio('ping', 'down', '', 'ping'),
    eio('pong', 'up', '', 'pong'),
  ],
  'socketio-stack': [
    sio('CONNECT', 'up', 'CONNECT'),
    sio('EVENT', 'up', 'emit chat', { event: 'chat' }),
    sio('ACK', 'down', 'ACK'),
  ],
  'engineio-upgrade': [
    eio('ping', 'up', 'probe', '2probe'),
    eio('pong', 'down', 'probe', '3probe'),
    eio('upgrade', 'up', null, '5 upgrade'),
  ],
  'long-polling': [
    request('GET', /\/poll\b/, 'GET (held)'),
    request('POST', /\/poll\b/, 'POST'),
    status(200, '200 + data'),
  ],
  'polling-sse-websocket': [request('GET', /\/poll\b/, 'poll'), sseEvent, wsData('down', 'ws')],
  'rooms-namespaces': [
    sio('EVENT', 'up', 'join', { event: 'join' }),
    sio('EVENT', 'up', 'to room', { event: 'room-chat' }),
    sio('EVENT', 'down', 'room-chat', { event: 'room-chat' }),
  ],
  'reconnect-backoff': [
    sio('CONNECT', 'up', 'CONNECT'),
    fault('restart-node', 'restart'),
    sio('CONNECT', 'up', 'reconnect'),
  ],
  backpressure: [status(101), fault('bandwidth', 'slow link'), wsData('down', 'frames')],
  'ordering-replay': [fault('reorder'), fault('dup'), fault('drop')],
  'delivery-guarantees': [
    sio('EVENT', 'down', 'feed', { event: 'feed' }),
    sio('EVENT', 'up', 'send', { event: 'msg' }),
    sio('ACK', 'down', 'ack'),
  ],
  'auth-sessions': [
    request('POST', /\/token\b/, 'POST token'),
    sio('CONNECT', 'up', 'CONNECT /secure', { nsp: '/secure' }),
    sio('CONNECT', 'down', 'admitted', { nsp: '/secure' }),
  ],
};

/** Each key's first event, each after the previous key's (undefined where a key is not found). */
export function findKeys(slug: string, events: readonly WireEvent[]): (WireEvent | undefined)[] {
  let from = 0;
  return (CAPTURE_KEYS[slug] ?? []).map((key) => {
    const i = events.findIndex((e, j) => j >= from && key.test(e));
    if (i === -1) return undefined;
    from = i + 1;
    return events[i];
  });
}

/** Labels of the keys `events` lacks (in order). */
export function missingKeys(slug: string, events: readonly WireEvent[]): string[] {
  const found = findKeys(slug, events);
  return (CAPTURE_KEYS[slug] ?? []).filter((_, i) => found[i] === undefined).map((k) => k.label);
}
