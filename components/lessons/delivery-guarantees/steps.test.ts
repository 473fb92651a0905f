import { describe, expect, it } from 'vitest';
import { FoldStore } from '@/lib/live/fold-store';
import { LAB, LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { deliveryProofs, deliverySteps, FEEDS_MARK, serverOf } from './steps';

const PLAIN = `${LAB}/socket.io/?EIO=4&transport=websocket`;
const CSR = `${LAB}/csr.io/?EIO=4&transport=websocket`;

function proofsOf(events: readonly WireEvent[]) {
  let s = deliverySteps.init();
  for (const e of events) s = deliverySteps.step(s, e);
  return deliveryProofs(s);
}
const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

class Feeds extends LabScript {
  /** An Engine.IO WebSocket to `target`: upgrade, 101, the open packet. */
  eio(conn: string, target: string): this {
    this.connOpen(conn, target);
    const req = this.wsUpgradeRequest(conn, target);
    this.wait(1).wsAccept(conn, req);
    return this.wsText(
      conn,
      'down',
      '0{"sid":"E","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
      true,
    );
  }
  feed(conn: string, id: number): number {
    this.wait(100).sio(conn, 'down', `2["feed",{"id":${id},"data":"m${id}","at":0}]`);
    return this.lastSeq;
  }
}

describe('lesson 12 steps, proven by the Socket.IO packets on the wire', () => {
  it('tells the plain server from the recovery server by the path', () => {
    expect(serverOf(PLAIN)).toBe('plain');
    expect(serverOf(CSR)).toBe('csr');
    expect(serverOf(`${LAB}/ws`)).toBeUndefined();
  });

  it('proves "lost" when the plain feed resumes past a gap on a new connection', () => {
    const s = new Feeds();
    s.marker('-', FEEDS_MARK);
    s.eio('c1', PLAIN).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"A"}');
    s.feed('c1', 1);
    const last = s.feed('c1', 2);
    s.connClose('c1', 'reset', 'edge');
    s.eio('c2', PLAIN).sio('c2', 'up', '0').sio('c2', 'down', '0{"sid":"B"}');
    expect(done(s.events)).toEqual([]);
    const next = s.feed('c2', 23);
    expect(done(s.events)).toEqual(['lost']);
    expect(proofsOf(s.events).lost?.focusSeqs).toEqual([last, next]);
  });

  it('does not take a gap inside one connection, or between two runs, for a loss', () => {
    const s = new Feeds();
    s.marker('-', FEEDS_MARK);
    s.eio('c1', PLAIN);
    s.feed('c1', 1);
    s.feed('c1', 5);
    s.marker('-', FEEDS_MARK);
    s.eio('c2', PLAIN);
    s.feed('c2', 40);
    expect(done(s.events)).toEqual([]);
  });

  it('does not take the recovery server for the plain one', () => {
    const s = new Feeds();
    s.eio('c1', CSR);
    s.feed('c1', 1);
    s.eio('c2', CSR);
    s.feed('c2', 30);
    expect(done(s.events)).toEqual([]);
  });

  it('proves "recovered" from a CONNECT with pid + offset answered with the same pid', () => {
    const s = new Feeds();
    s.eio('c1', CSR).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"A","pid":"P1"}');
    s.feed('c1', 1);
    s.eio('c2', CSR);
    s.sio('c2', 'up', '0{"pid":"P1","offset":"o-1"}');
    const connect = s.lastSeq;
    expect(done(s.events)).toEqual([]);
    s.sio('c2', 'down', '0{"sid":"A","pid":"P1"}');
    expect(done(s.events)).toEqual(['recovered']);
    expect(proofsOf(s.events).recovered?.focusSeqs).toEqual([connect, s.lastSeq]);
  });

  it('proves "refused" when the answer carries a new pid, and not from a first CONNECT', () => {
    const s = new Feeds();
    s.eio('c1', CSR).sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"A","pid":"P1"}');
    expect(done(s.events)).toEqual([]);
    s.eio('c2', CSR).sio('c2', 'up', '0{"pid":"P1","offset":"o-1"}');
    s.sio('c2', 'down', '0{"sid":"B","pid":"P2"}');
    expect(done(s.events)).toEqual(['refused']);
  });

  it('proves "once" from a drop fault then a dup ack on /once, not from either alone', () => {
    const s = new Feeds();
    s.eio('c1', CSR).sio('c1', 'up', '0/once,{"cid":"page-1"}');
    s.sio('c1', 'down', '0/once,{"sid":"X"}');
    s.sio('c1', 'up', '2/once,0["msg",{"id":1}]');
    s.sio('c1', 'down', '3/once,0[{"ok":true,"dup":false}]');
    s.sio('c1', 'up', '2/once,1["msg",{"id":1}]');
    s.sio('c1', 'down', '3/once,1[{"ok":true,"dup":true}]');
    expect(done(s.events)).toEqual([]);
    s.fault('c1', 'drop', 'frame dropped (text, 20 B)', { dir: 'up' });
    const drop = s.lastSeq;
    s.sio('c1', 'up', '2/once,2["msg",{"id":2}]');
    s.sio('c1', 'down', '3/once,2[{"ok":true,"dup":false}]');
    expect(done(s.events)).toEqual([]);
    s.sio('c1', 'up', '2/once,3["msg",{"id":2}]');
    s.sio('c1', 'down', '3/once,3[{"ok":true,"dup":true}]');
    expect(done(s.events)).toEqual(['once']);
    expect(proofsOf(s.events).once?.focusSeqs).toEqual([drop, s.lastSeq]);
  });

  it('folds the same through a FoldStore at any cursor', () => {
    const s = new Feeds();
    s.eio('c1', CSR).sio('c1', 'up', '0{"pid":"P","offset":"o"}');
    s.sio('c1', 'down', '0{"sid":"A","pid":"P"}');
    const events = s.events;
    const src = { length: events.length, at: (i: number) => events[i], subscribe: () => () => {} };
    const store = new FoldStore(src, deliverySteps, { checkpointEvery: 2 });
    expect(deliveryProofs(store.stateAt(events.length - 2)).recovered?.done).toBe(false);
    expect(deliveryProofs(store.stateAt(events.length - 1)).recovered?.done).toBe(true);
  });
});

describe('lesson 12 text and registry', () => {
  it('has one <Step> per registry step, in order, and a proof for each', async () => {
    const { readFileSync } = await import('node:fs');
    const { lessonBySlug } = await import('@/lib/content/lessons');
    const text = readFileSync('content/lessons/delivery-guarantees.mdx', 'utf8');
    const inText = [...text.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);
    const ids = lessonBySlug('delivery-guarantees')?.steps?.map((s) => s.id);
    expect(inText).toEqual(ids);
    expect(Object.keys(deliveryProofs(deliverySteps.init()))).toEqual(ids);
  });
});
