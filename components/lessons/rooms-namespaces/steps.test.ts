import { describe, expect, it } from 'vitest';
import { LabScript } from '@/lib/machines/test-lab-script';
import type { WireEvent } from '@/lib/mirror/types';
import { roomsProofs, roomsSteps } from './steps';

function proofsOf(events: readonly WireEvent[]) {
  let s = roomsSteps.init();
  for (const e of events) s = roomsSteps.step(s, e);
  return roomsProofs(s);
}

const done = (events: readonly WireEvent[]) =>
  Object.entries(proofsOf(events))
    .filter(([, v]) => v.done)
    .map(([k]) => k);

const SIDS = {
  you: 'SidYOUYOUYOUYOUYOUYO',
  s1: 'SidS1S1S1S1S1S1S1S1S',
  s2: 'SidS2S2S2S2S2S2S2S2S',
};

/** Your socket and two simulated ones (joined to room a without an ack), all connected. */
function connected(): LabScript {
  const s = new LabScript({ bothHops: true });
  for (const [conn, sid] of Object.entries(SIDS)) {
    s.eioWsOpen(conn, sid);
    s.wait(1).sio(conn, 'up', '0').sio(conn, 'down', `0{"sid":"io-${conn}"}`);
    if (conn !== 'you') s.wait(1).sio(conn, 'up', '2["join","a"]');
  }
  return s;
}

const copy = (msg: string) => `2["room-chat",{"room":"a","from":"io-you","msg":"${msg}"}]`;

describe('lesson 8 steps, proven by the wire', () => {
  it('proves "connect" with a CONNECT answered with an id; the simulated joins prove no join', () => {
    const s = new LabScript({ bothHops: true });
    s.eioWsOpen('you', SIDS.you);
    s.sio('you', 'up', '0');
    expect(done(s.events)).toEqual([]);
    s.sio('you', 'down', '0{"sid":"io-you"}');
    expect(done(s.events)).toEqual(['connect']);
    expect(done(connected().events)).toEqual(['connect']);
  });

  it('proves "join" with the ack {ok:true} to a join sent with an ack id, not with a refusal', () => {
    const s = connected();
    s.sio('you', 'up', '21["join",""]');
    s.sio('you', 'down', '31[{"ok":false,"error":"room must be a string"}]');
    expect(done(s.events)).not.toContain('join');
    s.sio('you', 'up', '22["join","a"]');
    s.sio('you', 'down', '32[{"ok":true,"room":"a","rooms":["a"]}]');
    expect(done(s.events)).toContain('join');
  });

  it('proves "fanout" when the server sent as many copies as its ack says it delivered', () => {
    const s = connected();
    s.sio('you', 'up', '22["join","a"]').sio('you', 'down', '32[{"ok":true,"room":"a"}]');
    s.sio('you', 'up', '23["room-chat",{"room":"a","msg":"m1"}]');
    s.sio('you', 'down', copy('m1'));
    s.sio('s1', 'down', copy('m1'));
    s.sio('you', 'down', '33[{"ok":true,"room":"a","delivered":3}]');
    expect(done(s.events)).not.toContain('fanout'); // the third copy has not been seen yet
    s.sio('s2', 'down', copy('m1'));
    expect(done(s.events)).toContain('fanout');
    // The sender was a member: its own copy came before its ack.
    expect(done(s.events)).not.toContain('members');
  });

  it('proves "members" when the sender is no member: copies to the members, none to it', () => {
    const s = connected();
    s.sio('you', 'up', '24["room-chat",{"room":"a","msg":"m2"}]');
    s.sio('s1', 'down', copy('m2'));
    s.sio('you', 'down', '34[{"ok":true,"room":"a","delivered":2}]');
    expect(done(s.events)).not.toContain('members');
    s.sio('s2', 'down', copy('m2'));
    expect(done(s.events)).toEqual(['connect', 'fanout', 'members']);
  });

  it('proves "refused" with CONNECT_ERROR to a CONNECT on another namespace', () => {
    const s = connected();
    s.sio('you', 'up', '0/admin,');
    expect(done(s.events)).not.toContain('refused');
    s.sio('you', 'down', '4/admin,{"message":"not authorized"}');
    expect(done(s.events)).toContain('refused');
  });
});
