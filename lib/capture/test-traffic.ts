/**
 * Test support (Node only): real traffic through a tapping proxy. A real HTTP + `ws` server stands
 * for the lab node, a net proxy for the edge, and real clients (node:http, ws) for the browser; the
 * proxy records what it reads and writes on both hops as TapRecords, the way the edge taps.
 * No sleeps: every step awaits the event it needs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { Dir, Hop } from '../mirror/types';
import type { TapRecord } from './records';

export const POST_BODY = '{"name":"wire lab"}';

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function request(port: number, method: string, path: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body ? { 'Content-Type': 'application/json' } : {};
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: false, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A GET, a POST with a JSON body, and a WebSocket (text, binary, close), each on its own connection. */
export async function recordTraffic(): Promise<{ records: TapRecord[]; startEpochMs: number }> {
  const node = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      if (req.url === '/api/hello') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"world"}');
      } else if (req.url === '/api/echo') {
        res.writeHead(201, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`got ${body}`);
      } else res.writeHead(404).end();
    });
  });
  const wss = new WebSocketServer({ server: node, path: '/lab/ws' });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      socket.send(isBinary ? data : `echo: ${data.toString()}`, { binary: isBinary });
    });
  });
  const nodePort = await listen(node);

  const records: TapRecord[] = [];
  const startEpochMs = Date.now();
  const start = performance.now();
  const now = () => Math.round((performance.now() - start) * 1000) / 1000;
  let conns = 0;
  const closed: Promise<void>[] = [];
  const edge = net.createServer((browser) => {
    const conn = `c${++conns}`;
    const upstream = net.connect(nodePort, '127.0.0.1');
    const ended = new Set<Hop>();
    const event = (
      hop: Hop,
      kind: 'conn-open' | 'conn-close',
      by: 'client' | 'server' = 'client',
    ) => {
      const t = now();
      if (kind === 'conn-open') {
        records.push({ kind: 'event', event: { kind, t, conn, hop, dir: 'up' } });
        return;
      }
      if (ended.has(hop)) return; // one close per hop: the side that ended it first
      ended.add(hop);
      const dir = by === 'server' ? 'down' : 'up';
      records.push({ kind: 'event', event: { kind, how: 'end', by, t, conn, hop, dir } });
    };
    const tap = (hop: Hop, dir: Dir, data: Buffer) =>
      records.push({ kind: 'bytes', t: now(), conn, hop, dir, data: new Uint8Array(data) });
    event('browser-edge', 'conn-open');
    upstream.on('connect', () => event('edge-node', 'conn-open'));
    browser.on('data', (d: Buffer) => {
      tap('browser-edge', 'up', d);
      tap('edge-node', 'up', d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      tap('edge-node', 'down', d);
      tap('browser-edge', 'down', d);
      browser.write(d);
    });
    browser.on('end', () => {
      event('browser-edge', 'conn-close', 'client');
      upstream.end(() => event('edge-node', 'conn-close', 'client'));
    });
    upstream.on('end', () => {
      event('edge-node', 'conn-close', 'server');
      browser.end(() => event('browser-edge', 'conn-close', 'server'));
    });
    closed.push(
      Promise.all([
        new Promise((resolve) => browser.on('close', resolve)),
        new Promise((resolve) => upstream.on('close', resolve)),
      ]).then(() => undefined),
    );
  });
  const edgePort = await listen(edge);

  await request(edgePort, 'GET', '/api/hello');
  await request(edgePort, 'POST', '/api/echo', POST_BODY);
  const ws = new WebSocket(`ws://127.0.0.1:${edgePort}/lab/ws`, { perMessageDeflate: false });
  const replies: unknown[] = [];
  await new Promise((resolve) => ws.on('open', resolve));
  const reply = () => new Promise((resolve) => ws.once('message', (d) => resolve(replies.push(d))));
  ws.send('hello');
  await reply();
  ws.send(new Uint8Array([1, 2, 3]));
  await reply();
  ws.close(1000, 'bye');
  await new Promise((resolve) => ws.on('close', resolve));
  await Promise.all(closed);
  await new Promise((resolve) => edge.close(resolve));
  wss.close();
  await new Promise((resolve) => node.close(resolve));
  return { records, startEpochMs };
}
