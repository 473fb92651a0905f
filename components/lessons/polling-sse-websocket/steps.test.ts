import { describe, expect, it } from 'vitest';
import { FEED_PATH, LabScript, labMessages } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { COMPARE_AFTER, compareProofs, compareSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = compareSteps.init();
  for (const e of events) s = compareSteps.step(s, e);
  return compareProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

/** The four readers open; ids from..to delivered to each (SSE on 'se', WebSocket on 'ws'). */
function deliver(s: LabScript, from: number, to: number, skip: string[] = []): void {
  const msgs = labMessages(from, to, s.t);
  if (!skip.includes('short')) s.longPoll('sh', from - 1, msgs, 0, { short: true });
  if (!skip.includes('long')) s.longPoll('lp', from - 1, msgs, 5);
  for (const m of msgs) {
    if (!skip.includes('sse')) s.sseEvent('se', { id: String(m.id), data: JSON.stringify(m) });
    if (!skip.includes('ws')) s.wsJson('ws', 'down', m);
  }
}

function open(): LabScript {
  const s = new LabScript();
  s.wsOpen('ws', FEED_PATH);
  s.sseAccept('se', s.sseRequest('se'));
  return s;
}

describe('lesson 7 steps, proven by the wire', () => {
  it('proves "four" only when one id reached all four readers', () => {
    const s = open();
    deliver(s, 1, 1, ['ws']);
    expect(done(s.events)).toEqual([]);
    s.wsJson('ws', 'down', { id: 2, data: 'x', at: 0 }); // another id: not the same message
    expect(done(s.events)).toEqual([]);
    s.wsJson('ws', 'down', { id: 1, data: 'tick 1', at: 0 });
    const p = proofsOf(s.events);
    expect(p.four?.done).toBe(true);
    expect(p.four?.focusSeqs).toHaveLength(4);
  });

  it('does not count frames of a WebSocket that is not the /feed reader', () => {
    const s = open();
    s.wsOpen('echo', '/lab/x/ws');
    deliver(s, 1, 1, ['ws']);
    s.wsJson('echo', 'down', { id: 1 });
    expect(done(s.events)).toEqual([]);
  });

  it('proves "resume" when a new EventSource request sends the last id and gets the next', () => {
    const s = open();
    s.sseEvent('se', { id: '7', data: 'a' });
    s.connClose('se', 'reset', 'edge');
    const wrong = s.sseRequest('s2', '5'); // not the last id seen
    s.sseAccept('s2', wrong).sseEvent('s2', { id: '6', data: 'b' });
    expect(done(s.events)).toEqual([]);
    s.connClose('s2', 'reset', 'edge');
    s.sseAccept('s3', s.sseRequest('s3', '6'));
    s.sseEvent('s3', { id: '9', data: 'gap' }); // ids 7 and 8 skipped
    expect(done(s.events)).toEqual([]);
    s.connClose('s3', 'reset', 'edge');
    const req = s.sseRequest('s4', '9');
    s.sseAccept('s4', req).sseComment('s4');
    expect(done(s.events)).toEqual([]);
    s.sseEvent('s4', { id: '10', data: 'c' });
    expect(done(s.events)).toEqual(['resume']);
    expect(proofsOf(s.events).resume?.focusSeqs?.[1]).toBe(req);
  });

  it(`proves "compare" once every reader got ${COMPARE_AFTER} messages`, () => {
    const s = open();
    deliver(s, 1, COMPARE_AFTER - 1);
    expect(done(s.events)).toEqual(['four']);
    deliver(s, COMPARE_AFTER, COMPARE_AFTER, ['sse']);
    expect(done(s.events)).toEqual(['four']);
    s.sseEvent('se', { id: String(COMPARE_AFTER + 1), data: 'x' });
    expect(done(s.events)).toEqual(['four', 'compare']);
  });
});
