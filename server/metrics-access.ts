/**
 * Who may read /metrics: a loopback peer whose request was not forwarded by a proxy, or anyone with
 * `Authorization: Bearer <METRICS_TOKEN>`. A request that came through a reverse proxy on the same
 * machine has a loopback peer too, so a request carrying Forwarded / X-Forwarded-For / X-Real-IP
 * needs the token (a balancer in front of Wire Lab must add one of them, as nginx and HAProxy can).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type MetricsAccess = { ok: true } | { ok: false; status: 403; message: string };

export interface MetricsRequest {
  /** The TCP peer's address (socket.remoteAddress). */
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match === null) return false;
  const given = Buffer.from(match[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function metricsAccess(req: MetricsRequest, token: string | undefined): MetricsAccess {
  const configured = token !== undefined && token !== '';
  if (configured && tokenMatches(req.headers.authorization, token)) return { ok: true };
  const forwarded =
    req.headers.forwarded !== undefined ||
    req.headers['x-forwarded-for'] !== undefined ||
    req.headers['x-real-ip'] !== undefined;
  if (isLoopback(req.remoteAddress) && !forwarded) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: configured
      ? '/metrics needs Authorization: Bearer <METRICS_TOKEN> (or a direct request from this machine)'
      : '/metrics is served only to requests from this machine; set METRICS_TOKEN to allow others with Authorization: Bearer <token>',
  };
}
