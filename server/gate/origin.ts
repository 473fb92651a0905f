/**
 * Which pages may use the mirror and the lab: the server's own origin (scheme and Host of the
 * request) and an explicit allow-list (ALLOWED_ORIGINS). Browsers send `Origin` on every WebSocket
 * handshake and on every non-GET fetch or form post, so a cross-site page is recognised there; a
 * cross-site GET carries no Origin but `Sec-Fetch-Site: cross-site` (and never the SameSite=Strict
 * key cookie). Requests with neither header come from non-browser clients: they cannot be driven
 * by another site, and the session key still has to match.
 */
import type { IncomingMessage } from 'node:http';
import type { Refusal } from './refusal';

/** True when `origin`'s host (name and port) equals the Host header, case-insensitively. */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined || host === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.host.toLowerCase() === normalizeHost(host, parsed.protocol);
}

/** Host header as URL.host would print it (default port dropped). */
function normalizeHost(host: string, protocol: string): string {
  try {
    return new URL(`${protocol}//${host}`).host.toLowerCase();
  } catch {
    return host.toLowerCase();
  }
}

export function normalizeOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Parses an allow-list (comma or space separated origins); throws naming a bad entry. */
export function parseAllowedOrigins(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const origin = normalizeOrigin(entry);
      if (origin === null || origin !== entry.replace(/\/+$/, '')) {
        throw new Error(
          `ALLOWED_ORIGINS: ${JSON.stringify(entry)} is not an origin; expected scheme://host[:port], e.g. https://wirelab.example`,
        );
      }
      return origin;
    });
}

export class OriginPolicy {
  private readonly allowed: Set<string>;

  constructor(allowed: readonly string[] = []) {
    this.allowed = new Set(allowed);
  }

  /** True when `origin` is this request's own origin (same host and port) or allow-listed. */
  allows(origin: string, host: string | undefined): boolean {
    const normalized = normalizeOrigin(origin);
    if (normalized === null) return false;
    return this.allowed.has(normalized) || sameOrigin(normalized, host);
  }

  /** null when the request may proceed; otherwise the refusal naming what was wrong. */
  check(req: Pick<IncomingMessage, 'headers'>, what: string): Refusal | null {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin !== undefined) {
      if (this.allows(origin, host)) return null;
      const list = this.allowed.size === 0 ? 'none' : [...this.allowed].join(', ');
      return {
        status: 403,
        reason: 'origin',
        message: `${what} refused: Origin ${JSON.stringify(origin)} is not this server's own origin (Host ${JSON.stringify(host ?? '')}) and is not in ALLOWED_ORIGINS (${list})`,
      };
    }
    const site = req.headers['sec-fetch-site'];
    if ((site === 'cross-site' || site === 'same-site') && this.allowed.size === 0) {
      return {
        status: 403,
        reason: 'cross-site',
        message: `${what} refused: a ${site} request (Sec-Fetch-Site) from another page; only this server's own pages may use it`,
      };
    }
    return null;
  }
}
