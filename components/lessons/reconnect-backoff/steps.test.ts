import { describe, expect, it } from 'vitest';
import { EIO_PATH } from '@/lib/machines/test-fixtures';
import { LAB, LabScript, labMessages } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { reconnectProofs, reconnectSteps } from './steps';

function proofsOf(events: readonly WireEvent[], cap = 5000) {
  let s = reconnectSteps.init();
  for (const e of events) s = reconnectSteps.step(s, e);
  return reconnectProofs(s, cap);
}

const done = (events: readonly WireEvent[], cap = 5000) =>
  Object.entries(proofsOf(events, cap))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

const HANDSHAKE = `${EIO_PATH}?EIO=4&transport=websocket`;

/** A handshake of yours (or a simulated client's) at the current time, answered `status`. */
function attempt(s: LabScript, conn: string, who: 'you' | 'sim', status = 101): number {
  const seq = s.request(conn, 'GET', who === 'you' ? `${HANDSHAKE}&who=you` : HANDSHAKE);
  if (status === 101) s.wsAccept(conn, seq);
  else s.response(conn, status, 'Bad Request', [['Content-Length', '0']], seq);
  return seq;
}

function herd(s: LabScript, jitter: number, dts: number[]): void {
  s.marker('m', `herd: ${dts.length} clients, jitter ${jitter}`);
  const start = s.t;
  s.fault('m', 'restart-node', 'lab node restarted');
  dts.forEach((dt, i) => {
    s.t = start + dt;
    attempt(s, `sim${jitter}-${i}`, 'sim');
  });
}

describe('lesson 9 steps, proven by the wire', () => {
  it('proves "reconnect" with your handshake answered 101 after a restart, not before one', () => {
    const s = new LabScript();
    attempt(s, 'c1', 'you');
    expect(done(s.events)).toEqual([]);
    s.fault('c1', 'restart-node', 'lab node restarted');
    s.wait(1000);
    attempt(s, 'c2', 'you', 400);
    expect(done(s.events)).toEqual([]);
    attempt(s, 'c3', 'you');
    expect(done(s.events)).toEqual(['reconnect']);
  });

  it('proves "spike" for a jitter-0 herd packed in 100 ms, "spread" for a jittered one', () => {
    const s = new LabScript();
    herd(s, 0, [1000, 1004, 1010, 1300]);
    expect(done(s.events)).toEqual(['spike']);
    herd(s, 0.5, [520, 700, 980, 1400]);
    expect(done(s.events)).toEqual(['spike', 'spread']);
  });

  it('proves neither while clients are missing, nor a "spread" for a packed jittered run', () => {
    const s = new LabScript();
    herd(s, 0, [1000, 1004, 1010]);
    s.marker('m', 'herd: 4 clients, jitter 0');
    expect(done(s.events)).toEqual(['spike']);
    const t = new LabScript();
    t.marker('m', 'herd: 5 clients, jitter 0');
    t.fault('m', 'restart-node', 'x');
    t.wait(1000);
    attempt(t, 'a', 'sim');
    attempt(t, 'b', 'sim');
    expect(done(t.events)).toEqual([]);
    herd(t, 0.5, [1000, 1010, 1020, 1500]);
    expect(done(t.events)).toEqual([]);
  });

  it('proves "capped" when two successive waits between your attempts equal the Cap', () => {
    const s = new LabScript();
    s.fault('m', 'restart-node', 'x');
    for (const wait of [1000, 1000, 2000]) attempt(s.wait(wait), `c${wait}-${s.t}`, 'you', 400);
    expect(done(s.events, 2000)).toEqual([]); // one 2000 ms gap only
    attempt(s.wait(2003), 'c9', 'you', 400);
    expect(done(s.events, 2000)).toEqual(['capped']);
    expect(done(s.events, 5000)).toEqual([]);
  });

  it('proves "rejoin" with CONNECT_ERROR, refresh, connect, join ack and resume, in order', () => {
    const s = new LabScript();
    s.eioWsOpen('w1', 'SidSECURESECURESECUR');
    s.sio('w1', 'up', '0/secure,{"token":"old"}');
    s.sio('w1', 'down', '4/secure,{"message":"token expired"}');
    const poll = s.pollRequest('p0', 3, { short: true }); // too early: not the resume
    s.pollAnswer('p0', poll, [], 3);
    const refresh = s.request('h1', 'POST', `${LAB}/auth/token?user=learner&ttl=600000`);
    s.response('h1', 200, 'OK', [['Content-Length', '2']], refresh).body('h1', 'down', '{}');
    s.eioWsOpen('w2', 'SidSECURE2SECURE2SEC');
    s.sio('w2', 'up', '0/secure,{"token":"new"}');
    s.sio('w2', 'down', '0/secure,{"sid":"io-x"}');
    s.sio('w2', 'up', '2/secure,1["join","a"]');
    s.sio('w2', 'down', '3/secure,1[{"ok":true,"room":"a","rooms":["a"]}]');
    expect(done(s.events)).toEqual([]);
    const resume = s.pollRequest('p1', 3, { short: true });
    s.pollAnswer('p1', resume, labMessages(4, 9, s.t), 9);
    expect(done(s.events)).toEqual(['rejoin']);
    expect(proofsOf(s.events).rejoin?.focusSeqs).toHaveLength(5);
  });
});
