/**
 * Process entry: `npm run dev` (tsx server/main.ts --dev) and `npm start` (production build).
 * Reads PORT (default 3000, 0 allowed) and HOST (default 0.0.0.0).
 */
import { createWireLabServer } from './app-server';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev') || process.env.NODE_ENV === 'development';
  const port = process.env.PORT === undefined ? 3000 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0-65535, got ${JSON.stringify(process.env.PORT)}`);
  }
  const host = process.env.HOST ?? '0.0.0.0';
  const server = await createWireLabServer({ port, host, dev, next: true });
  console.log(`Wire Lab ${dev ? '(dev) ' : ''}listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: closing sessions and the listener`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('close failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
