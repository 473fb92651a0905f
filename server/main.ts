/**
 * Process entry: `npm run dev` (tsx server/main.ts --dev) and `npm start` (scripts/start.sh: builds
 * when needed, then runs this in production mode).
 * Reads PORT (default 3000, 0 allowed), HOST (default 0.0.0.0: every interface), LOG_LEVEL and
 * METRICS_TOKEN (server/log.ts, server/metrics-access.ts).
 */
import { createWireLabServer } from './app-server';
import { listenDescription } from './listen-address';
import { log } from './log';
import { processMetrics } from './metrics';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev') || process.env.NODE_ENV === 'development';
  const port = process.env.PORT === undefined ? 3000 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0-65535, got ${JSON.stringify(process.env.PORT)}`);
  }
  const host = process.env.HOST ?? '0.0.0.0';
  processMetrics(); // event-loop lag, GC, CPU and memory, measured from the start
  const server = await createWireLabServer({ port, host, dev, next: true });
  const where = listenDescription(host, server.port);
  log.info(
    { host, port: server.port, url: server.url, dev },
    `Wire Lab ${dev ? '(dev) ' : ''}${where}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'closing sessions and the listener');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => {
        log.info({ signal }, 'closed');
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
