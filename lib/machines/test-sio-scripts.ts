/**
 * For tests: one long Socket.IO capture on both hops, the way the rooms, auth and stack lessons put
 * it on the wire. A polling handshake that upgrades; `/` and a refused `/admin` on one session;
 * binary events with attachments; three sockets joining rooms (with and without acks), broadcasts
 * and their deliveries, a leave; the `/secure` story (token, join, revoked, a late broadcast,
 * auth-expired, the server's DISCONNECT, a refused reconnect, a refused ack); sessions ending by a
 * close packet and by a TCP reset.
 */
import { EIO_SID, eioTarget, openPacket } from './test-fixtures';
import { LabScript } from './test-lab-script';

export const SIO_SIDS = {
  poll: EIO_SID,
  ca: 'SidAAAAAAAAAAAAAAAAA',
  cb: 'SidBBBBBBBBBBBBBBBBB',
  cc: 'SidCCCCCCCCCCCCCCCCC',
  cs: 'SidSSSSSSSSSSSSSSSSS',
  cs2: 'SidTTTTTTTTTTTTTTTTT',
} as const;

const chat = (room: string, msg: string, from = 'io-ca') =>
  `2["room-chat",{"room":"${room}","from":"${from}","msg":"${msg}"}]`;

/** Polling handshake, `/` over polling, the upgrade, then chat and a binary emit on the WebSocket. */
function pollingThenUpgrade(s: LabScript): void {
  s.connOpen('p1', eioTarget('polling'));
  s.pollGet('p1', eioTarget('polling', undefined, 'PQa01'), [openPacket()], 3);
  s.wait(1).pollPost('p1', eioTarget('polling', EIO_SID, 'PQa02'), ['40'], 2);
  s.connOpen('p2', eioTarget('polling', EIO_SID));
  s.pollGet('p2', eioTarget('polling', EIO_SID, 'PQa03'), ['40{"sid":"io-poll"}'], 1);
  s.connOpen('p3', eioTarget('websocket', EIO_SID));
  const upgrade = s.wsUpgradeRequest('p3', eioTarget('websocket', EIO_SID));
  const poll = s.request('p2', 'GET', eioTarget('polling', EIO_SID, 'PQa04'));
  s.wait(2).wsAccept('p3', upgrade);
  s.wait(1).wsText('p3', 'up', '2probe', true);
  s.wait(1).wsText('p3', 'down', '3probe', true);
  s.wait(1).response('p2', 200, 'OK', [['Content-Type', 'text/plain; charset=UTF-8']], poll);
  s.body('p2', 'down', '6', true);
  s.wait(1).wsText('p3', 'up', '5', true);
  s.wait(5).sio('p3', 'down', '2["welcome",{"n":1}]');
  s.wait(10).sio('p3', 'up', '21["chat",{"msg":"hello"}]');
  s.wait(2).sio('p3', 'down', '31[{"ok":true}]');
  s.wait(1).sioBinary('p3', 'up', '51-2["file",{"_placeholder":true,"num":0}]', [
    new Uint8Array([1, 2, 3]),
  ]);
  s.wait(1).sio('p3', 'up', '0/admin,{"token":"nope"}');
  s.wait(1).sio('p3', 'down', '4/admin,{"message":"not authorized"}');
  s.wait(1).sioBinary('p3', 'down', '52-["chat",{"_placeholder":true,"num":0}]', [
    new Uint8Array([4, 5]),
  ]);
}

/**
 * Three sockets on `/` (connections ca, cb, cc): A and B join room a (A with an ack), C joins b,
 * and A's join is acked.
 */
export function joinThreeRooms(s: LabScript): void {
  const clients = [
    ['ca', SIO_SIDS.ca, '21["join","a"]'],
    ['cb', SIO_SIDS.cb, '2["join","a"]'],
    ['cc', SIO_SIDS.cc, '2["join","b"]'],
  ] as const;
  for (const [conn, sid, join] of clients) {
    s.eioWsOpen(conn, sid);
    s.wait(1).sio(conn, 'up', '0').sio(conn, 'down', `0{"sid":"io-${conn}"}`);
    s.wait(1).sio(conn, 'up', join);
  }
  s.wait(1).sio('ca', 'down', '31[{"ok":true,"room":"a"}]');
}

/** Three sockets on `/`: A and B join room a (A with an ack), C joins b; broadcasts, a leave. */
function rooms(s: LabScript): void {
  joinThreeRooms(s);
  s.wait(1).sio('cc', 'up', '22["join",""]');
  s.wait(1).sio('cc', 'down', '32[{"ok":false,"error":"room must be a string"}]');
  s.wait(5).sio('ca', 'up', '22["room-chat",{"room":"a","msg":"m1"}]');
  s.wait(1).sio('ca', 'down', chat('a', 'm1'));
  s.wait(1).sio('cb', 'down', chat('a', 'm1'));
  s.wait(1).sio('ca', 'down', '32[{"ok":true,"room":"a","delivered":2}]');
  s.wait(5).sio('ca', 'up', '23["leave","a"]');
  s.wait(1).sio('ca', 'down', '33[{"ok":true,"room":"a"}]');
  s.wait(5).sio('ca', 'up', '24["room-chat",{"room":"a","msg":"m2"}]');
  s.wait(1).sio('cb', 'down', chat('a', 'm2'));
  s.wait(1).sio('cc', 'up', '2["room-chat",{"room":"b","msg":"m3"}]');
  s.wait(1).sio('cc', 'down', chat('b', 'm3', 'io-cc'));
}

/** The /secure story on `cs`, then a reconnect on `cs2` refused. */
function secure(s: LabScript): void {
  s.eioWsOpen('cs', SIO_SIDS.cs);
  s.wait(1).sio('cs', 'up', '0/secure,{"token":"tok-learner-1234"}');
  s.wait(1).sio('cs', 'down', '0/secure,{"sid":"S1"}');
  s.wait(1).sio('cs', 'down', '2/secure,["welcome",{"user":"learner"}]');
  s.wait(1).sio('cs', 'up', '2/secure,1["join","ops"]');
  s.wait(1).sio('cs', 'down', '3/secure,1[{"ok":true,"room":"ops"}]');
  s.wait(1).sio('cs', 'down', '2/secure,["room-chat",{"room":"ops","msg":"before"}]');
  s.wait(1).sio('cs', 'down', '2/secure,["revoked",{"user":"learner"}]');
  s.wait(1).sio('cs', 'down', '2/secure,["room-chat",{"room":"ops","msg":"after"}]');
  s.wait(1).sio('cs', 'up', '2/secure,2["room-chat",{"room":"ops","msg":"mine"}]');
  s.wait(1).sio('cs', 'down', '3/secure,2[{"ok":false,"error":"not allowed"}]');
  s.wait(3000).sio('cs', 'down', '2/secure,["auth-expired",{"exp":1}]');
  s.sio('cs', 'down', '1/secure,');
  s.wait(10).eioWsOpen('cs2', SIO_SIDS.cs2);
  s.wait(1).sio('cs2', 'up', '0/secure,{"token":"tok-colleague-99"}');
  s.wait(1).sio('cs2', 'down', '4/secure,{"message":"token expired"}');
  s.wait(1).sio('cs2', 'up', '0/secure,{}');
  s.wait(1).sio('cs2', 'down', '4/secure,{"message":"no token"}');
}

/** Every part above, then the sessions end: a close packet, a TCP reset, the client's 41. */
export function sioCapture(): LabScript {
  const s = new LabScript({ bothHops: true });
  pollingThenUpgrade(s);
  rooms(s);
  secure(s);
  s.wait(5).wsText('p3', 'down', '1', true);
  s.wait(1).connClose('cb', 'reset', 'edge');
  s.wait(1).sio('cc', 'up', '1');
  s.wait(1).connClose('cs2', 'end', 'client');
  return s;
}
