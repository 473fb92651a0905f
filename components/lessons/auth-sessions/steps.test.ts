import { describe, expect, it } from 'vitest';
import { FoldStore } from '@/lib/live/fold-store';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { authProofs, authSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = authSteps.init();
  for (const e of events) s = authSteps.step(s, e);
  return authProofs(s);
}
const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

/** A /secure CONNECT with `token`, answered with a sid; returns the script. */
function connected(s: LabScript, conn: string, token: string): LabScript {
  s.wait(1).sio(conn, 'up', `0/secure,{"token":"${token}"}`);
  s.wait(1).sio(conn, 'down', '0/secure,{"sid":"S1"}');
  return s;
}

describe('lesson 13 steps, proven by the /secure packets on the wire', () => {
  it('proves "token" from a CONNECT with a token answered with a sid, not from a refusal', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0/secure,{"token":"bad"}');
    s.sio('c1', 'down', '4/secure,{"message":"invalid token"}');
    expect(done(s.events)).toEqual([]);
    s.sio('c1', 'up', '0/secure,{"token":"t1"}');
    const connect = s.lastSeq;
    s.sio('c1', 'down', '0/secure,{"sid":"S1"}');
    expect(done(s.events)).toEqual(['token']);
    expect(proofsOf(s.events).token?.focusSeqs).toEqual([connect, s.lastSeq]);
  });

  it('ignores another namespace', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0/admin,{"token":"t1"}').sio('c1', 'down', '0/admin,{"sid":"A"}');
    expect(done(s.events)).toEqual([]);
  });

  it('proves "expiry" from auth-expired then the server’s DISCONNECT, and re-validation', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    connected(s, 'c1', 'abc');
    s.wait(3000).sio('c1', 'down', '2/secure,["auth-expired",{"exp":1}]');
    const expired = s.lastSeq;
    expect(done(s.events)).toEqual(['token']);
    s.sio('c1', 'down', '1/secure,');
    expect(done(s.events)).toEqual(['token', 'expiry']);
    expect(proofsOf(s.events).expiry?.focusSeqs).toEqual([expired, s.lastSeq]);
    s.wait(10).sio('c1', 'up', '0/secure,{"token":"abc"}');
    s.wait(1).sio('c1', 'down', '4/secure,{"message":"token expired"}');
    expect(done(s.events)).toEqual(['token', 'expiry', 'revalidate']);
  });

  it('does not take a client DISCONNECT, or a refusal of a never-accepted token, for either', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    connected(s, 'c1', 'abc');
    s.sio('c1', 'down', '2/secure,["auth-expired",{"exp":1}]');
    s.sio('c1', 'up', '1/secure,');
    s.sio('c1', 'up', '0/secure,{"token":"other"}');
    s.sio('c1', 'down', '4/secure,{"message":"token expired"}');
    expect(done(s.events)).toEqual(['token']);
  });

  it('proves "lingered" from a room broadcast after revoked, and "disconnect" after it', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    connected(s, 'c1', 't');
    s.sio('c1', 'down', '2/secure,["room-chat",{"room":"ops","msg":"before"}]');
    expect(done(s.events)).toEqual(['token']);
    s.sio('c1', 'down', '2/secure,["revoked",{"user":"learner"}]');
    const revoked = s.lastSeq;
    s.sio('c1', 'down', '2/secure,["room-chat",{"room":"ops","msg":"after"}]');
    expect(done(s.events)).toEqual(['token', 'lingered']);
    expect(proofsOf(s.events).lingered?.focusSeqs).toEqual([revoked, s.lastSeq]);
    s.sio('c1', 'down', '1/secure,');
    expect(done(s.events)).toEqual(['token', 'lingered', 'disconnect']);
  });

  it('forgets a revocation once the socket connects again', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    connected(s, 'c1', 't');
    s.sio('c1', 'down', '2/secure,["revoked",{"user":"learner"}]');
    connected(s, 'c1', 't2');
    s.sio('c1', 'down', '2/secure,["room-chat",{"room":"ops","msg":"fresh"}]');
    s.sio('c1', 'down', '1/secure,');
    expect(done(s.events)).toEqual(['token']);
  });

  it('folds the same through a FoldStore at any cursor', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    connected(s, 'c1', 't');
    const events = s.events;
    const src = { length: events.length, at: (i: number) => events[i], subscribe: () => () => {} };
    const store = new FoldStore(src, authSteps, { checkpointEvery: 2 });
    expect(authProofs(store.stateAt(events.length - 2)).token?.done).toBe(false);
    expect(authProofs(store.stateAt(events.length - 1)).token?.done).toBe(true);
  });
});

describe('lesson 13 text and registry', () => {
  it('has one <Step> per registry step, in order, and a proof for each', async () => {
    const { readFileSync } = await import('node:fs');
    const { lessonBySlug } = await import('@/lib/content/lessons');
    const text = readFileSync('content/lessons/auth-sessions.mdx', 'utf8');
    const inText = [...text.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);
    const ids = lessonBySlug('auth-sessions')?.steps?.map((s) => s.id);
    expect(inText).toEqual(ids);
    expect(Object.keys(authProofs(authSteps.init()))).toEqual(ids);
  });
});
