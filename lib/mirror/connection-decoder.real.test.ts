/**
 * Real bytes, not hand-written ones: a loopback recorder between real clients (ws, socket.io-client,
 * node:http) and real servers (ws, socket.io, an SSE handler), then ConnectionDecoder over what it
 * recorded. No sleeps: every step awaits the event it needs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { concatBytes, fromBase64 } from '@/lib/wire/bytes';
import { ACCOUNTED_ERROR_LAYERS, ConnectionDecoder } from './connection-decoder';
import type { Dir, EioPacketInfo, UnstampedEvent } from './types';

interface Chunk {
  conn: number;
  dir: Dir;
  bytes: Uint8Array;
}

let server: http.Server;
let recorder: net.Server;
let recorderPort = 0;
let chunks: Chunk[] = [];
let nextConn = 0;
/** Connections opened by earlier tests may still deliver bytes; each test decodes only its own. */
let firstConn = 0;

function startRecording(): void {
  chunks = [];
  firstConn = nextConn;
}
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/sse') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('id: 1\ndata: first\n\n');
      res.write(': comment\nevent: tick\ndata: second\ndata: line\n\n');
      return;
    }
    if (req.url?.startsWith('/socket.io/') || req.url?.startsWith('/ws')) return;
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  const deflating = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 } });
  deflating.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/ws')
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    if (req.url === '/wsz') {
      deflating.handleUpgrade(req, socket, head, (ws) => deflating.emit('connection', ws, req));
    }
  });
  const sio = new SocketIoServer(server);
  sio.on('connection', (socket) => {
    socket.on('chat', (_msg: unknown, ack: (reply: string) => void) => ack('got it'));
    socket.on('upload', (_file: unknown, ack: (size: number) => void) => ack(3));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = (server.address() as AddressInfo).port;

  recorder = net.createServer((client) => {
    const conn = nextConn++;
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => {
      chunks.push({ conn, dir: 'up', bytes: new Uint8Array(d) });
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      chunks.push({ conn, dir: 'down', bytes: new Uint8Array(d) });
      client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  recorderPort = (recorder.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => recorder.close(resolve));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function decodeRecorded(): Map<number, UnstampedEvent[]> {
  const decoders = new Map<number, ConnectionDecoder>();
  const out = new Map<number, UnstampedEvent[]>();
  for (const [i, c] of chunks.entries()) {
    if (c.conn < firstConn) continue;
    let decoder = decoders.get(c.conn);
    if (!decoder) {
      decoder = new ConnectionDecoder({ conn: `c${c.conn}`, hop: 'edge-node' });
      decoders.set(c.conn, decoder);
      out.set(c.conn, []);
    }
    out.get(c.conn)?.push(...decoder.push(c.dir, c.bytes, i));
  }
  return out;
}

function expectAccounted(byConn: Map<number, UnstampedEvent[]>): void {
  for (const [conn, events] of byConn) {
    for (const dir of ['up', 'down'] as const) {
      const pushed = concatBytes(
        chunks.filter((c) => c.conn === conn && c.dir === dir).map((c) => c.bytes),
      );
      const raws = events
        .filter((e) => e.dir === dir)
        .filter((e) => e.kind !== 'protocol-error' || ACCOUNTED_ERROR_LAYERS.includes(e.layer))
        .map((e) => ('raw' in e ? (fromBase64(e.raw) ?? new Uint8Array()) : new Uint8Array()));
      expect(concatBytes(raws)).toEqual(pushed);
    }
  }
}

function errors(byConn: Map<number, UnstampedEvent[]>): string[] {
  return [...byConn.values()]
    .flat()
    .flatMap((e) => (e.kind === 'protocol-error' ? [`${e.layer}: ${e.message}`] : []));
}

describe('ConnectionDecoder on real traffic', () => {
  it('decodes a real ws client and server: handshake, fragments, ping, binary, close', async () => {
    startRecording();
    const ws = new WebSocket(`ws://127.0.0.1:${recorderPort}/ws`, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    ws.send('Hel', { fin: false });
    ws.send('lo', { fin: true });
    await echoed;
    const pong = new Promise((resolve) => ws.once('pong', resolve));
    ws.ping('p');
    await pong;
    const binary = new Promise((resolve) => ws.once('message', resolve));
    ws.send(new Uint8Array(300).fill(7));
    await binary;
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close(4000, 'bye');
    await closed;

    const byConn = decodeRecorded();
    expect(errors(byConn)).toEqual([]);
    expectAccounted(byConn);
    const events = [...byConn.values()].flat();
    const frames = events.flatMap((e) =>
      e.kind === 'ws-frame'
        ? [`${e.dir} ${e.frame.opcodeName}${e.frame.masked ? ' masked' : ''}`]
        : [],
    );
    expect(frames).toEqual([
      'up text masked',
      'up continuation masked',
      'down text',
      'up ping masked',
      'down pong',
      'up binary masked',
      'down binary',
      'up close masked',
      'down close',
    ]);
    const close = events.find((e) => e.kind === 'ws-frame' && e.frame.close);
    expect(close?.kind === 'ws-frame' && close.frame.close).toEqual({ code: 4000, reason: 'bye' });
    const big = events.find((e) => e.kind === 'ws-frame' && e.frame.payloadLength === 300);
    expect(big?.kind === 'ws-frame' && big.frame.lengthBits).toBe(16);
  });

  it('inflates permessage-deflate messages in both directions, keeping the window between messages', async () => {
    startRecording();
    const ws = new WebSocket(`ws://127.0.0.1:${recorderPort}/wsz`, {
      perMessageDeflate: { threshold: 0 },
    });
    await new Promise((resolve) => ws.once('open', resolve));
    for (const text of ['hello hello hello', 'hello again, hello', 'ünïcödé']) {
      const echoed = new Promise((resolve) => ws.once('message', resolve));
      ws.send(text);
      await echoed;
    }
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;

    const byConn = decodeRecorded();
    expect(errors(byConn)).toEqual([]);
    expectAccounted(byConn);
    const events = [...byConn.values()].flat();
    const messages = events.flatMap((e) =>
      e.kind === 'ws-frame' && e.message
        ? [`${e.dir} ${e.frame.compressed ? 'deflated' : 'plain'} ${e.message.text}`]
        : [],
    );
    expect(messages).toEqual([
      'up deflated hello hello hello',
      'down deflated hello hello hello',
      'up deflated hello again, hello',
      'down deflated hello again, hello',
      'up deflated ünïcödé',
      'down deflated ünïcödé',
    ]);
  });

  it('decodes a real Socket.IO session: polling handshake, upgrade, events, acks and binary', async () => {
    startRecording();
    const socket = ioClient(`http://127.0.0.1:${recorderPort}`, {
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    if (socket.io.engine.transport.name !== 'websocket') {
      await new Promise((resolve) => socket.io.engine.once('upgrade', resolve));
    }
    await socket.emitWithAck('chat', { msg: 'hello' });
    await socket.emitWithAck('upload', new Uint8Array([1, 2, 3]));
    socket.disconnect();

    const byConn = decodeRecorded();
    expect(errors(byConn)).toEqual([]);
    expectAccounted(byConn);
    const events = [...byConn.values()].flat();
    const eio: EioPacketInfo[] = events.flatMap((e) => {
      if (e.kind === 'http-body') return e.eio ?? [];
      if (e.kind === 'ws-frame' && e.message?.eio) return [e.message.eio];
      return [];
    });
    const encoded = eio.map(
      (p) => p.encoded ?? `<binary ${p.sioAttachment?.index}/${p.sioAttachment?.total}>`,
    );
    expect(eio[0]?.open).toMatchObject({ upgrades: ['websocket'] });
    expect(encoded).toContain('40');
    expect(encoded).toContain('2probe');
    expect(encoded).toContain('3probe');
    expect(encoded).toContain('5');
    expect(encoded).toContain('420["chat",{"msg":"hello"}]');
    expect(encoded).toContain('430["got it"]');
    expect(encoded).toContain('451-1["upload",{"_placeholder":true,"num":0}]');
    expect(encoded).toContain('<binary 0/1>');
    expect(encoded).toContain('431[3]');
    const connect = eio.find((p) => p.sio?.type === 'CONNECT' && p.sio.data);
    expect(connect?.sio?.data).toMatchObject({ sid: expect.any(String) });
  });

  it('decodes a real SSE response as events on its body pieces', async () => {
    startRecording();
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`http://127.0.0.1:${recorderPort}/sse`, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('line')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', reject);
    });
    const byConn = decodeRecorded();
    expect(errors(byConn)).toEqual([]);
    expectAccounted(byConn);
    const sse = [...byConn.values()]
      .flat()
      .flatMap((e) => (e.kind === 'http-body' ? (e.sse ?? []) : []));
    expect(sse).toEqual([
      { id: '1', event: 'message', data: 'first' },
      { id: '1', event: 'tick', data: 'second\nline' },
    ]);
  });
});
