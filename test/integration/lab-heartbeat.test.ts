import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WsFrameEvent } from '../../lib/mirror/types';
import { DEFAULT_SCENARIO } from '../../lib/scenario/schema';
import type { WireLabServer } from '../../server/app-server';
import { DEFAULT_LAB_CONFIG } from '../../server/lab/lab-config';
import type { LabNode } from '../../server/lab/lab-node';
import {
  httpUrl,
  labFetch,
  labIo,
  labWebSocket,
  type MirrorClient,
  openMirror,
  startServer,
  wsUrl,
} from './mirror-client';
import { closeCodeIn, rawWsHandshake } from './raw-socket';

let server: WireLabServer;
let mirror: MirrorClient;
let node: LabNode;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startServer();
  mirror = await openMirror(server);
  node = server.registry.get(mirror.session)!.labNode();
});

afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
  node.configure({ ...DEFAULT_LAB_CONFIG });
});

afterAll(async () => {
  await mirror?.close();
  await server?.close();
});

async function openWs(): Promise<WebSocket> {
  const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`));
  sockets.push(ws);
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

const frames = () => mirror.events.filter((e): e is WsFrameEvent => e.kind === 'ws-frame');

describe('app-level heartbeat on /ws', () => {
  it('answers {"type":"hb","n":k} with hb-ack carrying the same n and a time', async () => {
    const ws = await openWs();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'hb', n: 7 }));
    expect(await reply).toEqual({ type: 'hb-ack', n: 7, at: expect.any(Number) });
  });

  it('echoes an hb without a numeric n like any other message', async () => {
    const ws = await openWs();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'hb', n: 'x' }));
    expect(await reply).toEqual({ type: 'hb', n: 'x' });
  });
});

describe('protocol pings on /ws', () => {
  it('sends no ping frames while wsPing is off, whatever the interval', async () => {
    expect(node.configure({ pingInterval: 500, pingTimeout: 500 }).ok).toBe(true);
    const ws = await openWs();
    let pings = 0;
    ws.on('ping', () => {
      pings += 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(pings).toBe(0);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('pings every pingInterval once on; a client that answers stays open', async () => {
    const ws = await openWs();
    expect(node.configure({ wsPing: true, pingInterval: 500, pingTimeout: 1_000 }).ok).toBe(true);
    let pings = 0;
    await new Promise<void>((resolve) => {
      ws.on('ping', () => {
        pings += 1;
        if (pings === 3) resolve();
      });
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    await mirror.waitFor(
      () =>
        frames().filter((e) => e.hop === 'browser-edge' && e.frame.opcodeName === 'pong').length >=
        2,
      'pongs going up',
    );
    const pingFrames = frames().filter((e) => e.frame.opcodeName === 'ping');
    expect(pingFrames.every((e) => e.dir === 'down' && !e.frame.masked)).toBe(true);
  });

  it('closes a client that never answers with 1001 "pong timeout" and then drops TCP', async () => {
    node.configure({ wsPing: true, pingInterval: 500, pingTimeout: 500 });
    const raw = await rawWsHandshake(server.port, `${mirror.labBase}${LAB_PATHS.ws}`);
    await raw.closed;
    const bytes = raw.received();
    expect(bytes[0]).toBe(0x89); // FIN + ping, unmasked: the server's ping came first
    expect(closeCodeIn(bytes)).toBe(1001);
    await mirror.waitFor(
      () =>
        frames().some(
          (e) =>
            e.hop === 'browser-edge' &&
            e.frame.opcodeName === 'close' &&
            e.frame.close?.code === 1001 &&
            e.frame.close.reason === 'pong timeout',
        ),
      'the 1001 close on the browser hop',
    );
  });
});

describe('configure()', () => {
  it('refuses out-of-range and unknown settings without throwing, and changes nothing', () => {
    const before = node.config();
    expect(node.configure({ pingInterval: 10 })).toEqual({
      ok: false,
      error: 'pingInterval must be an integer from 500 to 120000 (ms)',
    });
    expect(node.configure({ wsPing: 'yes' })).toMatchObject({ ok: false });
    expect(node.configure({ pingIntervall: 1000 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown setting "pingIntervall"'),
    });
    expect(node.configure(null)).toMatchObject({ ok: false });
    expect(node.config()).toEqual(before);
  });

  it('is also reachable over HTTP: POST /config, with 400 naming a bad parameter', async () => {
    const url = (q: string) => httpUrl(server, `${mirror.labBase}${LAB_PATHS.config}${q}`);
    const bad = await labFetch(url('?holdMs=abc'), { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'holdMs must be an integer from 100 to 120000, got "abc"',
    });
    const ok = await labFetch(url('?holdMs=1000&wsPing=0'), { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ holdMs: 1000, wsPing: false });
    expect((await labFetch(url(''))).status).toBe(200);
  });
});

describe('Engine.IO heartbeat for Socket.IO', () => {
  it('sends the configured pingInterval/pingTimeout in the open packet of later connections', async () => {
    node.configure({ pingInterval: 1_500, pingTimeout: 1_200 });
    const socket = labIo(httpUrl(server, ''), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await mirror.waitFor(
        () =>
          frames().some(
            (e) => e.message?.eio?.type === 'open' && e.message.eio.open?.pingInterval === 1_500,
          ),
        'an open packet with pingInterval 1500',
      );
      const open = frames().find((e) => e.message?.eio?.open?.pingInterval === 1_500);
      expect(open?.message?.eio?.open?.pingTimeout).toBe(1_200);
      // And the server really pings at that period: a ping packet arrives.
      await mirror.waitFor(
        () => frames().some((e) => e.dir === 'down' && e.message?.eio?.type === 'ping'),
        'an Engine.IO ping',
      );
    } finally {
      socket.close();
    }
  });
});

describe('heartbeat lesson: a blackhole between browser and server', () => {
  it('the server misses its pong and closes 1001 on its hop; the browser never hears of it', async () => {
    const page = await openMirror(server);
    const pageNode = server.registry.get(page.session)!.labNode();
    pageNode.configure({ wsPing: true, pingInterval: 500, pingTimeout: 500 });
    const ws = labWebSocket(wsUrl(server, `${page.labBase}${LAB_PATHS.ws}`));
    sockets.push(ws);
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    page.ws.send(
      JSON.stringify({ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, blackhole: true } }),
    );
    const nodeHop = () =>
      page.events.filter((e): e is WsFrameEvent => e.kind === 'ws-frame' && e.hop === 'edge-node');
    await page.waitFor(
      () => nodeHop().some((e) => e.frame.opcodeName === 'close' && e.frame.close?.code === 1001),
      'the server close 1001 on the edge-node hop',
      10_000,
    );
    // Nothing of it reached the browser: its socket is still open, no close frame on its hop.
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(
      page.events.some(
        (e) => e.kind === 'ws-frame' && e.hop === 'browser-edge' && e.frame.opcodeName === 'close',
      ),
    ).toBe(false);
    await page.close();
  });
});
