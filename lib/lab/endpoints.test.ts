import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabNode } from '../../server/lab/lab-node';
import {
  authRevokePath,
  authTokenPath,
  bpPath,
  clientsPath,
  configPath,
  feedPath,
  LAB_PATHS,
  type LabPathName,
  orderedPath,
  pollPath,
  ssePath,
  streamStartPath,
} from './endpoints';

/**
 * How each path is reached: a WebSocket upgrade (with the query Engine.IO needs for its two
 * servers) or a plain HTTP GET. A Record over every LabPathName, so a new path fails to compile
 * until it is listed here, and then this test checks the lab node mounts it.
 */
const REACH: Record<LabPathName, { ws: string } | 'http'> = {
  ws: { ws: '' },
  feed: { ws: '' },
  ordered: { ws: '?rate=1&count=1' },
  bp: { ws: '?channel=stats' },
  socketio: { ws: '?EIO=4&transport=websocket' },
  csrio: { ws: '?EIO=4&transport=websocket' },
  poll: 'http',
  sse: 'http',
  stream: 'http',
  streamStart: 'http',
  streamStop: 'http',
  config: 'http',
  authToken: 'http',
  authRevoke: 'http',
  clients: 'http',
};

function opens(url: string): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', reject);
  });
}

describe('lab endpoints: every path is mounted by the lab node', () => {
  const node = new LabNode('endpoints-test', 1 << 20);
  let origin = '';
  beforeAll(async () => {
    origin = `127.0.0.1:${await node.port()}${node.base}`;
  });
  afterAll(() => node.close());

  it('answers 404 for a path it does not mount (so the checks below can tell)', async () => {
    const res = await fetch(`http://${origin}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(LAB_PATHS.poll);
    expect(await opens(`ws://${origin}/nope`)).toBe(404);
  });

  for (const [name, reach] of Object.entries(REACH) as [
    LabPathName,
    (typeof REACH)[LabPathName],
  ][]) {
    const path = LAB_PATHS[name];
    if (reach === 'http') {
      it(`${name}: ${path} answers HTTP (not 404)`, async () => {
        // A long poll would be held for the node's hold time; /sse never ends: drop its body.
        const query = name === 'poll' ? pollPath({ wait: 0 }).slice(path.length) : '';
        const res = await fetch(`http://${origin}${path}${query}`);
        await res.body?.cancel();
        expect(res.status).not.toBe(404);
      });
    } else {
      it(`${name}: ${path} accepts a WebSocket`, async () => {
        expect(await opens(`ws://${origin}${path}${reach.ws}`)).toBe('open');
      });
    }
  }
});

describe('lab endpoint builders', () => {
  it('poll', () => {
    expect(pollPath()).toBe('/poll');
    expect(pollPath({ cursor: 7 })).toBe('/poll?cursor=7');
    expect(pollPath({ cursor: 0, wait: 0 })).toBe('/poll?cursor=0&wait=0');
    expect(pollPath({ cursor: 3, wait: undefined })).toBe('/poll?cursor=3');
  });
  it('sse, feed, ordered', () => {
    expect(ssePath()).toBe('/sse');
    expect(ssePath({ lastEventId: 12 })).toBe('/sse?lastEventId=12');
    expect(feedPath()).toBe('/feed');
    expect(feedPath({ cursor: 5 })).toBe('/feed?cursor=5');
    expect(orderedPath({ rate: 20, count: 100 })).toBe('/ordered?rate=20&count=100');
  });
  it('bp: stats channel and a data run', () => {
    expect(bpPath({ channel: 'stats' })).toBe('/bp?channel=stats');
    expect(
      bpPath({
        rate: 500,
        size: 256,
        watermark: 65536,
        policy: 'drop-oldest',
        batchMs: 0,
        coalesce: true,
        seconds: 8,
      }),
    ).toBe(
      '/bp?rate=500&size=256&watermark=65536&policy=drop-oldest&batchMs=0&coalesce=1&seconds=8',
    );
  });
  it('stream, config', () => {
    expect(streamStartPath({ rate: 10, size: 60 })).toBe('/stream/start?rate=10&size=60');
    expect(configPath({ wsPing: true })).toBe('/config?wsPing=1');
    expect(configPath({ wsPing: false })).toBe('/config?wsPing=0');
    expect(configPath({ holdMs: 500, pingInterval: 1000 })).toBe(
      '/config?holdMs=500&pingInterval=1000',
    );
  });
  it('auth', () => {
    expect(authTokenPath({ user: 'learner', ttl: 5000 })).toBe('/auth/token?user=learner&ttl=5000');
    expect(authRevokePath({ user: 'learner', rooms: 'keep' })).toBe(
      '/auth/revoke?user=learner&rooms=keep',
    );
    expect(authRevokePath({ user: 'learner', rooms: 'leave', disconnect: true })).toBe(
      '/auth/revoke?user=learner&rooms=leave&disconnect=1',
    );
  });
  it('clients: rooms comma-joined and encoded, as the rooms lesson always sent them', () => {
    expect(clientsPath()).toBe('/clients');
    expect(clientsPath({ n: 3, jitter: 0.5 })).toBe('/clients?n=3&jitter=0.5');
    expect(clientsPath({ n: 2, rooms: ['a', 'b c'] })).toBe('/clients?n=2&rooms=a%2Cb%20c');
    expect(clientsPath({ n: 1, rooms: ['x'] })).toBe(
      `/clients?n=1&rooms=${encodeURIComponent('x')}`,
    );
  });
});
