/**
 * A private Debian nginx as a plain WebSocket reverse proxy, for comparison with the edge: its own
 * config, pid, logs and temp dirs in a temp directory, one worker, in the foreground (daemon off),
 * on a free loopback port, proxying everything to one upstream port with the Upgrade/Connection
 * headers and no buffering. No system service is touched. NGINX_PATH or /usr/sbin/nginx.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Nginx {
  port: number;
  version: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export function nginxPath(): string | null {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    if (candidate !== undefined && candidate !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

function config(dir: string, port: number, upstream: number): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    access_log off;
    server {
        listen 127.0.0.1:${port};
        location / {
            proxy_pass http://127.0.0.1:${upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_buffering off;
            proxy_read_timeout 300s;
            proxy_send_timeout 300s;
        }
    }
}
`;
}

/** Connects until the port accepts (nginx is up) or the process exits. */
async function waitListening(port: number, child: ChildProcess, dir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, 'error.log'))
        ? readFileSync(join(dir, 'error.log'), 'utf8')
        : '';
      throw new Error(`nginx exited (${child.exitCode}): ${log.trim()}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} within 10 s`);
}

/** Starts nginx in front of `upstream`; a string says why it could not (then the bench skips it). */
export async function startNginx(upstream: number): Promise<Nginx | string> {
  const binary = nginxPath();
  if (binary === null) {
    return 'nginx is not installed (apt-get install -y nginx, or set NGINX_PATH)';
  }
  const dir = mkdtempSync(join(tmpdir(), 'wirelab-bench-nginx-'));
  // As root, nginx's worker runs as nobody and must reach the prefix.
  chmodSync(dir, 0o755);
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, temp), { mode: 0o777 });
    chmodSync(join(dir, temp), 0o777);
  }
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, upstream));
  const version = await new Promise<string>((resolve) => {
    const v = spawn(binary, ['-v']);
    let text = '';
    v.stderr.on('data', (d: Buffer) => {
      text += d.toString();
    });
    v.once('exit', () => resolve(text.trim().replace(/^nginx version: /, '')));
    v.once('error', () => resolve('?'));
  });
  const child = spawn(
    binary,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // SIGQUIT: graceful shutdown of master and worker.
        child.kill('SIGQUIT');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitListening(port, child, dir);
  } catch (error) {
    await stop();
    return error instanceof Error ? error.message : String(error);
  }
  return { port, version, stop };
}
