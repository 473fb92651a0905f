/**
 * The session key: a random value in an HttpOnly, SameSite=Strict cookie (`wl_key`). A session is
 * bound to the key its page's mirror socket carried; every lab request must carry the same key.
 * A cross-site page can neither read the cookie nor make the browser send it (SameSite=Strict), so
 * knowing a session id is not enough to use the session.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const KEY_COOKIE = 'wl_key';
const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function newKey(): string {
  return randomBytes(16).toString('hex');
}

/** The well-formed `wl_key` cookie of a request, or null. */
export function readKey(req: Pick<IncomingMessage, 'headers'>): string | null {
  const header = req.headers.cookie;
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== KEY_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (KEY_PATTERN.test(value)) return value;
  }
  return null;
}

/** The Set-Cookie value for a key (Secure when the page was served over https). */
export function keyCookie(key: string, secure: boolean): string {
  return `${KEY_COOKIE}=${key}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function sameKey(a: string | null, b: string): boolean {
  if (a === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Whether the request reached us over TLS (directly, or as a trusted proxy says). */
export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim() === 'https';
}
