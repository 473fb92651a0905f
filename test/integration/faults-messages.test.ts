/**
 * Whole-frame faults through the real edge: seeded drops are reproducible across sessions, faults
 * stay in their own session, duplicates and reorders keep the stream decodable.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATHS } from '../../lib/lab/endpoints';
import type { WireEvent, WsFrameEvent } from '../../lib/mirror/types';
import type { Scenario } from '../../lib/scenario/schema';
import type { WireLabServer } from '../../server/app-server';
import { faultsOf, openMirror, openWs, startServer } from './mirror-client';

const COUNT = 40;

function textFrames(events: WireEvent[], hop: string, dir: string): WsFrameEvent[] {
  return events.filter(
    (e): e is WsFrameEvent =>
      e.kind === 'ws-frame' && e.hop === hop && e.dir === dir && e.frame.opcode === 1,
  );
}

/**
 * Sends m0…m39 through a fresh session with the scenario, then (faults off) a final message whose
 * echo proves every earlier echo has arrived. Returns the indices that came back.
 */
async function echoedIndices(server: WireLabServer, scenario: Partial<Scenario>) {
  const mirror = await openMirror(server);
  await mirror.setScenario(scenario);
  const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
  for (let i = 0; i < COUNT; i++) client.ws.send(`m${i}`);
  // Every frame has been through the dice once the browser hop shows all of them.
  await mirror.waitFor(
    (events) => textFrames(events, 'browser-edge', 'up').length === COUNT,
    'all frames seen by the edge',
  );
  await mirror.setScenario({});
  client.ws.send('end');
  await client.waitFor((r) => r.includes('end'), 'the final echo');
  client.ws.close();
  await client.closed;
  const indices = client.received.filter((m) => m !== 'end').map((m) => Number(m.slice(1)));
  await mirror.waitFor(
    (events) => events.filter((e) => e.kind === 'conn-close').length === 2,
    'the connection closed',
  );
  const dropped = faultsOf(mirror.events, 'drop').reduce((n, f) => n + (f.count ?? 1), 0);
  const nodeFrames = textFrames(mirror.events, 'edge-node', 'up').length;
  await mirror.close();
  return { indices, dropped, nodeFrames, events: mirror.events };
}

describe('frame faults', () => {
  let server: WireLabServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('drops the same frames for the same seed and traffic, other frames for another seed', async () => {
    const a = await echoedIndices(server, { drop: 30, seed: 7, dir: 'up' });
    const b = await echoedIndices(server, { drop: 30, seed: 7, dir: 'up' });
    const c = await echoedIndices(server, { drop: 30, seed: 8, dir: 'up' });
    expect(a.indices.length).toBeLessThan(COUNT);
    expect(a.indices.length).toBeGreaterThan(0);
    expect(b.indices).toEqual(a.indices);
    expect(c.indices).not.toEqual(a.indices);
    // What is missing is exactly what the edge reported dropped, and never reached the node hop.
    expect(a.dropped).toBe(COUNT - a.indices.length);
    expect(a.nodeFrames).toBe(a.indices.length + 1); // + 'end'
    // Order is kept: a drop only removes.
    expect([...a.indices].sort((x, y) => x - y)).toEqual(a.indices);
  });

  it('a dropped frame is drawn leaving the browser hop: the fault carries its bytes', async () => {
    const { events } = await echoedIndices(server, { drop: 100, seed: 1, dir: 'up' });
    const faults = faultsOf(events, 'drop');
    const first = faults[0];
    expect(first).toMatchObject({ hop: 'edge-node', dir: 'up', conn: 'c1' });
    const sent = textFrames(events, 'browser-edge', 'up')[0];
    expect(first?.affected).toBeDefined();
    expect(
      Buffer.from(first?.affected ?? '', 'base64').equals(Buffer.from(sent?.raw ?? '', 'base64')),
    ).toBe(true);
    expect(first?.seq).toBeGreaterThan(sent?.seq ?? Number.POSITIVE_INFINITY);
    // 40 drops at once are summarized after the first 20, and the counts still add up.
    expect(faults.length).toBeLessThan(COUNT);
    expect(faults.reduce((n, f) => n + (f.count ?? 1), 0)).toBe(COUNT);
  });

  it('faults stay in their session: 100 % drop next to a clean session that loses nothing', async () => {
    const lossy = await openMirror(server);
    const clean = await openMirror(server);
    await lossy.setScenario({ drop: 100 });
    const a = await openWs(server, `${lossy.labBase}${LAB_PATHS.ws}`);
    const b = await openWs(server, `${clean.labBase}${LAB_PATHS.ws}`);
    for (let i = 0; i < 100; i++) {
      a.ws.send(`a${i}`);
      b.ws.send(`b${i}`);
    }
    await b.waitFor((r) => r.length === 100, 'every clean echo');
    expect(b.received).toEqual(Array.from({ length: 100 }, (_, i) => `b${i}`));
    await lossy.waitFor(
      (events) => textFrames(events, 'browser-edge', 'up').length === 100,
      'the lossy session saw its frames',
    );
    expect(a.received).toEqual([]);
    expect(faultsOf(clean.events, 'drop')).toEqual([]);
    a.ws.close();
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
    await lossy.close();
    await clean.close();
  });

  it('duplicates and reorders whole frames; the stream stays decodable', async () => {
    const mirror = await openMirror(server);
    await mirror.setScenario({ dup: 30, reorder: 30, seed: 3, dir: 'down' });
    const client = await openWs(server, `${mirror.labBase}${LAB_PATHS.ws}`);
    for (let i = 0; i < COUNT; i++) client.ws.send(`m${i}`);
    await mirror.waitFor(
      (events) => textFrames(events, 'edge-node', 'down').length === COUNT,
      'every echo reached the edge',
    );
    await mirror.setScenario({});
    client.ws.send('end');
    await client.waitFor((r) => r.includes('end'), 'the final echo');
    const got = client.received.filter((m) => m !== 'end');
    expect(new Set(got).size).toBe(COUNT); // nothing lost
    expect(got.length).toBeGreaterThan(COUNT); // some twice
    const order = got.map((m) => Number(m.slice(1)));
    expect(order).not.toEqual([...order].sort((x, y) => x - y)); // some overtaken
    expect(faultsOf(mirror.events, 'dup').length).toBeGreaterThan(0);
    expect(faultsOf(mirror.events, 'reorder').length).toBeGreaterThan(0);
    expect(mirror.events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
    client.ws.close(1000);
    expect(await client.closed).toBe(1000);
    await mirror.close();
  });
});
