import { describe, expect, it } from 'vitest';
import { WS_PATH } from '@/lib/machines/test-fixtures';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { heartbeatProofs, heartbeatSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = heartbeatSteps.init();
  for (const e of events) s = heartbeatSteps.step(s, e);
  return heartbeatProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

const PING = { interval: 1000, timeout: 1000 };

/** An Engine.IO WebSocket session seen on both hops, with `n` answered pings. */
function healthy(n: number) {
  const s = new LabScript({ bothHops: true });
  s.eioWsOpen('c1', 'sid-1', PING);
  for (let i = 0; i < n; i++) {
    s.wait(1000).wsText('c1', 'down', '2', true);
    s.wait(2).wsText('c1', 'up', '3', true);
  }
  return s;
}

/** Then a blackhole: the server's ping and its close reach the edge only (edge ↔ node hop). */
function blackholed(s: LabScript, closeAfterMs: number) {
  const node = new LabScript({ hop: 'edge-node', startT: s.t });
  node.wait(1000).wsText('c1', 'down', '2', true);
  node.wait(closeAfterMs).wsClose('c1', 'down', 1005);
  return merge(s.events, node.events);
}

function merge(...lists: WireEvent[][]): WireEvent[] {
  return lists
    .flat()
    .sort((a, b) => a.t - b.t || a.seq - b.seq)
    .map((e, i) => ({ ...e, seq: i + 1 }));
}

describe('lesson 3 steps, proven by the wire', () => {
  it('proves the pings with two ping/pong pairs, not with one', () => {
    expect(done(healthy(1).events)).toEqual([]);
    const p = proofsOf(healthy(2).events);
    expect(p.pings?.done).toBe(true);
    expect(p.pings?.focusSeqs).toHaveLength(4);
  });

  it('does not count the upgrade probe (2probe / 3probe) as a heartbeat', () => {
    const s = new LabScript();
    s.eioWsOpen('c1', 'sid-1', PING);
    s.wsText('c1', 'up', '2probe', true).wsText('c1', 'down', '3probe', true);
    s.wsText('c1', 'up', '2probe', true).wsText('c1', 'down', '3probe', true);
    expect(done(s.events)).toEqual([]);
  });

  it('proves the missed deadline when the server closes pingTimeout after an unanswered ping', () => {
    const events = blackholed(healthy(2), 1000);
    expect(done(events)).toEqual(['pings', 'deadline']);
  });

  it('does not prove it when the server closes before pingTimeout has passed', () => {
    expect(done(blackholed(healthy(2), 400))).toEqual(['pings']);
  });

  it('does not prove it when the pong reached the server', () => {
    const s = healthy(2);
    s.wait(1000).wsText('c1', 'down', '2', true).wait(2).wsText('c1', 'up', '3', true);
    s.wait(1000).wsClose('c1', 'down', 1000);
    expect(done(s.events)).toEqual(['pings']);
  });

  it('proves the reconnect with an open packet after the deadline, not before', () => {
    const before = new LabScript();
    before.eioWsOpen('c2', 'sid-2', PING);
    expect(done(before.events)).toEqual([]);
    const again = new LabScript({ startT: 10_000 });
    again.eioWsOpen('c2', 'sid-2', PING);
    const events = merge(blackholed(healthy(2), 1000), again.events);
    expect(done(events)).toEqual(['pings', 'deadline', 'reconnect']);
  });

  it('proves the app-level heartbeat with an hb and its ack on the raw WebSocket', () => {
    const s = new LabScript();
    s.wsOpen('w1', WS_PATH);
    s.hb('w1', 1);
    expect(done(s.events)).toEqual([]);
    s.hbAck('w1', 2);
    expect(done(s.events)).toEqual([]);
    s.hbAck('w1', 1);
    expect(done(s.events)).toEqual(['app']);
  });

  it('proves "gives up" with the page’s close 4000 while heartbeats are unanswered', () => {
    const s = new LabScript();
    s.wsOpen('w1', WS_PATH);
    s.hb('w1', 1).hbAck('w1', 1);
    s.wsClose('w1', 'up', 4000, 'heartbeat lost');
    expect(done(s.events)).toEqual(['app']);
    const t = new LabScript();
    t.wsOpen('w1', WS_PATH);
    t.hb('w1', 1).hb('w1', 2);
    t.wsClose('w1', 'up', 4000, 'heartbeat lost');
    expect(done(t.events)).toEqual(['gives-up']);
  });

  it('proves the raw WebSocket deadline from ping frames and the reconnect from the next 101', () => {
    const s = new LabScript({ bothHops: true });
    s.wsOpen('w1', WS_PATH);
    s.wait(1000).wsPing('w1', 'down').wait(1).wsPong('w1', 'up');
    s.wait(1000).wsPing('w1', 'down').wait(1).wsPong('w1', 'up');
    const node = new LabScript({ hop: 'edge-node', startT: s.t });
    node.wait(1000).wsPing('w1', 'down').wait(1000).wsClose('w1', 'down', 1001, 'pong timeout');
    const next = new LabScript({ startT: node.t + 500 });
    next.wsOpen('w2', WS_PATH);
    expect(done(merge(s.events, node.events, next.events))).toEqual([
      'pings',
      'deadline',
      'reconnect',
    ]);
  });

  it('proves the idle close with the edge’s idle-timeout fault and its close', () => {
    const s = new LabScript();
    s.eioWsOpen('c1', 'sid-1', { interval: 5000, timeout: 5000 });
    s.wait(3000).connClose('c1', 'end', 'edge');
    expect(done(s.events)).toEqual([]);
    const t = new LabScript();
    t.eioWsOpen('c1', 'sid-1', { interval: 5000, timeout: 5000 });
    t.wait(3000).fault('c1', 'idle-timeout', 'idle 3 s').connClose('c1', 'end', 'edge');
    expect(done(t.events)).toEqual(['idle']);
  });
});
