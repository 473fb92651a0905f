import type { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { EioPacketInfo, WireEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { httpUrl, labIo, type MirrorClient, openMirror, startServer } from './mirror-client';

/** Every Engine.IO packet the mirror decoded, with where it was seen. */
function eioPackets(events: WireEvent[]) {
  const out: {
    seq: number;
    conn: string;
    hop: string;
    dir: string;
    via: 'polling' | 'websocket';
    packet: EioPacketInfo;
  }[] = [];
  for (const e of events) {
    if (e.kind === 'http-body' && e.eio) {
      for (const packet of e.eio)
        out.push({ seq: e.seq, conn: e.conn, hop: e.hop, dir: e.dir, via: 'polling', packet });
    }
    if (e.kind === 'ws-frame' && e.message?.eio) {
      out.push({
        seq: e.seq,
        conn: e.conn,
        hop: e.hop,
        dir: e.dir,
        via: 'websocket',
        packet: e.message.eio,
      });
    }
  }
  return out;
}

function connect(
  server: WireLabServer,
  mirror: MirrorClient,
  opts: Parameters<typeof io>[1] = {},
): Socket {
  return labIo(httpUrl(server, ''), {
    path: `${mirror.labBase}${LAB_PATHS.socketio}`,
    reconnection: false,
    ...opts,
  });
}

describe('Socket.IO through the edge (polling, then upgrade)', () => {
  let server: WireLabServer;
  let mirror: MirrorClient;
  let ack: unknown;
  let welcome: unknown;

  beforeAll(async () => {
    server = await startServer();
    mirror = await openMirror(server);
    const socket = connect(server, mirror);
    socket.on('welcome', (w: unknown) => {
      welcome = w;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await new Promise<void>((resolve) => {
      if (socket.io.engine.transport.name === 'websocket') resolve();
      else socket.io.engine.once('upgrade', () => resolve());
    });
    ack = await socket.timeout(5_000).emitWithAck('chat', { msg: 'hello' });
    socket.close();
    await mirror.waitFor(
      (events) =>
        eioPackets(events).some((p) => p.hop === 'browser-edge' && p.packet.sio?.type === 'ACK'),
      'the ACK on the browser hop',
    );
  });

  afterAll(async () => {
    await mirror?.close();
    await server?.close();
  });

  it('connects, gets the welcome and the ack', () => {
    expect(welcome).toMatchObject({ sid: expect.any(String) });
    expect(ack).toMatchObject({ ok: true, echo: { msg: 'hello' } });
  });

  it('shows the polling handshake: a GET answered by an open packet with a sid', () => {
    const first = mirror.events.find((e) => e.kind === 'http-request');
    expect(first?.kind === 'http-request' && first.method).toBe('GET');
    expect(first?.kind === 'http-request' && first.target).toContain('transport=polling');
    const open = eioPackets(mirror.events).find(
      (p) => p.packet.type === 'open' && p.hop === 'browser-edge',
    );
    expect(open?.via).toBe('polling');
    expect(open?.packet.open?.sid).toMatch(/.+/);
    expect(open?.packet.open?.upgrades).toEqual(['websocket']);
  });

  it('shows the Socket.IO CONNECT (40) going up over polling on both hops', () => {
    const connects = eioPackets(mirror.events).filter(
      (p) => p.dir === 'up' && p.packet.sio?.type === 'CONNECT',
    );
    expect(connects.map((p) => p.hop).sort()).toEqual(['browser-edge', 'edge-node']);
    expect(connects[0]?.packet.encoded).toBe('40');
  });

  it('shows the upgrade: 2probe up, 3probe down, then 5 up, on the websocket', () => {
    const ws = eioPackets(mirror.events).filter(
      (p) => p.via === 'websocket' && p.hop === 'browser-edge',
    );
    const probe = ws.find((p) => p.dir === 'up' && p.packet.encoded === '2probe');
    const answer = ws.find((p) => p.dir === 'down' && p.packet.encoded === '3probe');
    const upgrade = ws.find((p) => p.dir === 'up' && p.packet.type === 'upgrade');
    expect(probe && answer && upgrade).toBeTruthy();
    expect(probe!.seq).toBeLessThan(answer!.seq);
    expect(answer!.seq).toBeLessThan(upgrade!.seq);
  });

  it('shows the EVENT with an ack id going up and the ACK with the same id coming down', () => {
    const packets = eioPackets(mirror.events).filter((p) => p.hop === 'browser-edge');
    const event = packets.find((p) => p.dir === 'up' && p.packet.sio?.type === 'EVENT');
    const reply = packets.find((p) => p.dir === 'down' && p.packet.sio?.type === 'ACK');
    expect(event?.packet.sio?.data).toEqual(['chat', { msg: 'hello' }]);
    expect(event?.packet.sio?.id).toEqual(expect.any(Number));
    expect(reply?.packet.sio?.id).toBe(event?.packet.sio?.id);
    expect(reply?.packet.sio?.data).toMatchObject([{ ok: true, echo: { msg: 'hello' } }]);
  });

  it('reports no protocol errors', () => {
    expect(mirror.events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
  });
});

describe('Socket.IO polling only', () => {
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

  it('carries the EVENT in a POST body and the ACK in a long-poll response', async () => {
    const socket = connect(server, mirror, { transports: ['polling'] });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const reply = await socket.timeout(5_000).emitWithAck('chat', 'over polling');
    socket.close();
    expect(reply).toMatchObject({ ok: true, echo: 'over polling' });
    await mirror.waitFor(
      (events) =>
        eioPackets(events).some((p) => p.hop === 'browser-edge' && p.packet.sio?.type === 'ACK'),
      'the ACK on the browser hop',
    );
    const packets = eioPackets(mirror.events);
    expect(packets.every((p) => p.via === 'polling')).toBe(true);
    const event = packets.find(
      (p) => p.hop === 'edge-node' && p.packet.sio?.type === 'EVENT' && p.dir === 'up',
    );
    const post = mirror.events.find(
      (e) =>
        e.kind === 'http-request' &&
        e.hop === 'edge-node' &&
        e.seq < (event?.seq ?? 0) &&
        e.method === 'POST',
    );
    expect(post).toBeDefined();
    const ackPacket = packets.find((p) => p.hop === 'browser-edge' && p.packet.sio?.type === 'ACK');
    const carrier = mirror.events.find((e) => e.seq === ackPacket?.seq);
    expect(carrier?.kind).toBe('http-body');
    expect(carrier?.dir).toBe('down');
  });

  it('refuses the /admin namespace without the token with CONNECT_ERROR', async () => {
    const socket = labIo(httpUrl(server, '/admin'), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      reconnection: false,
      transports: ['polling'],
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toBe('not authorized');
    await mirror.waitFor(
      (events) =>
        eioPackets(events).some(
          (p) => p.hop === 'browser-edge' && p.packet.sio?.type === 'CONNECT_ERROR',
        ),
      'the CONNECT_ERROR on the browser hop',
    );
    const refusal = eioPackets(mirror.events).find((p) => p.packet.sio?.type === 'CONNECT_ERROR');
    expect(refusal?.packet.sio?.nsp).toBe('/admin');
  });
});
