/**
 * What a proxy can do to an Upgrade request's headers before it forwards them:
 * - strip: remove `Upgrade` and `Connection` (a proxy that does not speak WebSocket). The node then
 *   sees a plain GET and answers it as one (Engine.IO: 400; the raw echo: 404), the browser's
 *   handshake fails, and Socket.IO stays on polling.
 * - wsVersion ≠ 13: rewrite `Sec-WebSocket-Version` (the node answers 426 + the version it speaks).
 * - foreignOrigin: rewrite (or add) `Origin` as a foreign site (the node answers 403).
 * Only Upgrade requests are rewritten; plain HTTP (polling, SSE) passes as sent.
 */
import type { Scenario } from '../../../lib/scenario/schema';

export const FOREIGN_ORIGIN = 'http://foreign.example';

export interface HeaderChange {
  name: string;
  from: string | null;
  to: string;
}

export interface HeadRewrite {
  /** Node's rawHeaders layout: name, value, name, value… */
  rawHeaders: string[];
  /** "Upgrade: websocket" for each removed header. */
  removed: string[];
  changed: HeaderChange[];
}

export function rewriteUpgradeHeaders(
  rawHeaders: readonly string[],
  s: Pick<Scenario, 'strip' | 'wsVersion' | 'foreignOrigin'>,
): HeadRewrite {
  const out: string[] = [];
  const removed: string[] = [];
  const changed: HeaderChange[] = [];
  let sawOrigin = false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    let value = rawHeaders[i + 1] as string;
    const lower = name.toLowerCase();
    if (s.strip && (lower === 'upgrade' || lower === 'connection')) {
      removed.push(`${name}: ${value}`);
      continue;
    }
    if (lower === 'sec-websocket-version' && s.wsVersion !== 13) {
      const to = String(s.wsVersion);
      if (value !== to) changed.push({ name, from: value, to });
      value = to;
    }
    if (lower === 'origin' && s.foreignOrigin) {
      sawOrigin = true;
      if (value !== FOREIGN_ORIGIN) changed.push({ name, from: value, to: FOREIGN_ORIGIN });
      value = FOREIGN_ORIGIN;
    }
    out.push(name, value);
  }
  if (s.foreignOrigin && !sawOrigin) {
    out.push('Origin', FOREIGN_ORIGIN);
    changed.push({ name: 'Origin', from: null, to: FOREIGN_ORIGIN });
  }
  return { rawHeaders: out, removed, changed };
}

export function describeChange(change: HeaderChange): string {
  return change.from === null
    ? `added ${change.name}: ${change.to}`
    : `${change.name}: ${change.from} → ${change.to}`;
}
