import { describe, expect, it } from 'vitest';
import { type AnyStateNode, createActor } from 'xstate';
import { activeNodeIds, chartOf } from './chart';
import { wsConnectionMachine } from './ws-connection';

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  return children.flatMap((c) => [c, ...allStateNodes(c)]);
}

function transitionCount(node: AnyStateNode): number {
  let count = 0;
  for (const defs of node.transitions.values()) {
    for (const def of defs) count += Math.max(1, def.target?.length ?? 0);
  }
  return count + (node.always?.length ?? 0);
}

describe('chartOf', () => {
  const chart = chartOf(wsConnectionMachine);

  it('returns every state node of the machine except the root', () => {
    const expected = allStateNodes(wsConnectionMachine.root).map((n) => n.id);
    expect(chart.nodes.map((n) => n.id)).toEqual(expected);
    expect(chart.nodes.map((n) => n.key)).toEqual([
      'idle',
      'handshake',
      'connecting',
      'requestSent',
      'open',
      'closing',
      'initiated',
      'acknowledged',
      'closed',
      'failed',
    ]);
  });

  it('returns every transition of the machine as an edge', () => {
    const expected = allStateNodes(wsConnectionMachine.root).reduce(
      (n, s) => n + transitionCount(s),
      0,
    );
    expect(chart.edges).toHaveLength(expected);
    expect(new Set(chart.edges.map((e) => e.id)).size).toBe(chart.edges.length);
  });

  it('describes parents, depth, initial states, types and tags', () => {
    const byKey = new Map(chart.nodes.map((n) => [n.key, n]));
    expect(byKey.get('idle')).toMatchObject({ depth: 0, initial: true, type: 'atomic' });
    expect(byKey.get('idle')?.parentId).toBeUndefined();
    expect(byKey.get('handshake')).toMatchObject({ type: 'compound', tags: ['handshake'] });
    expect(byKey.get('connecting')).toMatchObject({
      depth: 1,
      initial: true,
      parentId: 'ws.handshake',
    });
    expect(byKey.get('requestSent')?.initial).toBe(false);
    expect(byKey.get('closed')).toMatchObject({ type: 'final', tags: ['terminal', 'closed'] });
    expect(byKey.get('open')?.description).toMatch(/101/);
  });

  it('labels guarded edges and marks targetless ones', () => {
    const response = chart.edges.filter((e) => e.source === 'ws.handshake.requestSent');
    expect(response.map((e) => [e.target, e.label])).toEqual([
      ['ws.open', 'HANDSHAKE_RESPONSE [isSwitchingProtocols]'],
      ['ws.failed', 'HANDSHAKE_RESPONSE'],
    ]);
    const counting = chart.edges.find((e) => e.source === 'ws.open' && e.event === 'DATA_FRAME');
    expect(counting).toMatchObject({ target: 'ws.open', targetless: true });
  });

  it('marks delayed transitions with their delay', async () => {
    const { setup } = await import('xstate');
    const m = setup({}).createMachine({
      id: 'd',
      initial: 'a',
      states: { a: { after: { 250: 'b' } }, b: { always: 'a' } },
    });
    const edges = chartOf(m).edges;
    expect(edges).toHaveLength(2);
    expect(edges[0]).toMatchObject({
      source: 'd.a',
      target: 'd.b',
      delayed: true,
      delay: 250,
      label: 'after 250 ms',
    });
    expect(edges[1]).toMatchObject({ source: 'd.b', target: 'd.a', event: '', label: 'always' });
  });
});

describe('activeNodeIds', () => {
  it('returns the active atomic state and its ancestors', () => {
    const actor = createActor(wsConnectionMachine).start();
    actor.send({ type: 'TCP_OPEN', seq: 1 });
    expect(activeNodeIds(actor.getSnapshot())).toEqual(['ws.handshake', 'ws.handshake.connecting']);
    actor.stop();
  });
});
