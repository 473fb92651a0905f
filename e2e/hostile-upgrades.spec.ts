/**
 * The production server (Next on, as `npm start` runs it) facing an upgrade flood: every upgrade to
 * a path that is neither the mirror nor a lab path gets 404 and is closed, so the process's open
 * descriptors (prom-client's process_open_fds on /metrics) return to where they were and the
 * server keeps answering. Before, Next took these sockets and never answered or closed them.
 */
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { upgradeRequest } from '../server/lab/testing/raw-http';

function upgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.once('close', () => resolve(received));
    socket.once('connect', () => socket.write(upgradeRequest(port, path)));
  });
}

test('500 upgrades to unknown paths: each 404 and closed, descriptors back, server answering', async ({
  request,
  baseURL,
}) => {
  const port = Number(new URL(baseURL ?? '').port);
  const openFds = async () => {
    const text = await (await request.get('/metrics')).text();
    return Number(/^process_open_fds (\d+)/m.exec(text)?.[1]);
  };
  const before = await openFds();
  expect(before).toBeGreaterThan(0);
  const paths = [
    '/',
    '/lessons/websocket-handshake',
    '/_next/webpack-hmr',
    '/socket.io/',
    '/nowhere',
  ];
  for (let batch = 0; batch < 10; batch += 1) {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => upgrade(port, paths[i % paths.length] ?? '/')),
    );
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
  }
  // +2: the scrape's own keep-alive connection may be a new one.
  await expect.poll(openFds, { timeout: 15_000 }).toBeLessThanOrEqual(before + 2);
  expect((await request.get('/healthz')).status()).toBe(200);
});
