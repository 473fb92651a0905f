/**
 * Starts the production server (server/main.ts in production mode, serving the `next build` in
 * .next/) on a free loopback port, for scripts that measure the built pages: scripts/check-budgets.ts,
 * scripts/record-captures.ts and bench/lighthouse.ts. Resolves once /healthz answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

export interface BuiltServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  base: string;
  stop(): Promise<void>;
}

export function hasBuild(): boolean {
  return existsSync('.next/BUILD_ID');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startBuiltServer(): Promise<BuiltServer> {
  if (!hasBuild()) throw new Error('no production build in .next/: run `npm run build` first');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn('./node_modules/.bin/tsx', ['server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited(child);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    const up = await fetch(`${base}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return { base, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`server did not answer ${base}/healthz within 60 s`);
}
