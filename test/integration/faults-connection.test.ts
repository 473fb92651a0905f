import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { ConnCloseEvent, WireEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { faultsOf, httpUrl, labIo, openMirror, openWs, startServer } from './mirror-client';

const frameCount = (events: WireEvent[], hop: string, dir: string) =>
  events.filter(
    (e) => e.kind === 'ws-frame' && e.hop === hop && e.dir === dir && e.frame.opcode === 1,
  ).length;

describe('connection faults', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('blackhole: bytes vanish, the socket stays open; lifting it resets the holed connection', async () => {
    const mirror = await openMirror(server);
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    client.ws.send('before');
    await client.waitFor((r) => r.length === 1, 'the clean echo');
    await mirror.setScenario({ blackhole: true });
    for (const m of ['lost 1', 'lost 2']) {
      client.ws.send(m);
      await mirror.waitFor(
        (events) => frameCount(events, 'browser-edge', 'up') === (m === 'lost 1' ? 2 : 3),
        'the frame at the edge',
      );
    }
    await mirror.waitFor(
      (events) => faultsOf(events, 'blackhole').length > 0,
      'the blackhole fault event',
    );
    // The frames reached the edge and went no further; nothing came back and nothing closed.
    expect(frameCount(mirror.events, 'edge-node', 'up')).toBe(1);
    expect(client.received).toEqual(['before']);
    expect(client.isClosed()).toBe(false);
    expect(mirror.events.some((e) => e.kind === 'conn-close')).toBe(false);
    expect(faultsOf(mirror.events, 'blackhole')[0]).toMatchObject({
      hop: 'edge-node',
      dir: 'up',
    });

    await mirror.setScenario({});
    expect(await client.closed).toBe(1006);
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
      'both hops reset',
    );
    const lifted = faultsOf(mirror.events, 'blackhole').filter((f) =>
      f.detail.startsWith('blackhole lifted'),
    );
    expect(lifted.length).toBe(2);
    expect(lifted[0]?.detail).toMatch(/hole/);
    for (const e of mirror.events.filter((e) => e.kind === 'conn-close')) {
      expect(e).toMatchObject({ how: 'reset', by: 'edge' });
    }
    await mirror.close();
  });

  it('blackhole under Socket.IO: pings vanish, the client gives up with "ping timeout"', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ pingInterval: 500, pingTimeout: 500 });
    const socket = labIo(httpUrl(server, ''), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      reconnection: false,
      transports: ['websocket'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await mirror.setScenario({ pingInterval: 500, pingTimeout: 500, blackhole: true });
    expect(await reason).toBe('ping timeout');
    await mirror.waitFor(
      (events) => faultsOf(events, 'blackhole').some((f) => f.hop === 'browser-edge'),
      'a vanished ping',
    );
    socket.close();
    await mirror.close();
  });

  it('idle timeout 1 s: the proxy closes an idle WebSocket with FIN and says why', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ idle: 1 });
    const t0 = performance.now();
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    expect(await client.closed).toBe(1006);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
      'both hops closed',
    );
    const idle = faultsOf(mirror.events, 'idle-timeout');
    expect(idle.length).toBe(2);
    expect(idle[0]?.detail).toMatch(/^idle 1 s: proxy closed/);
    const closes = mirror.events.filter((e): e is ConnCloseEvent => e.kind === 'conn-close');
    for (const close of closes) expect(close).toMatchObject({ how: 'end', by: 'edge' });
    await mirror.close();
  });

  it('idle timeout: traffic keeps a connection open', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ idle: 1 });
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    for (let i = 0; i < 6; i++) {
      client.ws.send(`tick ${i}`);
      await client.waitFor((r) => r.length === i + 1, 'the echo');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(client.isClosed()).toBe(false);
    client.ws.close(1000);
    expect(await client.closed).toBe(1000);
    await mirror.close();
  });

  it('slow close: the node FIN reaches the browser only after the delay', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ slowClose: 400, dir: 'down' });
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    client.ws.close(1000);
    expect(await client.closed).toBe(1000);
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
      'both hops closed',
    );
    const slow = faultsOf(mirror.events, 'slow-close');
    expect(slow.length).toBe(1);
    const closes = mirror.events.filter((e): e is ConnCloseEvent => e.kind === 'conn-close');
    // No RST anywhere: the delayed FIN is still a FIN.
    for (const close of closes) expect(close.how).toBe('end');
    const fault = slow[0];
    const browserClose = closes.find((c) => c.hop === 'browser-edge');
    expect((browserClose?.t ?? 0) - (fault?.t ?? 0)).toBeGreaterThanOrEqual(390);
    await mirror.close();
  });
});
