/**
 * Hostile clients: upgrade floods to unknown paths, resets mid-handshake, huge declared bodies,
 * slow heads and bodies, a page that stops answering pings. The server answers each with a
 * specific status, closes the socket, and gets its file descriptors back.
 */

import { readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { MIRROR_PATH } from '../../lib/mirror/protocol';
import type { WireLabServer, WireLabServerOptions } from '../../server/app-server';
import { upgradeRequest } from '../../server/lab/testing/raw-http';
import { openMirror, startServer, wsUrl } from './mirror-client';

const servers: WireLabServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: WireLabServerOptions = {}): Promise<WireLabServer> {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

/** Open socket descriptors of this process (the server under test runs in it). */
function openFds(): number {
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // closed while listing (the listing's own descriptor)
    }
  }
  return sockets;
}

/** Writes `request` on a fresh connection; resolves with everything received until the server closes. */
function exchange(
  port: number,
  request: string | Buffer,
  options: { keepWriting?: boolean } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.once('close', () => resolve(received));
    socket.once('connect', () => {
      socket.write(request);
      if (options.keepWriting) socket.write(Buffer.alloc(64 * 1024, 0x61));
    });
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
}

/** A well-formed WebSocket upgrade request for `path` (Host 127.0.0.1). */
const upgradeTo = (path: string) => upgradeRequest(0, path, { Host: '127.0.0.1' });

describe('unknown upgrades', () => {
  it('answers 500 upgrades to unknown paths with 404, closes each, and holds no descriptor', async () => {
    const server = await serve();
    const baseline = openFds();
    const answers: string[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const paths = Array.from({ length: 50 }, (_, i) => `/nowhere/${batch}-${i}`);
      answers.push(...(await Promise.all(paths.map((p) => exchange(server.port, upgradeTo(p))))));
    }
    expect(answers).toHaveLength(500);
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      expect(answer).toContain('no WebSocket endpoint at /nowhere/');
    }
    await until(() => openFds() <= baseline, `socket descriptors back to ${baseline}`);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('survives clients that reset right after asking to upgrade', async () => {
    const server = await serve();
    const baseline = openFds();
    await Promise.all(
      Array.from(
        { length: 100 },
        (_, i) =>
          new Promise<void>((resolve) => {
            const socket = net.connect(server.port, '127.0.0.1');
            socket.on('error', () => {});
            socket.once('close', () => resolve());
            socket.once('connect', () => {
              socket.write(upgradeTo(i % 2 === 0 ? `/nowhere/${i}` : MIRROR_PATH));
              socket.resetAndDestroy();
            });
          }),
      ),
    );
    await until(() => openFds() <= baseline, 'socket descriptors back to baseline');
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });
});

describe('bodies and deadlines', () => {
  it('refuses a declared 10 GB polling POST with 413 before reading it', async () => {
    const server = await serve();
    const mirror = await openMirror(server);
    const request =
      `POST ${mirror.labBase}${LAB_PATHS.socketio}?EIO=4&transport=polling&sid=x HTTP/1.1\r\n` +
      `Host: 127.0.0.1\r\nCookie: ${mirror.headers.cookie}\r\nContent-Type: text/plain\r\n` +
      'Content-Length: 10000000000\r\n\r\n';
    const answer = await exchange(server.port, request, { keepWriting: true });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('10000000000 bytes is over this lab');
    // Nothing reached the lab node: the edge opened no connection for it.
    expect(mirror.events.filter((e) => e.kind === 'conn-open')).toEqual([]);
    await mirror.close();
  });

  it('cuts a chunked body over the limit with 413', async () => {
    const server = await serve({ limits: { maxPayload: 1000 } });
    const mirror = await openMirror(server);
    const chunk = Buffer.alloc(600, 0x61);
    const request = Buffer.concat([
      Buffer.from(
        `POST ${mirror.labBase}${LAB_PATHS.poll} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${mirror.headers.cookie}\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n',
      ),
      Buffer.from(`258\r\n`),
      chunk,
      Buffer.from('\r\n258\r\n'),
      chunk,
      Buffer.from('\r\n'),
    ]);
    const answer = await exchange(server.port, request);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    await mirror.close();
  });

  it('answers 408 to a head that never finishes and to a body that stalls', async () => {
    const server = await serve({ deadlines: { headersMs: 300, bodyMs: 600, checkEveryMs: 50 } });
    const slowHead = await exchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(slowHead).toMatch(/^HTTP\/1\.1 408 /);
    const mirror = await openMirror(server);
    const slowBody = await exchange(
      server.port,
      `POST ${mirror.labBase}${LAB_PATHS.poll} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${mirror.headers.cookie}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"only":"ten',
    );
    expect(slowBody).toMatch(/^HTTP\/1\.1 408 /);
    await mirror.close();
  });

  it('drops a page that stops answering the mirror’s pings', async () => {
    const server = await serve({ mirrorHeartbeatMs: 100 });
    const ws = new WebSocket(wsUrl(server, MIRROR_PATH), { autoPong: false });
    ws.on('error', () => {});
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    await until(() => server.registry.size === 0, 'the session to end');
  });
});
