/**
 * The session's message stream over every transport, through the edge: long polling (held GET,
 * 204 on hold timeout, cursor, POST to publish), short polling (wait=0), SSE (retry, id/data,
 * Last-Event-ID replay, keep-alive comments), the ws /feed and Socket.IO `feed`, fed by one
 * producer (POST /stream/start) so the same message reaches all of them.
 */

import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
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

interface Msg {
  id: number;
  data: unknown;
  at: number;
}

let server: WireLabServer;
let mirror: MirrorClient;
let node: LabNode;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await startServer();
  mirror = await openMirror(server);
  node = server.registry.get(mirror.session)!.labNode();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await post(LAB_PATHS.streamStop);
  node.configure({ ...DEFAULT_LAB_CONFIG });
});

afterAll(async () => {
  await mirror?.close();
  await server?.close();
});

const url = (path: string) => httpUrl(server, `${mirror.labBase}${path}`);
const post = (path: string, body?: unknown) =>
  labFetch(url(path), {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
const publish = async (data: unknown): Promise<number> => {
  const res = await post(LAB_PATHS.poll, { data });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
};

/** An SSE reader over fetch: the raw text received so far. */
function readSse(path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  let text = '';
  const waiters: (() => void)[] = [];
  const response = labFetch(url(path), { headers, signal: controller.signal });
  const done = response.then(async (res) => {
    if (res.body === null) return res;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // aborted
    }
    return res;
  });
  cleanups.push(() => controller.abort());
  return {
    response,
    done,
    text: () => text,
    async until(check: (text: string) => boolean, what: string, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(text)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

/** Parses `id: n\ndata: json` events out of SSE text. */
function sseMessages(text: string): { id: number; json: string }[] {
  return [...text.matchAll(/^id: (\d+)\ndata: (.*)\n\n/gm)].map((m) => ({
    id: Number(m[1]),
    json: m[2] as string,
  }));
}

describe('long polling /poll', () => {
  it('holds a GET until a message is published, then answers with it and the new cursor', async () => {
    const cursor = node.stream.lastId;
    const held = labFetch(url(`${LAB_PATHS.poll}?cursor=${cursor}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = await publish({ hello: 'world' });
    const res = await held;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Msg[]; cursor: number };
    expect(body.cursor).toBe(id);
    expect(body.messages).toEqual([{ id, data: { hello: 'world' }, at: expect.any(Number) }]);
  });

  it('answers at once with everything after the cursor', async () => {
    const cursor = node.stream.lastId;
    const a = await publish('a');
    const b = await publish('b');
    const res = await labFetch(url(`${LAB_PATHS.poll}?cursor=${cursor}`));
    const body = (await res.json()) as { messages: Msg[]; cursor: number };
    expect(body.messages.map((m) => [m.id, m.data])).toEqual([
      [a, 'a'],
      [b, 'b'],
    ]);
    expect(body.cursor).toBe(b);
  });

  it('answers 204 when the hold time passes with nothing new', async () => {
    node.configure({ holdMs: 300 });
    const started = performance.now();
    const res = await labFetch(url(`${LAB_PATHS.poll}?cursor=${node.stream.lastId}`));
    expect(res.status).toBe(204);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(node.resources().longPollWaiters).toBe(0);
  });

  it('short polling (wait=0) answers 204 at once, 200 when there is something', async () => {
    const empty = await labFetch(url(`${LAB_PATHS.poll}?cursor=${node.stream.lastId}&wait=0`));
    expect(empty.status).toBe(204);
    const id = await publish(1);
    const full = await labFetch(url(`${LAB_PATHS.poll}?cursor=${id - 1}&wait=0`));
    expect(full.status).toBe(200);
    expect(((await full.json()) as { cursor: number }).cursor).toBe(id);
  });

  it('answers a cursor from the future at once with reset: true', async () => {
    const res = await labFetch(url(`${LAB_PATHS.poll}?cursor=999999999&wait=0`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reset: true });
  });

  it('frees a held request when the client goes away', async () => {
    const controller = new AbortController();
    const held = labFetch(url(`${LAB_PATHS.poll}?cursor=${node.stream.lastId}`), {
      signal: controller.signal,
    }).catch(() => null);
    const deadline = Date.now() + 5_000;
    while (node.resources().longPollWaiters === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(node.resources().longPollWaiters).toBe(1);
    controller.abort();
    await held;
    while (node.resources().longPollWaiters > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(node.resources().longPollWaiters).toBe(0);
  });

  it.each([
    ['?cursor=-1', 'cursor must be an integer from 0 to 9007199254740991, got "-1"'],
    ['?cursor=1.5', 'cursor must be an integer from 0 to 9007199254740991, got "1.5"'],
    ['?wait=200000', 'wait must be an integer from 0 to 120000, got "200000"'],
    ['?cursor=1&cursor=2', 'cursor is given 2 times; give it once'],
    ['?curser=1', 'unknown parameter "curser"; allowed: "cursor", "wait"'],
  ])('answers GET %s with 400 naming the problem', async (query, error) => {
    const res = await labFetch(url(`${LAB_PATHS.poll}${query}`));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  it('answers bad POST bodies with 400 and other methods with 405', async () => {
    const notJson = await labFetch(url(LAB_PATHS.poll), { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'body must be JSON' });
    const noData = await post(LAB_PATHS.poll, { text: 'x' });
    expect(noData.status).toBe(400);
    expect(((await noData.json()) as { error: string }).error).toContain('"data"');
    const tooBig = await post(LAB_PATHS.poll, { data: 'x'.repeat(70_000) });
    expect(tooBig.status).toBe(413);
    const put = await labFetch(url(LAB_PATHS.poll), { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});

describe('server-sent events /sse', () => {
  it('starts with retry: 2000 and sends each message as id + data', async () => {
    const sse = readSse(LAB_PATHS.sse);
    expect((await sse.response).headers.get('content-type')).toContain('text/event-stream');
    await sse.until((t) => t.startsWith('retry: 2000\n\n'), 'retry');
    const id = await publish({ n: 1 });
    await sse.until((t) => sseMessages(t).some((m) => m.id === id), `event ${id}`);
    const event = sseMessages(sse.text()).find((m) => m.id === id)!;
    expect(JSON.parse(event.json)).toEqual({ id, data: { n: 1 }, at: expect.any(Number) });
  });

  it('replays everything after Last-Event-ID (header) before live messages', async () => {
    const first = await publish('one');
    const second = await publish('two');
    const third = await publish('three');
    const sse = readSse(LAB_PATHS.sse, { 'Last-Event-ID': String(first) });
    await sse.until((t) => sseMessages(t).length >= 2, 'the replay');
    expect(sseMessages(sse.text()).map((m) => m.id)).toEqual([second, third]);
    const live = await publish('four');
    await sse.until((t) => sseMessages(t).some((m) => m.id === live), 'the live message');
    expect(sseMessages(sse.text()).map((m) => m.id)).toEqual([second, third, live]);
  });

  it('takes ?lastEventId= on a first connect', async () => {
    const first = await publish('a');
    const second = await publish('b');
    const sse = readSse(`${LAB_PATHS.sse}?lastEventId=${first}`);
    await sse.until((t) => sseMessages(t).length >= 1, 'the replay');
    expect(sseMessages(sse.text())[0]?.id).toBe(second);
  });

  it('sends ": keep-alive" comments, again and again, once configured', async () => {
    node.configure({ sseKeepAliveMs: 500 });
    const sse = readSse(LAB_PATHS.sse);
    const comments = (t: string) => t.match(/^: keep-alive\n\n/gm)?.length ?? 0;
    await sse.until((t) => comments(t) >= 2, 'two keep-alive comments');
    expect((await sse.response).headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Comments only: no event was dispatched to fill the silence.
    expect(sse.text()).not.toMatch(/^data:/m);
    expect(comments(sse.text())).toBeGreaterThanOrEqual(2);
  });

  it('answers a malformed Last-Event-ID with 400', async () => {
    const res = await labFetch(url(LAB_PATHS.sse), { headers: { 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('Last-Event-ID');
  });

  it('shows the SSE events decoded in the mirror on both hops', async () => {
    const sse = readSse(LAB_PATHS.sse);
    await sse.until((t) => t.startsWith('retry'), 'retry');
    const id = await publish('mirrored');
    const seen = (hop: string) =>
      mirror.events.some(
        (e) => e.kind === 'http-body' && e.hop === hop && e.sse?.some((s) => s.id === String(id)),
      );
    await mirror.waitFor(
      () => seen('browser-edge') && seen('edge-node'),
      'the SSE event on both hops',
    );
    for (const hop of ['browser-edge', 'edge-node']) {
      const decoded = mirror.events
        .flatMap((e) => (e.kind === 'http-body' && e.hop === hop ? (e.sse ?? []) : []))
        .find((s) => s.id === String(id));
      expect(decoded?.event).toBe('message');
      expect(JSON.parse(decoded?.data ?? 'null')).toMatchObject({ id, data: 'mirrored' });
    }
  });
});

describe('one producer, every transport', () => {
  it('delivers the same messages, byte for byte, over long poll, SSE, ws /feed and Socket.IO', async () => {
    const cursor = node.stream.lastId;
    const sse = readSse(LAB_PATHS.sse);
    await sse.until((t) => t.startsWith('retry'), 'retry');

    const feed = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.feed}`));
    feed.on('error', () => {});
    cleanups.push(() => feed.terminate());
    const feedTexts: string[] = [];
    feed.on('message', (data) => feedTexts.push(String(data)));
    await new Promise((resolve) => feed.once('open', resolve));

    const socket: Socket = labIo(httpUrl(server, ''), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      reconnection: false,
    });
    cleanups.push(() => socket.close());
    const sioMessages: Msg[] = [];
    socket.on('feed', (m: Msg) => sioMessages.push(m));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    const start = await post(`${LAB_PATHS.streamStart}?rate=20&size=200`);
    expect(start.status).toBe(200);
    expect(await start.json()).toMatchObject({ running: true, rate: 20, size: 200 });

    // Long-poll loop, as a client would run it.
    const polled: Msg[] = [];
    let pollCursor = cursor;
    while (polled.length < 10) {
      const res = await labFetch(url(`${LAB_PATHS.poll}?cursor=${pollCursor}`));
      if (res.status === 204) continue;
      const body = (await res.json()) as { messages: Msg[]; cursor: number };
      polled.push(...body.messages);
      pollCursor = body.cursor;
    }
    const wanted = polled.slice(0, 10).map((m) => m.id);
    await sse.until(
      (t) => wanted.every((id) => sseMessages(t).some((m) => m.id === id)),
      'the same ids over SSE',
    );
    const deadline = Date.now() + 5_000;
    while (
      Date.now() < deadline &&
      !(feedTexts.length >= 10 && sioMessages.filter((m) => wanted.includes(m.id)).length >= 10)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stop = await post(LAB_PATHS.streamStop);
    expect(await stop.json()).toMatchObject({ running: false });

    // Ids are consecutive from the cursor, on every transport.
    expect(wanted).toEqual(Array.from({ length: 10 }, (_, i) => cursor + 1 + i));
    const feedById = new Map(feedTexts.map((t) => [(JSON.parse(t) as Msg).id, t]));
    const sseById = new Map(sseMessages(sse.text()).map((m) => [m.id, m.json]));
    for (const id of wanted) {
      const text = feedById.get(id);
      expect(text).toBeDefined();
      expect(sseById.get(id)).toBe(text);
      expect(JSON.stringify(polled.find((m) => m.id === id))).toBe(text);
      expect(JSON.stringify(sioMessages.find((m) => m.id === id))).toBe(text);
      expect(Buffer.byteLength(text!)).toBe(200);
    }
  });

  it('publishes at about the asked rate', async () => {
    const before = node.stream.lastId;
    await post(`${LAB_PATHS.streamStart}?rate=50&size=10`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const status = (await (await post(LAB_PATHS.streamStop)).json()) as { published: number };
    expect(status.published).toBeGreaterThanOrEqual(30);
    expect(status.published).toBeLessThanOrEqual(80);
    expect(node.stream.lastId - before).toBe(status.published);
    expect(node.resources().producerRunning).toBe(false);
  });

  it.each([
    ['?rate=0', 'rate must be an integer from 1 to 200, got "0"'],
    ['?rate=fast', 'rate must be an integer from 1 to 200, got "fast"'],
    ['?size=70000', 'size must be an integer from 1 to 65536, got "70000"'],
    [
      '?rate=200&size=65536',
      'rate × size must be at most 2097152 bytes/s, got 200 × 65536 = 13107200',
    ],
  ])('answers /stream/start%s with 400', async (query, error) => {
    const res = await post(`${LAB_PATHS.streamStart}${query}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
    expect(node.producer.running).toBe(false);
  });

  it('reports its status on GET /stream', async () => {
    const res = await labFetch(url(LAB_PATHS.stream));
    expect(await res.json()).toMatchObject({
      running: false,
      lastId: node.stream.lastId,
      subscribers: expect.any(Number),
    });
  });
});

describe('/feed resume', () => {
  it('replays the kept messages after ?cursor= before live ones', async () => {
    const first = await publish('x');
    const second = await publish('y');
    const feed = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.feed}?cursor=${first}`));
    feed.on('error', () => {});
    cleanups.push(() => feed.terminate());
    const got = await new Promise<Msg>((resolve) =>
      feed.once('message', (data) => resolve(JSON.parse(String(data)) as Msg)),
    );
    expect(got).toMatchObject({ id: second, data: 'y' });
  });

  it('refuses a malformed cursor with 400 before the handshake', async () => {
    const feed = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.feed}?cursor=x`));
    feed.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      feed.once('unexpected-response', (req, res) => {
        req.on('error', () => {}); // the refused request may end in a reset
        req.socket?.on('error', () => {});
        res.on('error', () => {});
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(400);
  });
});
