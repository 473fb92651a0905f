import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireEvent } from '../../lib/mirror/types';
import { fromBase64 } from '../../lib/wire/bytes';
import { HttpStreamDecoder } from '../../lib/wire/http-stream';
import type { WireLabServer } from '../../server/app-server';
import { type MirrorClient, openMirror, startServer } from './mirror-client';

/** Sends raw requests on one TCP connection, one after the other, collecting every answer byte. */
async function rawExchange(port: number, requests: string[]) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let received = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    waiter?.();
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  /** Complete responses so far, counted by the same HTTP decoder the tap uses. */
  const complete = () =>
    new HttpStreamDecoder('response').push(received).filter((item) => item.type === 'end').length;
  for (const [i, request] of requests.entries()) {
    socket.write(request);
    await new Promise<void>((resolve) => {
      waiter = () => {
        if (complete() > i) resolve();
      };
      waiter();
    });
  }
  return { socket, received: () => received };
}

function rawOf(events: WireEvent[], filter: (e: WireEvent) => boolean): Buffer {
  return Buffer.concat(
    events
      .filter(filter)
      .map((e) =>
        'raw' in e ? Buffer.from(fromBase64(e.raw) ?? new Uint8Array()) : Buffer.alloc(0),
      ),
  );
}

describe('the HTTP relay (Engine.IO polling)', () => {
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

  it('records the browser hop’s response bytes exactly as the browser received them', async () => {
    const path = `${mirror.labBase}${LAB_PATHS.socketio}?EIO=4&transport=polling`;
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${mirror.headers.cookie}\r\nX-Probe: 1\r\n\r\n`;
    const exchange = await rawExchange(server.port, [request]);
    await mirror.waitFor(
      (events) => events.some((e) => e.kind === 'http-body' && e.hop === 'browser-edge' && e.final),
      'the relayed handshake body',
    );
    const bytes = exchange.received();
    const tapped = rawOf(mirror.events, (e) => e.hop === 'browser-edge' && e.dir === 'down');
    expect(tapped.equals(bytes)).toBe(true);
    const requestTapped = rawOf(mirror.events, (e) => e.hop === 'browser-edge' && e.dir === 'up');
    expect(requestTapped.toString()).toBe(request);
    exchange.socket.destroy();
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
      'both hops to close',
    );
  });

  it('uses one connection id, one upstream, for keep-alive requests on one browser socket', async () => {
    const before = mirror.events.length;
    const path = `${mirror.labBase}/nothing-here`; // the lab node answers 404, chunked
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${mirror.headers.cookie}\r\n\r\n`;
    const exchange = await rawExchange(server.port, [request, request]);
    exchange.socket.end();
    await new Promise((resolve) => exchange.socket.once('close', resolve));
    await mirror.waitFor(
      (events) => events.slice(before).filter((e) => e.kind === 'conn-close').length === 2,
      'both hops to close',
    );
    const mine = mirror.events.slice(before);
    const conns = new Set(mine.map((e) => e.conn));
    expect(conns.size).toBe(1);
    expect(mine.filter((e) => e.kind === 'conn-open').map((e) => e.hop)).toEqual([
      'browser-edge',
      'edge-node',
    ]);
    expect(mine.filter((e) => e.kind === 'http-request').length).toBe(4);
    expect(mine.filter((e) => e.kind === 'http-response').length).toBe(4);
    // Node re-chunks the relayed body; the tap records the framing it added, byte for byte.
    const tapped = rawOf(mine, (e) => e.hop === 'browser-edge' && e.dir === 'down');
    expect(tapped.equals(exchange.received())).toBe(true);
    expect(exchange.received().toString()).toMatch(/transfer-encoding: chunked/i);
  });
});
