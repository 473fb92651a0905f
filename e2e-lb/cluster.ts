/**
 * Two Wire Lab instances behind Debian's nginx, for the balancer tests (playwright.lb.config.ts).
 * Everything runs as children of the Playwright runner, under one temp directory: the instances
 * (`node --import tsx server/main.ts`, production build, own PORT and ROUTE_KEY) and nginx in the
 * foreground with its own prefix, pid and temp dirs (no system service is touched).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNginxConf } from '../deploy/nginx-conf';

export interface InstanceInfo {
  routeKey: string;
  /** http://127.0.0.1:<port>, the instance itself (not through the balancer). */
  url: string;
  address: string;
  pid: number;
  /** Its stdout + stderr. */
  log: string;
  /** Written with the exit code (or signal) once the process has exited. */
  exitFile: string;
}

export interface ClusterInfo {
  /** The balancer: http://127.0.0.1:<port>. */
  url: string;
  accessLog: string;
  instances: InstanceInfo[];
}

/** Where the tests find the cluster (set by the global setup, read in the workers). */
export const CLUSTER_ENV = 'WIRELAB_LB_CLUSTER';

/** The balancer's port: LB_PORT, default 3427 (the page URLs' baseURL needs it before setup runs). */
export function balancerPort(): number {
  const port = Number(process.env.LB_PORT ?? 3427);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`LB_PORT must be a port 1-65535, got ${JSON.stringify(process.env.LB_PORT)}`);
  }
  return port;
}

export function clusterInfo(): ClusterInfo {
  const text = process.env[CLUSTER_ENV];
  if (text === undefined)
    throw new Error(`${CLUSTER_ENV} is not set: run through playwright.lb.config.ts`);
  return JSON.parse(text) as ClusterInfo;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once GET url answers (any status below 500), rejects after timeoutMs or if child exits. */
async function waitReady(url: string, child: ChildProcess, what: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited before it was ready (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not ready at ${url} after ${timeoutMs} ms`);
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: string,
  exitFile: string,
): ChildProcess {
  const out = createWriteStream(log);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once('exit', (code, signal) => {
    writeFileSync(exitFile, code === null ? String(signal) : String(code));
  });
  return child;
}

function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Cluster {
  info: ClusterInfo;
  stop(): Promise<void>;
}

export async function startCluster(
  options: { routeKeys?: string[]; nginx?: string; drainGraceMs?: number } = {},
): Promise<Cluster> {
  const routeKeys = options.routeKeys ?? ['a1b2', 'c3d4'];
  const nginx = options.nginx ?? process.env.NGINX_PATH ?? '/usr/sbin/nginx';
  const dir = mkdtempSync(join(tmpdir(), 'wirelab-lb-'));
  // nginx's workers may run as another user (as root: nobody); they need to reach the prefix.
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const stop = async () => {
    // The balancer first, then the instances (SIGTERM: they drain; nothing is open by then).
    for (const child of children.reverse()) await stopChild(child);
  };
  try {
    const instances: InstanceInfo[] = [];
    const started: Promise<void>[] = [];
    for (const routeKey of routeKeys) {
      const port = await freePort();
      const log = join(dir, `instance-${routeKey}.log`);
      const exitFile = join(dir, `instance-${routeKey}.exit`);
      const child = run(
        process.execPath,
        ['--import', 'tsx', 'server/main.ts'],
        {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          ROUTE_KEY: routeKey,
          // Behind the balancer every peer is nginx: clients are counted by X-Forwarded-For.
          TRUST_PROXY: '1',
          DRAIN_GRACE_MS: String(options.drainGraceMs ?? 60_000),
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
        },
        log,
        exitFile,
      );
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      instances.push({
        routeKey,
        url,
        address: `127.0.0.1:${port}`,
        pid: child.pid ?? -1,
        log,
        exitFile,
      });
      started.push(waitReady(`${url}/healthz`, child, `instance ${routeKey} (log: ${log})`));
    }
    await Promise.all(started);

    const lbPort = balancerPort();
    const conf = join(dir, 'nginx.conf');
    const accessLog = join(dir, 'access.log');
    writeFileSync(
      conf,
      renderNginxConf({
        listen: `127.0.0.1:${lbPort}`,
        prefix: dir,
        accessLog,
        instances: instances.map(({ routeKey, address }) => ({ routeKey, address })),
      }),
    );
    for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(dir, temp), { mode: 0o777 });
      chmodSync(join(dir, temp), 0o777);
    }
    const balancer = run(
      nginx,
      ['-p', dir, '-c', conf, '-e', 'stderr'],
      process.env,
      join(dir, 'nginx.log'),
      join(dir, 'nginx.exit'),
    );
    children.push(balancer);
    const url = `http://127.0.0.1:${lbPort}`;
    await waitReady(`${url}/healthz`, balancer, `nginx (log: ${join(dir, 'nginx.log')})`);
    return { info: { url, accessLog, instances }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
