import { describe, expect, it } from 'vitest';
import { eioTarget, openPacket, WireScript } from '@/lib/machines/test-fixtures';
import type { WireEvent } from '@/lib/mirror/types';
import { upgradeProofs, upgradeSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = upgradeSteps.init();
  for (const e of events) s = upgradeSteps.step(s, e);
  return upgradeProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

const SID = 'sid1';
const poll = eioTarget('polling', SID);

/** The polling part of a default run: handshake, 40 / 40{sid}, a chat and its ack. */
function pollingPart() {
  const s = new WireScript();
  s.pollGet('p1', eioTarget('polling'), [openPacket(SID, ['websocket'])]);
  s.pollPost('p2', poll, ['40']);
  s.pollGet('p1', poll, ['40{"sid":"n1"}']);
  return s;
}

function probe(s: WireScript) {
  s.connOpen('w1', poll);
  s.wsAccept('w1', s.wsUpgradeRequest('w1', eioTarget('websocket', SID)));
  s.wsText('w1', 'up', '2probe', true).wsText('w1', 'down', '3probe', true);
  return s;
}

describe('lesson 5 steps, proven by the wire', () => {
  it('proves the polling handshake with the open packet, not with the GET alone', () => {
    const s = new WireScript();
    s.request('p1', 'GET', eioTarget('polling'));
    expect(done(s.events)).toEqual([]);
    const t = new WireScript();
    t.pollGet('p1', eioTarget('polling'), [openPacket(SID, ['websocket'])]);
    expect(done(t.events)).toEqual(['handshake']);
  });

  it('proves 40 with the CONNECT going up and its answer, over polling', () => {
    expect(done(pollingPart().events)).toEqual(['handshake', 'connect']);
  });

  it('proves messages over polling with a chat in a POST body', () => {
    const s = pollingPart();
    s.pollPost('p2', poll, ['420["chat",{"msg":"hello"}]']);
    expect(done(s.events)).toContain('polling-messages');
  });

  it('proves the probe with 2probe and 3probe, and the upgrade with 5 (and the 6 before it)', () => {
    const s = probe(pollingPart());
    expect(done(s.events)).toEqual(['handshake', 'connect', 'probe']);
    s.pollGet('p1', poll, ['6']);
    const noop = s.lastSeq;
    s.wsText('w1', 'up', '5', true);
    const p = proofsOf(s.events);
    expect(p.upgrade?.done).toBe(true);
    expect(p.upgrade?.focusSeqs).toEqual([s.lastSeq, noop]);
  });

  it('does not prove the upgrade from a 5 without a probe answered first', () => {
    const s = pollingPart();
    s.connOpen('w1', poll);
    s.wsAccept('w1', s.wsUpgradeRequest('w1', eioTarget('websocket', SID)));
    s.wsText('w1', 'up', '2probe', true).wsText('w1', 'up', '5', true);
    expect(done(s.events)).toEqual(['handshake', 'connect']);
  });

  it('proves websocket-only from an open packet on a WebSocket with no sid, not from the probe', () => {
    expect(done(probe(pollingPart()).events)).not.toContain('websocket-only');
    const s = new WireScript();
    s.connOpen('w1', eioTarget('websocket'));
    s.wsAccept('w1', s.wsUpgradeRequest('w1', eioTarget('websocket')));
    s.wsText('w1', 'down', openPacket(SID, []), true);
    expect(done(s.events)).toEqual(['websocket-only']);
  });

  it('proves the blocked upgrade: probe refused, then a message still over polling', () => {
    const s = pollingPart();
    s.connOpen('w1', poll);
    const req = s.wsUpgradeRequest('w1', eioTarget('websocket', SID));
    s.response('w1', 400, 'Bad Request', [], req);
    expect(done(s.events)).not.toContain('blocked');
    s.pollPost('p2', poll, ['421["chat",{"msg":"hello"}]']);
    expect(done(s.events)).toContain('blocked');
    expect(proofsOf(s.events).blocked?.focusSeqs).toHaveLength(3);
  });

  it('ignores the edge ↔ node hop', () => {
    const s = new WireScript({ hop: 'edge-node' });
    s.pollGet('p1', eioTarget('polling'), [openPacket(SID, ['websocket'])]);
    expect(done(s.events)).toEqual([]);
  });
});
