/**
 * The server's own operational endpoints: `/healthz` (public, small: ok, sessions, uptime) and
 * `/metrics` (Prometheus text; loopback or bearer token only, see metrics-access.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './log';
import type { ServerMetrics } from './metrics';
import { metricsAccess } from './metrics-access';

export interface OpsContext {
  metrics: ServerMetrics;
  sessions: () => number;
  startedAt: number;
  /** METRICS_TOKEN; undefined or '' means loopback only. */
  metricsToken: string | undefined;
  log: Logger;
  /** True while the server drains (SIGTERM): /healthz answers 503 so balancers take it out. */
  draining?: () => boolean;
  /** This instance's route key (docs/deploy.md), shown in /healthz. */
  routeKey?: string;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Answers /healthz and /metrics; returns false for every other path. */
export function handleOpsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: OpsContext,
): boolean {
  const path = pathOf(req.url ?? '/');
  if (path === '/healthz') {
    const draining = ctx.draining?.() ?? false;
    const body = JSON.stringify({
      ok: !draining,
      draining,
      ...(ctx.routeKey === undefined ? {} : { routeKey: ctx.routeKey }),
      sessions: ctx.sessions(),
      uptimeMs: Math.round(performance.now() - ctx.startedAt),
    });
    res.writeHead(draining ? 503 : 200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
    });
    res.end(body);
    return true;
  }
  if (path !== '/metrics') return false;
  const access = metricsAccess(
    { remoteAddress: req.socket.remoteAddress, headers: req.headers },
    ctx.metricsToken,
  );
  if (!access.ok) {
    ctx.log.info({ peer: req.socket.remoteAddress }, 'metrics refused');
    res.writeHead(access.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(`${access.message}\n`);
    return true;
  }
  ctx.metrics.scrape().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    },
    (error: unknown) => {
      ctx.log.error({ err: error }, 'metrics scrape failed');
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('metrics scrape failed\n');
    },
  );
  return true;
}
