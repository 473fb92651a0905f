import { describe, expect, it } from 'vitest';
import { EIO_PATH, WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { WireEvent } from '@/lib/mirror/types';
import { utf8Encode } from '@/lib/wire/bytes';
import { framesProofs, framesSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = framesSteps.init();
  for (const e of events) s = framesSteps.step(s, e);
  return framesProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

function open(s: WireScript, conn = 'c1', path = WS_PATH) {
  s.connOpen(conn, path);
  s.wsAccept(conn, s.wsUpgradeRequest(conn, path));
  return s;
}

describe('lesson 2 steps, proven by the wire', () => {
  it('proves text with a masked frame up and its unmasked echo down, not before the echo', () => {
    const s = open(new WireScript());
    s.wsText('c1', 'up', 'hello frames');
    const up = s.lastSeq;
    expect(done(s.events)).toEqual([]);
    s.wsText('c1', 'down', 'hello frames');
    expect(done(s.events)).toEqual(['text']);
    expect(proofsOf(s.events).text?.focusSeqs).toEqual([up, s.lastSeq]);
  });

  it('does not prove text from a server text frame with no message sent up', () => {
    const s = open(new WireScript());
    s.wsText('c1', 'down', 'welcome');
    expect(done(s.events)).toEqual([]);
  });

  it('ignores connections that are not the echo endpoint (a Socket.IO WebSocket)', () => {
    const s = open(new WireScript(), 'c1', `${EIO_PATH}?EIO=4&transport=websocket`);
    s.wsText('c1', 'up', '42["x"]').wsText('c1', 'down', '43[]');
    expect(done(s.events)).toEqual([]);
  });

  it('proves binary the same way', () => {
    const s = open(new WireScript());
    s.wsBinary('c1', 'up', new Uint8Array([0, 1, 2, 3, 4]));
    s.wsBinary('c1', 'down', new Uint8Array([0, 1, 2, 3, 4]));
    expect(done(s.events)).toEqual(['binary']);
  });

  it('proves the header sizes only once both the 16-bit and the 64-bit length crossed', () => {
    const s = open(new WireScript());
    s.wsText('c1', 'up', 'x'.repeat(300));
    const len16 = s.lastSeq;
    expect(done(s.events)).not.toContain('lengths');
    s.wsBinary('c1', 'up', new Uint8Array(70_000));
    expect(done(s.events)).toContain('lengths');
    expect(proofsOf(s.events).lengths?.focusSeqs).toEqual([len16, s.lastSeq]);
  });

  it('proves fragments with FIN 0, a continuation and a final continuation; not with FIN 0 alone', () => {
    const s = open(new WireScript());
    s.frame('c1', 'down', 'text', utf8Encode('hel'), { fin: false });
    s.frame('c1', 'down', 'continuation', utf8Encode('lo '), { fin: false });
    expect(done(s.events)).toEqual([]);
    s.wsPing('c1', 'down', 'between');
    s.frame('c1', 'down', 'continuation', utf8Encode('you'), {
      fin: true,
      message: { text: 'hello you', frames: 3 },
    });
    const p = proofsOf(s.events);
    expect(p.fragments?.done).toBe(true);
    expect(p.fragments?.focusSeqs).toHaveLength(3);
  });

  it('proves ping/pong with a pong up carrying the ping’s payload, not with an unrelated pong', () => {
    const s = open(new WireScript());
    s.wsPing('c1', 'down', 'a');
    s.wsPong('c1', 'up', 'b');
    expect(done(s.events)).toEqual([]);
    s.wsPong('c1', 'up', 'a');
    expect(done(s.events)).toEqual(['ping-pong']);
  });

  it('proves close with a code and a reason echoed by the server; a bare 1000 is not enough', () => {
    const s = open(new WireScript());
    s.wsClose('c1', 'up', 1000).wsClose('c1', 'down', 1000);
    expect(done(s.events)).toEqual([]);
    const t = open(new WireScript());
    t.wsClose('c1', 'up', 4000, 'lesson over');
    expect(done(t.events)).toEqual([]);
    t.wsClose('c1', 'down', 4000);
    expect(done(t.events)).toEqual(['close']);
  });

  it('ignores the edge ↔ node hop', () => {
    const s = open(new WireScript({ hop: 'edge-node' }));
    s.wsText('c1', 'up', 'hi').wsText('c1', 'down', 'hi');
    expect(done(s.events)).toEqual([]);
  });
});
