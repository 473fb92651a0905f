import { describe, expect, it } from 'vitest';
import { FoldStore } from '@/lib/live/fold-store';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { WireEvent } from '@/lib/mirror/types';
import { handshakeProofs, handshakeSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = handshakeSteps.init();
  for (const e of events) s = handshakeSteps.step(s, e);
  return handshakeProofs(s);
}

const done = (p: ReturnType<typeof proofsOf>) =>
  Object.entries(p)
    .filter(([, v]) => v.done)
    .map(([k]) => k);

describe('lesson 1 steps, proven by the wire', () => {
  it('proves nothing before the 101, and the upgrade + accept with it', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    const req = s.wait(1).wsUpgradeRequest('c1', WS_PATH);
    expect(done(proofsOf(s.events))).toEqual([]);
    s.wait(1).wsAccept('c1', req);
    const p = proofsOf(s.events);
    expect(done(p)).toEqual(['upgrade', 'accept']);
    expect(p.upgrade?.focusSeqs).toEqual([req, s.lastSeq]);
  });

  it('does not prove the accept step when the server sends a wrong accept', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    const req = s.wsUpgradeRequest('c1', WS_PATH);
    s.wsAccept('c1', req, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(done(proofsOf(s.events))).toEqual(['upgrade']);
  });

  it('proves frames with one each way, and close with a clean 1000 close', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    s.wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
    s.wsText('c1', 'up', 'hi');
    expect(done(proofsOf(s.events))).not.toContain('frames');
    s.wsText('c1', 'down', 'hi');
    s.wsClose('c1', 'up', 1000).wsClose('c1', 'down', 1000).connClose('c1', 'end', 'server');
    expect(done(proofsOf(s.events))).toEqual(['upgrade', 'accept', 'frames', 'close']);
  });

  it('does not prove close for a 1001 close or a reset', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    s.wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
    s.wsClose('c1', 'down', 1001).wsClose('c1', 'up', 1001).connClose('c1', 'end', 'server');
    expect(done(proofsOf(s.events))).not.toContain('close');
  });

  it('proves "refused" from a 426 answer to the upgrade, not from a 101', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    const req = s.wsUpgradeRequest('c1', WS_PATH);
    s.response('c1', 426, 'Upgrade Required', [['sec-websocket-version', '13']], req);
    s.connClose('c1', 'end', 'server');
    expect(done(proofsOf(s.events))).toEqual(['refused']);
  });

  it('ignores the edge ↔ node hop (the learner watches their own browser)', () => {
    const s = new WireScript({ hop: 'edge-node' });
    s.connOpen('c1', WS_PATH);
    s.wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
    expect(done(proofsOf(s.events))).toEqual([]);
  });

  it('folds the same through a FoldStore at any cursor', () => {
    const s = new WireScript();
    s.connOpen('c1', WS_PATH);
    s.wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
    s.wsText('c1', 'up', 'a').wsText('c1', 'down', 'a');
    const events = s.events;
    const src = { length: events.length, at: (i: number) => events[i], subscribe: () => () => {} };
    const store = new FoldStore(src, handshakeSteps, { checkpointEvery: 2 });
    expect(done(handshakeProofs(store.stateAt(1)))).toEqual([]);
    expect(done(handshakeProofs(store.stateAt(events.length - 1)))).toEqual([
      'upgrade',
      'accept',
      'frames',
    ]);
  });
});
