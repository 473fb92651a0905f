/**
 * Process entry: `npm run dev` (tsx server/main.ts --dev) and `npm start` (scripts/start.sh: builds
 * when needed, then runs this in production mode).
 * Reads PORT (default 3000, 0 allowed), HOST (default 0.0.0.0: every interface), LOG_LEVEL and
 * METRICS_TOKEN (server/log.ts, server/metrics-access.ts); ROUTE_KEY (4 hex digits, for several
 * instances behind a balancer) and DRAIN_GRACE_MS (default 10 000): see docs/deploy.md; the gate's
 * settings (ALLOWED_ORIGINS, TRUST_PROXY, MAX_SESSIONS, ...): see docs/security.md.
 * SIGTERM drains (no new sessions, pages told, exit once sessions ended or after the grace);
 * SIGINT, or a second signal, closes at once.
 */
import { createWireLabServer } from './app-server';
import { DEFAULT_DRAIN_GRACE_MS } from './drain';
import { configFromEnv } from './env-config';
import { listenDescription } from './listen-address';
import { log } from './log';
import { processMetrics } from './metrics';
import { exitOnUncaught } from './process-guard';
import { parseRouteKey } from './route-key';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev') || process.env.NODE_ENV === 'development';
  const port = process.env.PORT === undefined ? 3000 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0-65535, got ${JSON.stringify(process.env.PORT)}`);
  }
  const host = process.env.HOST ?? '0.0.0.0';
  const routeKey = parseRouteKey(process.env.ROUTE_KEY);
  const graceText = process.env.DRAIN_GRACE_MS;
  const drainGraceMs = graceText === undefined ? DEFAULT_DRAIN_GRACE_MS : Number(graceText);
  if (!/^\d+$/.test(graceText ?? '0') || drainGraceMs > 3_600_000) {
    throw new Error(
      `DRAIN_GRACE_MS must be an integer 0-3600000 (ms), got ${JSON.stringify(graceText)}`,
    );
  }
  const { gate, maxSessions } = configFromEnv();
  processMetrics(); // event-loop lag, GC, CPU and memory, measured from the start
  const server = await createWireLabServer({
    port,
    host,
    dev,
    next: true,
    gate,
    maxSessions,
    ...(routeKey === undefined ? {} : { routeKey }),
  });
  const where = listenDescription(host, server.port);
  log.info(
    { host, port: server.port, url: server.url, dev, routeKey },
    `Wire Lab ${dev ? '(dev) ' : ''}${where}${routeKey === undefined ? '' : ` (route key ${routeKey})`}`,
  );

  exitOnUncaught(server.close, (message, error) => log.fatal({ err: error }, message));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    const draining = signal === 'SIGTERM';
    log.info(
      { signal, open: server.registry.size, drainGraceMs },
      draining
        ? `SIGTERM: draining: no new sessions; exit once the ${server.registry.size} open end, or in ${drainGraceMs} ms`
        : `${signal}: closing sessions and the listener`,
    );
    const force = setTimeout(() => process.exit(1), (draining ? drainGraceMs : 0) + 10_000);
    force.unref();
    (draining ? server.drain(drainGraceMs) : server.close()).then(
      (result) => {
        if (result?.endedBy === 'sessions') log.info('drained: every session ended; exiting');
        else if (result?.endedBy === 'grace') {
          log.info(
            { left: result.left },
            `drain grace over: ended the ${result.left} sessions left; exiting`,
          );
        } else log.info({ signal }, 'closed');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'server failed to start');
  process.exit(1);
});
