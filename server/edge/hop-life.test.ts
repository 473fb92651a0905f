/**
 * HopLife.destroy on real loopback sockets: a reset closes the socket (RST), and so does a reset
 * asked for after the edge already half-closed it (Node 20 cannot RST a socket after end(): the
 * reset fails with EINVAL and its handle would never close, keeping the fd and the session).
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { UnstampedEvent } from '../../lib/mirror/types';
import { HopLife } from './hop-life';
import { MirrorBudget } from './mirror-budget';
import { ConnTap } from './tap';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected pair: the server side (what the edge holds) and a half-open client. */
async function pair(): Promise<{ edgeSide: net.Socket; client: net.Socket }> {
  const server = net.createServer();
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  client.on('error', () => {});
  const edgeSide = await accepted;
  cleanups.push(() => {
    client.destroy();
    edgeSide.destroy();
    server.close();
  });
  return { edgeSide, client };
}

function hop(socket: net.Socket) {
  const events: UnstampedEvent[] = [];
  const tap = new ConnTap('c1', {
    now: () => 0,
    emit: (e) => events.push(e),
    bytes: () => {},
    elided: () => {},
    budget: new MirrorBudget({ bytesPerSecond: 1e9, framesPerSecond: 1e9 }, () => 0),
    releaseConn: () => {},
    congested: false,
    onDrain: () => {},
  });
  tap.open('browser-edge');
  let onClose = () => {};
  const closed = new Promise<void>((resolve) => {
    onClose = resolve;
  });
  const life = new HopLife(tap, 'browser-edge', socket, 'client', () => onClose());
  return { events, closed, life };
}

describe('HopLife.destroy', () => {
  it('resets an open socket and reports it', async () => {
    const { edgeSide, client } = await pair();
    const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const h = hop(edgeSide);
    h.life.destroy({ how: 'reset', by: 'edge', message: 'test' }, true);
    await h.closed;
    await clientClosed;
    expect(h.events.at(-1)).toMatchObject({ kind: 'conn-close', how: 'reset', by: 'edge' });
  });

  it('closes a socket it can no longer reset (after end), instead of leaking its handle', async () => {
    const { edgeSide } = await pair();
    const h = hop(edgeSide);
    edgeSide.end('bye'); // e.g. Node's http server after a `Connection: close` answer
    h.life.destroy({ how: 'reset', by: 'edge', message: 'session ended' }, true);
    await h.closed;
    expect(edgeSide.destroyed).toBe(true);
    expect(h.events.at(-1)).toMatchObject({ kind: 'conn-close', how: 'reset', by: 'edge' });
  });
});
