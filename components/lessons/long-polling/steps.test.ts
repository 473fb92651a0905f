import { describe, expect, it } from 'vitest';
import { LabScript, labMessages } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { longPollProofs, longPollSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = longPollSteps.init();
  for (const e of events) s = longPollSteps.step(s, e);
  return longPollProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

describe('lesson 6 steps, proven by the wire', () => {
  it('proves "held" with the answer carrying a message, and "next" with the following GET', () => {
    const s = new LabScript();
    s.connOpen('c1');
    const get = s.pollRequest('c1', 0);
    s.wait(400);
    expect(done(s.events)).toEqual([]);
    s.pollAnswer('c1', get, labMessages(1, 1, s.t), 1);
    expect(done(s.events)).toEqual(['held']);
    expect(proofsOf(s.events).held?.focusSeqs).toEqual([get, get + 1]);
    const next = s.pollRequest('c1', 1);
    expect(done(s.events)).toEqual(['held', 'next']);
    expect(proofsOf(s.events).next?.focusSeqs).toEqual([get + 1, next]);
  });

  it('does not prove "next" from a GET that asks again from an older cursor', () => {
    const s = new LabScript();
    s.longPoll('c1', 0, labMessages(1, 2, 0), 5);
    s.pollRequest('c1', 0);
    expect(done(s.events)).toEqual(['held', 'bytes']);
  });

  it('proves "timeout" with a 204, not with an empty 200 from elsewhere', () => {
    const s = new LabScript();
    s.longPoll('c1', 3, [], 2000, { short: true });
    expect(done(s.events)).toEqual([]);
    s.longPoll('c1', 3, [], 2000);
    expect(done(s.events)).toEqual(['timeout']);
  });

  it('proves "post" only when a long-poll answer delivers the id the POST was given', () => {
    const s = new LabScript();
    const held = s.pollRequest('c1', 4);
    s.publish('c2', 'hello', 5);
    expect(done(s.events)).toEqual([]);
    s.pollAnswer('c1', held, labMessages(6, 6, s.t), 6); // someone else's message
    expect(done(s.events)).not.toContain('post');
    const again = s.pollRequest('c1', 6);
    s.pollAnswer('c1', again, labMessages(5, 5, s.t), 5);
    expect(done(s.events)).toContain('post');
  });

  it('proves "bytes" with an answer carrying several messages', () => {
    const s = new LabScript();
    s.longPoll('c1', 0, labMessages(1, 1, 0), 5);
    expect(done(s.events)).not.toContain('bytes');
    s.longPoll('c1', 1, labMessages(2, 9, 0), 5);
    expect(done(s.events)).toContain('bytes');
  });

  it('proves "cut" with a 504 and a retry from the same cursor', () => {
    const s = new LabScript();
    const get = s.pollRequest('c1', 7);
    s.wait(3000).response('c1', 504, 'Gateway Timeout', [['Content-Length', '0']], get);
    s.connClose('c1', 'end', 'edge');
    expect(done(s.events)).toEqual([]);
    s.wait(1000).pollRequest('c2', 8);
    expect(done(s.events)).toEqual([]);
    s.pollRequest('c3', 7);
    expect(done(s.events)).toEqual(['cut']);
  });

  it('ignores the edge ↔ node hop', () => {
    const s = new LabScript({ hop: 'edge-node' });
    s.longPoll('c1', 0, labMessages(1, 3, 0), 5);
    s.longPoll('c1', 3, [], 2000);
    expect(done(s.events)).toEqual([]);
  });
});
