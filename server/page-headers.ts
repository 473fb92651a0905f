/**
 * Security headers for the pages Next serves, and the one header every other response gets.
 *
 * The CSP is nonce-based: each page request gets a fresh 128-bit nonce. Next reads it from the
 * *request's* `Content-Security-Policy` header (get-script-nonce-from-header.js: the first
 * `'nonce-…'` of `script-src`, else `default-src`) and puts it on every `<script>` it renders, so the
 * custom server sets the same policy on the request (before Next's handler) and on the response.
 * Pages must render per request for that (a prerendered page carries no nonce): the root layout
 * calls `connection()` (app/layout.tsx).
 *
 * - `script-src 'nonce-…' 'strict-dynamic'`: Next's inline flight data and its chunk scripts carry
 *   the nonce; scripts they load are trusted through 'strict-dynamic'. `'self'` is only a fallback
 *   for CSP2 browsers (CSP3 ignores it next to 'strict-dynamic').
 * - `style-src 'self' 'nonce-…'` for `<style>`/`<link>`; `style-src-attr 'unsafe-inline'` because a
 *   few components render `style={{…}}` attributes (width of an input, a swatch colour): attribute
 *   styles cannot load anything or select elements, so they open no exfiltration path.
 * - `connect-src 'self'`: the mirror WebSocket and every lab connection (WebSocket, Socket.IO,
 *   polling, SSE) go to this origin; in CSP3 'self' matches ws:/wss: on the same host and port.
 * - `img-src 'self' blob: data:`: the capture download is a blob: URL; icons may be data: URLs.
 * - `worker-src 'self' blob:`, `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`,
 *   `frame-ancestors 'none'` (with `X-Frame-Options: DENY` for browsers without CSP2).
 * - Dev mode (`--dev` only): React's dev build needs `'unsafe-eval'` (call-stack reconstruction), and
 *   Next's dev CSS arrives as `<style>` elements injected without a nonce, so styles are
 *   `'self' 'unsafe-inline'` there (a nonce in the same directive would switch 'unsafe-inline' off).
 *
 * `Referrer-Policy: no-referrer`: lab URLs carry session ids; no link should hand them to another site.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PagePolicyOptions {
  /** A fresh base64 nonce for this response. */
  nonce: string;
  /** Development server (`--dev`): adds 'unsafe-eval' and inline styles. */
  dev: boolean;
}

/** A fresh per-response nonce: 16 random bytes, base64 (matches Next's nonce pattern). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy value for one page response. */
export function contentSecurityPolicy({ nonce, dev }: PagePolicyOptions): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"];
  if (dev) script.push("'unsafe-eval'");
  const style = dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', style],
    ['style-src-attr', ["'unsafe-inline'"]],
    ['img-src', ["'self'", 'blob:', 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['media-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Headers every response of this server carries (pages, lab, healthz, metrics, errors). */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
};

/** Headers for a page response besides the CSP. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON_HEADERS,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Sets the headers every response carries; call first thing in the request handler. */
export function applyCommonHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
}

/**
 * Before handing a request to Next: puts a fresh nonce-bearing CSP on the request (where Next reads
 * the nonce) and the same CSP with the page headers on the response. Returns the nonce.
 */
export function applyPageHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  dev: boolean,
  nonce: string = makeNonce(),
): string {
  const csp = contentSecurityPolicy({ nonce, dev });
  // Whatever the client sent under this name is replaced: only the server chooses the nonce.
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  return nonce;
}
