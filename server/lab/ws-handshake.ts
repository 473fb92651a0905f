/**
 * Checks the lab node makes on its raw WebSocket endpoints (/ws, /feed) before `ws` sees the
 * handshake, so lesson 1's failure toggles get the answers RFC 6455 prescribes:
 *
 * - `Sec-WebSocket-Version` other than 13 (or missing) → `426 Upgrade Required` with
 *   `Sec-WebSocket-Version: 13`, the versions this server speaks (RFC 6455 §4.4).
 * - `Origin` present and its host differs from the request's `Host` → `403 Forbidden` naming the
 *   refused origin (RFC 6455 §4.2.2 step 4 and §10.2: servers that serve browsers check Origin).
 *   No `Origin` is allowed: non-browser clients (server-side simulated clients, curl) send none.
 * - A plain GET without `Upgrade` (a proxy stripped it) → `426 Upgrade Required` with
 *   `Upgrade: websocket` and a body that says why (RFC 9110 §15.5.22).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { sameOrigin } from '../gate/origin';

export { sameOrigin };

export interface Refusal {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
}

export const SUPPORTED_WS_VERSION = '13';

/** Null when the upgrade request may go on to `ws`; otherwise the answer to write. */
export function checkUpgrade(req: IncomingMessage): Refusal | null {
  const version = req.headers['sec-websocket-version'];
  if (version !== SUPPORTED_WS_VERSION) {
    const got =
      version === undefined
        ? 'no Sec-WebSocket-Version header'
        : `version ${JSON.stringify(version)}`;
    return {
      status: 426,
      reason: 'Upgrade Required',
      headers: { 'Sec-WebSocket-Version': SUPPORTED_WS_VERSION },
      body: `unsupported WebSocket version: got ${got}; this server speaks version ${SUPPORTED_WS_VERSION} (RFC 6455 §4.4)\n`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
    return {
      status: 403,
      reason: 'Forbidden',
      headers: {},
      body: `origin ${JSON.stringify(origin)} is not allowed: this endpoint accepts only pages from its own origin (host ${JSON.stringify(req.headers.host ?? '')}) (RFC 6455 §4.2.2, §10.2)\n`,
    };
  }
  return null;
}

/** The answer to a plain HTTP request (no Upgrade) for a WebSocket endpoint. */
export function plainRequestRefusal(req: IncomingMessage): Refusal {
  const upgrade = req.headers.upgrade;
  const why =
    upgrade === undefined
      ? 'the request has no Upgrade header (a proxy may have stripped Upgrade and Connection)'
      : `the request says Upgrade: ${upgrade} but its Connection header does not list "upgrade"`;
  return {
    status: 426,
    reason: 'Upgrade Required',
    headers: { Upgrade: 'websocket', Connection: 'Upgrade' },
    body: `this is a WebSocket endpoint: ${why}, so the connection stays plain HTTP\n`,
  };
}

/** Writes the refusal on a raw upgrade socket and ends it. */
export function writeRefusal(socket: Socket, refusal: Refusal): void {
  if (socket.destroyed) return;
  const body = Buffer.from(refusal.body);
  const lines = [
    `HTTP/1.1 ${refusal.status} ${refusal.reason}`,
    ...Object.entries(refusal.headers).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

/**
 * Socket.IO `allowRequest`: the lab's own pages only (no Origin: a non-browser client). A foreign
 * Origin gets engine.io's 403; no CORS headers are ever sent, so no other site can read a reply.
 */
export function sameOriginOnly(
  req: IncomingMessage,
  callback: (error: string | null | undefined, success: boolean) => void,
): void {
  const origin = req.headers.origin;
  if (origin === undefined || sameOrigin(origin, req.headers.host)) callback(null, true);
  else callback(`origin ${origin} is not allowed: this lab serves its own pages only`, false);
}
