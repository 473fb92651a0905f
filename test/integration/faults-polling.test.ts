/**
 * Faults on the HTTP relay (Socket.IO long polling): Engine.IO packets dropped inside polling
 * bodies (the payload stays valid), latency on requests and responses, and the proxy's idle timeout
 * answering a held long-poll with 504.
 */

import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { HttpResponseEvent, WireEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import {
  faultsOf,
  httpUrl,
  labIo,
  type MirrorClient,
  openMirror,
  startServer,
} from './mirror-client';

async function pollingClient(server: WireLabServer, mirror: MirrorClient): Promise<Socket> {
  const socket = labIo(httpUrl(server, ''), {
    path: `${mirror.labBase}${LAB_PATHS.socketio}`,
    reconnection: false,
    transports: ['polling'],
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Socket.IO chat events the node sent (edge-node down, inside polling bodies). */
const nodeChats = (events: WireEvent[]) =>
  events
    .filter((e) => e.kind === 'http-body' && e.hop === 'edge-node' && e.dir === 'down')
    .flatMap((e) => (e.kind === 'http-body' ? (e.eio ?? []) : []))
    .filter((p) => p.sio?.type === 'EVENT' && JSON.stringify(p.sio.data).startsWith('["chat"'))
    .length;

describe('faults on polling', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('drops whole Engine.IO packets from poll responses; the stream stays valid', async () => {
    const mirror = await openMirror(server);
    const socket = await pollingClient(server, mirror);
    const got: number[] = [];
    socket.on('chat', (n: unknown) => {
      if (typeof n === 'number') got.push(n);
    });
    await mirror.setScenario({ drop: 50, seed: 2, dir: 'down' });
    for (let i = 0; i < 20; i++) socket.emit('chat', i);
    await mirror.waitFor((events) => nodeChats(events) === 20, 'the node sent 20 chats');
    await mirror.setScenario({});
    const ack = await socket.timeout(5_000).emitWithAck('chat', 'final');
    expect(ack).toMatchObject({ ok: true, echo: 'final' });
    expect(got.length).toBeLessThan(20);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(socket.connected).toBe(true);
    expect(socket.io.engine.transport.name).toBe('polling');
    const drops = faultsOf(mirror.events, 'drop');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops[0]).toMatchObject({ hop: 'browser-edge', dir: 'down' });
    expect(Buffer.from(drops[0]?.affected ?? '', 'base64').toString()).toMatch(
      /^(42\["chat",\d+\]|2|6)$/,
    );
    expect(mirror.events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
    socket.close();
    await mirror.close();
  });

  it('latency applies to polling requests and responses', async () => {
    const mirror = await openMirror(server);
    const socket = await pollingClient(server, mirror);
    await mirror.setScenario({ latency: 100 });
    const t0 = performance.now();
    await socket.timeout(5_000).emitWithAck('chat', 'slow');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(199);
    socket.close();
    await mirror.close();
  });

  it('idle timeout answers a held long-poll with 504 and closes: the client sees a transport error', async () => {
    const mirror = await openMirror(server);
    const socket = await pollingClient(server, mirror);
    await mirror.setScenario({ idle: 1 });
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toMatch(/transport (error|close)/);
    await mirror.waitFor(
      (events) =>
        events.some(
          (e) => e.kind === 'http-response' && e.hop === 'browser-edge' && e.status === 504,
        ),
      'the 504 on the browser hop',
    );
    const answer = mirror.events.find(
      (e): e is HttpResponseEvent => e.kind === 'http-response' && e.status === 504,
    );
    expect(faultsOf(mirror.events, 'idle-timeout', answer?.conn).length).toBe(2);
    socket.close();
    await mirror.close();
  });
});
