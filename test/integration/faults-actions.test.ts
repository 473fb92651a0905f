import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { ConnCloseEvent } from '../../lib/mirror/types';
import type { WireLabServer } from '../../server/app-server';
import { faultsOf, httpUrl, labIo, openMirror, openWs, startServer } from './mirror-client';

describe('edge actions', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('reset: a ws client sees 1006 and both hops close with RST by the edge', async () => {
    const mirror = await openMirror(server);
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    client.ws.send('before the reset');
    await client.waitFor((r) => r.length === 1, 'the echo');
    mirror.action('reset');
    expect(await client.closed).toBe(1006);
    await mirror.waitFor(
      (events) => events.filter((e) => e.kind === 'conn-close' && e.conn === 'c1').length === 2,
      'both hops closed',
    );
    const closes = mirror.events.filter(
      (e): e is ConnCloseEvent => e.kind === 'conn-close' && e.conn === 'c1',
    );
    for (const close of closes) expect(close).toMatchObject({ how: 'reset', by: 'edge' });
    const faults = faultsOf(mirror.events, 'reset', 'c1');
    expect(faults.map((f) => f.hop).sort()).toEqual(['browser-edge', 'edge-node']);
    // The fault events come before the closes they caused.
    const firstClose = Math.min(...closes.map((c) => c.seq));
    for (const f of faults) expect(f.seq).toBeLessThan(firstClose);
    await mirror.close();
  });

  it('reset: a socket.io client sees disconnect "transport close"', async () => {
    const mirror = await openMirror(server);
    const socket = labIo(httpUrl(server, ''), {
      path: `${mirror.labBase}${LAB_PATHS.socketio}`,
      reconnection: false,
      transports: ['websocket'],
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    mirror.action('reset');
    expect(await reason).toBe('transport close');
    socket.close();
    await mirror.close();
  });

  it('reset with nothing open says so on the timeline', async () => {
    const mirror = await openMirror(server);
    mirror.action('reset');
    await mirror.waitFor((events) => faultsOf(events, 'reset').length === 1, 'the reset fault');
    expect(faultsOf(mirror.events, 'reset')[0]).toMatchObject({ conn: '-' });
    await mirror.close();
  });

  it('restart-node: open connections drop, the node comes back, new connections work', async () => {
    const mirror = await openMirror(server);
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    mirror.action('restart-node');
    expect(await client.closed).toBe(1006);
    await mirror.waitFor(
      (events) => events.some((e) => e.kind === 'marker' && e.label === 'lab node back'),
      'the node back',
    );
    expect(faultsOf(mirror.events, 'restart-node')).toHaveLength(1);
    const again = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    again.ws.send('after the restart');
    await again.waitFor((r) => r[0] === 'after the restart', 'the echo after the restart');
    again.ws.close();
    await mirror.close();
  });
});
