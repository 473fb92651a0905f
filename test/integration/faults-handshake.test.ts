import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { HttpRequestEvent, HttpResponseEvent, MarkerEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import {
  faultsOf,
  httpUrl,
  labIo,
  labWebSocket,
  openMirror,
  startServer,
  wsUrl,
} from './mirror-client';

describe('edge header faults', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('strip Upgrade: socket.io-client ends on polling and still exchanges chat with acks', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ strip: true });
    const socket = labIo(httpUrl(server, ''), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      reconnection: false,
    });
    try {
      const upgradeFailed = new Promise<void>((resolve) =>
        socket.io.on('open', () => socket.io.engine.once('upgradeError', () => resolve())),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await upgradeFailed;
      expect(socket.io.engine.transport.name).toBe('polling');
      const echoed = new Promise((resolve) => socket.once('chat', resolve));
      const ack = await socket.timeout(5_000).emitWithAck('chat', { msg: 'still here' });
      expect(ack).toMatchObject({ ok: true, echo: { msg: 'still here' } });
      expect(await echoed).toEqual({ msg: 'still here' });
      expect(socket.io.engine.transport.name).toBe('polling');

      // The probe's upgrade request reached the node without Upgrade/Connection and got a non-101.
      await mirror.waitFor(
        (events) => faultsOf(events, 'strip-upgrade').length > 0,
        'strip-upgrade fault',
      );
      const fault = faultsOf(mirror.events, 'strip-upgrade')[0];
      expect(fault?.hop).toBe('browser-edge');
      expect(fault?.detail).toMatch(/Upgrade: websocket/);
      const probe = fault?.conn;
      const requests = mirror.events.filter(
        (e): e is HttpRequestEvent => e.kind === 'http-request' && e.conn === probe,
      );
      const browserSide = requests.find((e) => e.hop === 'browser-edge');
      const nodeSide = requests.find((e) => e.hop === 'edge-node');
      const names = (r: HttpRequestEvent | undefined) =>
        (r?.headers ?? []).map(([n]) => n.toLowerCase());
      expect(names(browserSide)).toContain('upgrade');
      expect(names(nodeSide)).not.toContain('upgrade');
      expect(names(nodeSide)).not.toContain('connection');
      await mirror.waitFor(
        (events) =>
          events.some(
            (e) => e.kind === 'http-response' && e.conn === probe && e.hop === 'browser-edge',
          ),
        'the node answer relayed to the browser',
      );
      const answer = mirror.events.find(
        (e): e is HttpResponseEvent =>
          e.kind === 'http-response' && e.conn === probe && e.hop === 'browser-edge',
      );
      expect(answer?.status).not.toBe(101);
    } finally {
      socket.close();
      await mirror.close();
    }
  });

  it('strip Upgrade: a raw WebSocket handshake fails with what the node answered', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ strip: true });
    const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
      perMessageDeflate: false,
    });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (req, res) => {
        req.on('error', () => {}); // the refused request may end in a reset
        req.socket?.on('error', () => {});
        res.on('error', () => {});
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('error', () => {});
      ws.on('open', () => resolve(101));
    });
    expect(status).not.toBe(101);
    expect(status).toBeGreaterThanOrEqual(400);
    await mirror.close();
  });

  it('the node refuses what the proxy rewrote: 426 for a version, 403 for a foreign Origin', async () => {
    const mirror = await openMirror(server);
    const statusOf = async () => {
      const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
        perMessageDeflate: false,
      });
      return new Promise<{ status: number; version?: string }>((resolve) => {
        ws.on('unexpected-response', (req, res) => {
          req.on('error', () => {}); // the refused request may end in a reset
          req.socket?.on('error', () => {});
          res.on('error', () => {});
          const version = res.headers['sec-websocket-version'];
          resolve({
            status: res.statusCode ?? 0,
            ...(typeof version === 'string' ? { version } : {}),
          });
          res.resume();
          ws.terminate();
        });
        ws.on('error', () => {});
        ws.on('open', () => {
          resolve({ status: 101 });
          ws.terminate();
        });
      });
    };
    await mirror.setScenario({ wsVersion: 8 });
    expect(await statusOf()).toEqual({ status: 426, version: '13' });
    await mirror.setScenario({ foreignOrigin: true });
    expect((await statusOf()).status).toBe(403);
    await mirror.setScenario({});
    expect((await statusOf()).status).toBe(101);
    await mirror.close();
  });

  it('rewrites Sec-WebSocket-Version and Origin on the way to the node', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ wsVersion: 8, foreignOrigin: true });
    const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
      perMessageDeflate: false,
    });
    ws.on('error', () => {});
    await mirror.waitFor(
      (events) => events.some((e) => e.kind === 'http-request' && e.hop === 'edge-node'),
      'the forwarded request',
    );
    ws.terminate();
    const sent = mirror.events.find(
      (e): e is HttpRequestEvent => e.kind === 'http-request' && e.hop === 'browser-edge',
    );
    const forwarded = mirror.events.find(
      (e): e is HttpRequestEvent => e.kind === 'http-request' && e.hop === 'edge-node',
    );
    const header = (r: HttpRequestEvent | undefined, name: string) =>
      r?.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    expect(header(sent, 'sec-websocket-version')).toBe('13');
    expect(header(forwarded, 'sec-websocket-version')).toBe('8');
    expect(header(forwarded, 'origin')).toBe('http://foreign.example');
    const labels = mirror.events
      .filter((e): e is MarkerEvent => e.kind === 'marker')
      .map((e) => e.label);
    expect(labels).toContain('proxy rewrote Sec-WebSocket-Version');
    expect(labels).toContain('proxy rewrote Origin');
    await mirror.close();
  });

  it('echoes the scenario in force and marks the change on the timeline', async () => {
    const mirror = await openMirror(server);
    const echoed = await mirror.setScenario({ loss: 2, strip: true, seed: 9 });
    expect(echoed).toMatchObject({ loss: 2, strip: true, seed: 9, drop: 0 });
    await mirror.waitFor(
      (events) => events.some((e) => e.kind === 'marker' && e.label.startsWith('faults:')),
      'the faults marker',
    );
    const marker = mirror.events.find(
      (e): e is MarkerEvent => e.kind === 'marker' && e.label.startsWith('faults:'),
    );
    expect(marker?.label).toMatch(/loss 2 %/);
    expect(marker?.label).toMatch(/strip Upgrade/);
    expect(marker?.detail).toMatch(/loss 0 → 2/);
    await mirror.close();
  });

  it('refuses an invalid scenario or action with a specific error and keeps the old one', async () => {
    const mirror = await openMirror(server);
    const before = mirror.messages.length;
    mirror.ws.send(JSON.stringify({ type: 'scenario', scenario: { loss: 400 } }));
    mirror.ws.send(JSON.stringify({ type: 'action', action: 'explode' }));
    await mirror.waitForMessage(
      (m) => m.type === 'error' && m.message.includes('unknown action'),
      'the action error',
    );
    const errors = mirror.messages
      .slice(before)
      .filter((m) => m.type === 'error')
      .map((m) => (m.type === 'error' ? m.message : ''));
    expect(errors[0]).toMatch(/^scenario\.loss: /);
    expect(errors[1]).toMatch(/"explode".*"reset", "restart-node"/);
    expect(mirror.messages.slice(before).some((m) => m.type === 'scenario')).toBe(false);
    const session = server.registry.get(mirror.session);
    expect(session?.scenario.loss).toBe(0);
    await mirror.close();
  });
});
