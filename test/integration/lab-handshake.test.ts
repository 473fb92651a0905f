/**
 * Lesson 1's failure toggles, answered by the lab node's raw ws endpoints, seen through the edge:
 * wrong Sec-WebSocket-Version → 426 + Sec-WebSocket-Version: 13; foreign Origin → 403 naming it;
 * plain GET (Upgrade stripped) → 426 + Upgrade: websocket. Raw TCP clients write the exact heads.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { DEFAULT_SCENARIO, type Scenario } from '../../lib/scenario/schema';
import type { WireLabServer } from '../../server/app-server';
import { rawExchange, upgradeRequest } from '../../server/lab/testing/raw-http';
import { labWebSocket, type MirrorClient, openMirror, startServer, wsUrl } from './mirror-client';

let server: WireLabServer;
let mirror: MirrorClient;

beforeAll(async () => {
  server = await startServer();
  mirror = await openMirror(server);
});

afterAll(async () => {
  await mirror?.close();
  await server?.close();
});

function opens(path: string, options: WebSocket.ClientOptions = {}): Promise<boolean> {
  const ws = labWebSocket(wsUrl(server, path), options);
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    // With this listener ws leaves the refused request to us: end it and swallow its reset.
    ws.once('unexpected-response', (req, res) => {
      req.on('error', () => {});
      res.on('error', () => {});
      res.resume();
      req.destroy();
      resolve(false);
    });
  });
}

describe.each([LAB_PATHS.ws, LAB_PATHS.feed])('handshake checks on %s', (endpoint) => {
  const path = () => `${mirror.labBase}${endpoint}`;

  it('answers Sec-WebSocket-Version 8 with 426 and the version it speaks', async () => {
    const res = await rawExchange(
      server.port,
      upgradeRequest(server.port, path(), { ...mirror.headers, 'Sec-WebSocket-Version': '8' }),
    );
    expect(res.status).toBe(426);
    expect(res.reason).toBe('Upgrade Required');
    expect(res.headers['sec-websocket-version']).toBe('13');
    expect(res.body).toContain('"8"');
    expect(res.body).toContain('RFC 6455 §4.4');
  });

  it('answers a missing Sec-WebSocket-Version with 426 too', async () => {
    const res = await rawExchange(
      server.port,
      upgradeRequest(server.port, path(), { ...mirror.headers, 'Sec-WebSocket-Version': null }),
    );
    expect(res.status).toBe(426);
    expect(res.headers['sec-websocket-version']).toBe('13');
  });

  it('refuses a foreign Origin with 403 naming it', async () => {
    const res = await rawExchange(
      server.port,
      upgradeRequest(server.port, path(), { ...mirror.headers, Origin: 'https://evil.example' }),
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('https://evil.example');
    expect(res.headers['sec-websocket-accept']).toBeUndefined();
  });

  it('refuses an Origin on the same host name but another port', async () => {
    const res = await rawExchange(
      server.port,
      upgradeRequest(server.port, path(), {
        ...mirror.headers,
        Origin: `http://127.0.0.1:${server.port + 1}`,
      }),
    );
    expect(res.status).toBe(403);
  });

  it("accepts the page's own origin and no Origin at all", async () => {
    expect(await opens(path(), { origin: `http://127.0.0.1:${server.port}` })).toBe(true);
    expect(await opens(path())).toBe(true);
  });

  it('answers a plain GET (no Upgrade) with 426, Upgrade: websocket and a reason', async () => {
    const res = await rawExchange(
      server.port,
      `GET ${path()} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${mirror.headers.cookie}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(426);
    expect(res.headers.upgrade).toBe('websocket');
    expect(res.body).toContain('no Upgrade header');
  });

  it('says why when Upgrade is there but Connection does not list it', async () => {
    const res = await rawExchange(
      server.port,
      `GET ${path()} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${mirror.headers.cookie}\r\nUpgrade: websocket\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(426);
    expect(res.body).toContain('Connection header does not list "upgrade"');
  });
});

describe('what the mirror shows', () => {
  it('the 426 on both hops, with the Sec-WebSocket-Version header the browser receives', async () => {
    await rawExchange(
      server.port,
      upgradeRequest(server.port, `${mirror.labBase}${LAB_PATHS.ws}`, {
        ...mirror.headers,
        'Sec-WebSocket-Version': '7',
      }),
    );
    const header = (headers: readonly (readonly [string, string])[], name: string) =>
      headers.find(([n]) => n.toLowerCase() === name)?.[1];
    const conn = () =>
      mirror.events.find(
        (e) => e.kind === 'http-request' && header(e.headers, 'sec-websocket-version') === '7',
      )?.conn;
    const responses = () =>
      mirror.events.filter(
        (e) => e.kind === 'http-response' && e.conn === conn() && e.dir === 'down',
      );
    await mirror.waitFor(() => responses().length === 2, '426 on both hops');
    for (const response of responses()) {
      expect(response.kind === 'http-response' && response.status).toBe(426);
      expect(
        response.kind === 'http-response' && header(response.headers, 'sec-websocket-version'),
      ).toBe('13');
    }
    expect(
      responses()
        .map((e) => e.hop)
        .sort(),
    ).toEqual(['browser-edge', 'edge-node']);
  });
});

describe("the edge's lesson-1 toggles meet these checks", () => {
  async function withScenario(patch: Partial<Scenario>) {
    const page = await openMirror(server);
    page.ws.send(JSON.stringify({ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, ...patch } }));
    await page.waitForMessage((m) => m.type === 'scenario', 'the scenario echo');
    const ws = labWebSocket(wsUrl(server, `${page.labBase}${LAB_PATHS.ws}`), {
      origin: `http://127.0.0.1:${server.port}`,
    });
    ws.on('error', () => {});
    const answer = await new Promise<{ status: number; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        ws.once('open', () => reject(new Error('the handshake succeeded')));
        ws.once('unexpected-response', (req, res) => {
          req.on('error', () => {}); // the refused request may end in a reset
          req.socket?.on('error', () => {});
          res.on('error', () => {});
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
          res.resume();
        });
      },
    );
    await page.close();
    return answer;
  }

  it('wsVersion=8 → 426 with Sec-WebSocket-Version: 13', async () => {
    const answer = await withScenario({ wsVersion: 8 });
    expect(answer.status).toBe(426);
    expect(answer.headers['sec-websocket-version']).toBe('13');
  });

  it('foreignOrigin → 403', async () => {
    expect((await withScenario({ foreignOrigin: true })).status).toBe(403);
  });

  it('strip → 426 with Upgrade: websocket (the node saw a plain GET)', async () => {
    const answer = await withScenario({ strip: true });
    expect(answer.status).toBe(426);
    expect(answer.headers.upgrade).toBe('websocket');
  });
});
