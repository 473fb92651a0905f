import { describe, expect, it } from 'vitest';
import { EIO_PATH, eioTarget, openPacket } from '@/lib/machines/test-fixtures';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { PLAIN_MARK, stackProofs, stackSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = stackSteps.init();
  for (const e of events) s = stackSteps.step(s, e);
  return stackProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

function connected() {
  const s = new LabScript();
  s.eioWsOpen('c1');
  s.sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"abc"}');
  return s;
}

describe('lesson 4 steps, proven by the wire', () => {
  it('proves the emit with an EVENT going up, not with the namespace CONNECT or an EVENT down', () => {
    const s = connected();
    s.sio('c1', 'down', '2["welcome",{}]');
    expect(done(s.events)).toEqual([]);
    s.sio('c1', 'up', '2["chat",{"msg":"hello"}]');
    expect(done(s.events)).toEqual(['emit']);
    expect(proofsOf(s.events).emit?.focusSeqs).toEqual([s.lastSeq]);
  });

  it('proves the emit carried by a polling POST body too', () => {
    const s = new LabScript();
    s.pollGet('p1', eioTarget('polling'), [openPacket('sid1', ['websocket'])]);
    s.pollPost('p2', eioTarget('polling', 'sid1'), ['42["chat",{"msg":"hello"}]']);
    expect(done(s.events)).toEqual(['emit']);
  });

  it('proves the ack with an ACK down carrying the EVENT’s id, not another id', () => {
    const s = connected();
    s.sio('c1', 'up', '20["chat",{"msg":"hello"}]');
    s.sio('c1', 'down', '31[{"ok":true}]');
    expect(done(s.events)).toEqual(['emit']);
    s.sio('c1', 'down', '30[{"ok":true}]');
    expect(done(s.events)).toEqual(['emit', 'ack']);
  });

  it('proves the namespace with CONNECT /admin and the server’s answer (refusal included)', () => {
    const s = connected();
    s.sio('c1', 'up', '0/admin,');
    expect(done(s.events)).toEqual([]);
    s.sio('c1', 'down', '4/admin,{"message":"not authorized"}');
    expect(done(s.events)).toEqual(['namespace']);
  });

  it('does not prove the namespace from the default namespace’s CONNECT', () => {
    expect(done(connected().events)).toEqual([]);
  });

  it('proves binary with a BINARY_EVENT and its attachment, not the placeholder alone', () => {
    const s = connected();
    s.sio('c1', 'up', '51-["chat",{"_placeholder":true,"num":0}]');
    expect(done(s.events)).toEqual([]);
    const t = connected();
    t.sioBinary('c1', 'up', '51-["chat",{"_placeholder":true,"num":0}]', [
      new Uint8Array([104, 101, 108, 108, 111]),
    ]);
    expect(done(t.events)).toEqual(['binary']);
  });

  it('proves the plain WebSocket failing: hello sent, server closes; or the upgrade refused', () => {
    const s = new LabScript();
    const target = `${EIO_PATH}?EIO=4&transport=websocket&${PLAIN_MARK.eio}`;
    s.wsOpen('w1', target);
    s.wsText('w1', 'down', openPacket(), true);
    s.wsText('w1', 'up', 'hello');
    expect(done(s.events)).toEqual([]);
    s.connClose('w1', 'end', 'server');
    expect(done(s.events)).toEqual(['plain-ws']);

    const t = new LabScript();
    t.connOpen('w2', EIO_PATH);
    const req = t.wsUpgradeRequest('w2', `${EIO_PATH}?${PLAIN_MARK['no-eio']}`);
    t.response('w2', 400, 'Bad Request', [], req);
    expect(done(t.events)).toEqual(['plain-ws']);
  });

  it('does not take a socket.io-client WebSocket closed by the server for the plain one', () => {
    const s = connected();
    s.wsText('c1', 'up', '42["chat",{}]', true);
    s.connClose('c1', 'end', 'server');
    expect(done(s.events)).toEqual(['emit']);
  });
});
