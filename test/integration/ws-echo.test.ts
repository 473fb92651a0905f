import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import { framePayload } from '../../lib/mirror/message-bytes';
import type { Dir, Hop, WireEvent, WsFrameEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { labWebSocket, type MirrorClient, openMirror, startServer, wsUrl } from './mirror-client';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const LEGS: [Hop, Dir][] = [
  ['browser-edge', 'up'],
  ['edge-node', 'up'],
  ['edge-node', 'down'],
  ['browser-edge', 'down'],
];

function frames(events: WireEvent[], hop: Hop, dir: Dir): WsFrameEvent[] {
  return events.filter(
    (e): e is WsFrameEvent => e.kind === 'ws-frame' && e.hop === hop && e.dir === dir,
  );
}

function payload(event: WsFrameEvent): Buffer {
  return Buffer.from(framePayload(event));
}

describe('a raw WebSocket echo through the edge', () => {
  let server: WireLabServer;
  let mirror: MirrorClient;
  const text = 'hello, wire';
  const binary = Buffer.from([0, 1, 2, 250, 251, 255]);
  const big = randomBytes(70 * 1024);
  const echoes: { data: Buffer; isBinary: boolean }[] = [];
  let closeCode = 0;

  beforeAll(async () => {
    server = await startServer();
    mirror = await openMirror(server);
    const ws = labWebSocket(wsUrl(server, `${mirror.labBase}${LAB_PATHS.ws}`), {
      perMessageDeflate: false,
      headers: { 'X-Order-B': 'second-to-last', 'x-order-a': 'last' },
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => echoes.push({ data: data as Buffer, isBinary }));
    await new Promise((resolve) => ws.once('open', resolve));
    for (const message of [text, binary, big]) {
      const before = echoes.length;
      ws.send(message);
      await new Promise<void>((resolve) => {
        const check = () => {
          if (echoes.length > before) {
            ws.off('message', check);
            resolve();
          }
        };
        ws.on('message', check);
      });
    }
    const closed = new Promise<void>((resolve) =>
      ws.once('close', (code) => {
        closeCode = code;
        resolve();
      }),
    );
    ws.close(1000, 'done');
    await closed;
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length >= 2,
      'both hops to close',
    );
  });

  afterAll(async () => {
    await mirror?.close();
    await server?.close();
  });

  it('echoes text, binary and a 70 KB message and closes with 1000', () => {
    expect(echoes.map((e) => e.isBinary)).toEqual([false, true, true]);
    expect(echoes[0]?.data.toString()).toBe(text);
    expect(echoes[1]?.data.equals(binary)).toBe(true);
    expect(echoes[2]?.data.equals(big)).toBe(true);
    expect(closeCode).toBe(1000);
  });

  it('delivers events with contiguous seq numbers starting at 1', () => {
    expect(mirror.events.map((e) => e.seq)).toEqual(mirror.events.map((_, i) => i + 1));
    expect(mirror.dropped).toBe(0);
  });

  it('names both hops of the proxied connection with one connection id', () => {
    expect(new Set(mirror.events.map((e) => e.conn))).toEqual(new Set(['c1']));
    const opens = mirror.events.filter((e) => e.kind === 'conn-open');
    expect(opens.map((e) => e.hop)).toEqual(['browser-edge', 'edge-node']);
    expect(mirror.events[0]?.kind).toBe('conn-open');
  });

  it('shows the GET with Upgrade on both hops, headers in raw order and case', () => {
    const requests = mirror.events.filter((e) => e.kind === 'http-request');
    expect(requests.map((r) => r.hop)).toEqual(['browser-edge', 'edge-node']);
    for (const request of requests) {
      if (request.kind !== 'http-request') continue;
      expect(request.method).toBe('GET');
      expect(request.target).toBe(`${mirror.labBase}${LAB_PATHS.ws}`);
      const names = request.headers.map(([name]) => name);
      expect(names.indexOf('X-Order-B')).toBeGreaterThanOrEqual(0);
      expect(names.indexOf('x-order-a')).toBeGreaterThan(names.indexOf('X-Order-B'));
      expect(
        request.headers.some(([n, v]) => n.toLowerCase() === 'upgrade' && v === 'websocket'),
      ).toBe(true);
    }
    expect(requests[0]?.kind === 'http-request' && requests[0].raw).toBe(
      requests[1]?.kind === 'http-request' && requests[1].raw,
    );
  });

  it('shows the 101 with a correct Sec-WebSocket-Accept on both hops', () => {
    const request = mirror.events.find((e) => e.kind === 'http-request');
    const key =
      request?.kind === 'http-request'
        ? request.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-key')?.[1]
        : undefined;
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const expected = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    const responses = mirror.events.filter((e) => e.kind === 'http-response');
    expect(responses.map((r) => r.hop)).toEqual(['edge-node', 'browser-edge']);
    for (const response of responses) {
      if (response.kind !== 'http-response') continue;
      expect(response.status).toBe(101);
      const accept = response.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-accept');
      expect(accept?.[1]).toBe(expected);
    }
  });

  it('shows every data frame on both hops in both directions with byte-identical payloads', () => {
    const sent = [Buffer.from(text), binary, big];
    for (const [hop, dir] of LEGS) {
      const data = frames(mirror.events, hop, dir).filter((f) => f.frame.opcode !== 8);
      expect(
        data.map((f) => f.frame.opcodeName),
        `${hop} ${dir}`,
      ).toEqual(['text', 'binary', 'binary']);
      data.forEach((f, i) => {
        expect(payload(f).equals(sent[i] as Buffer), `${hop} ${dir} frame ${i}`).toBe(true);
        expect(f.frame.masked).toBe(dir === 'up');
      });
      expect(data[2]?.frame.lengthBits).toBe(64);
    }
  });

  it('shows the close frames with code 1000 and both hops closing', () => {
    for (const [hop, dir] of LEGS) {
      const closes = frames(mirror.events, hop, dir).filter((f) => f.frame.opcode === 8);
      expect(
        closes.map((f) => f.frame.close?.code),
        `${hop} ${dir}`,
      ).toEqual([1000]);
    }
    const connCloses = mirror.events.filter((e) => e.kind === 'conn-close');
    expect(connCloses.map((e) => e.hop).sort()).toEqual(['browser-edge', 'edge-node']);
    for (const e of connCloses) if (e.kind === 'conn-close') expect(e.how).toBe('end');
    expect(mirror.events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
  });

  it('orders each frame on the far hop after the near hop', () => {
    const seqOf = (hop: Hop, dir: Dir) => frames(mirror.events, hop, dir).map((f) => f.seq);
    const upNear = seqOf('browser-edge', 'up');
    const upFar = seqOf('edge-node', 'up');
    for (const [i, seq] of upNear.entries()) expect(upFar[i]).toBeGreaterThan(seq);
    const downNear = seqOf('edge-node', 'down');
    const downFar = seqOf('browser-edge', 'down');
    for (const [i, seq] of downNear.entries()) expect(downFar[i]).toBeGreaterThan(seq);
  });
});
