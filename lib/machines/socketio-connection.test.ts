import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { defaultUpgrade, SIO_SID } from './eio-scenarios';
import { foldEvents } from './fold';
import { socketIoConnectionMachine } from './socketio-connection';
import { socketIoNamespacesOf } from './socketio-mapper';
import { LabScript } from './test-lab-script';

const ADMIN_SID = 'adm1nSidAAAAAAAAAAAB';

/** `/` and `/admin` on one WebSocket-only session: /admin refused, acks both ways, then 41. */
function twoNamespaces(): LabScript {
  const s = new LabScript();
  s.eioWsOpen('c1');
  s.wait(1).sio('c1', 'up', '0');
  s.wait(1).sio('c1', 'up', '0/admin,{"token":"nope"}');
  s.wait(2).sio('c1', 'down', `0{"sid":"${SIO_SID}"}`);
  s.wait(1).sio('c1', 'down', '4/admin,{"message":"not authorized"}');
  s.wait(1).sio('c1', 'down', `2["welcome",{"sid":"${SIO_SID}"}]`);
  s.wait(10).sio('c1', 'up', '21["chat",{"msg":"a"}]');
  s.wait(1).sio('c1', 'up', '22["chat",{"msg":"b"}]');
  s.wait(5).sio('c1', 'down', '31[{"ok":true,"echo":{"msg":"a"},"at":1736157600016}]');
  s.wait(1).sio('c1', 'down', '2["chat",{"msg":"a"}]');
  s.wait(3).sio('c1', 'down', '32[{"ok":true,"echo":{"msg":"b"},"at":1736157600020}]');
  s.wait(1).sio('c1', 'down', '37[{"ok":true}]'); // nobody asked with id 7
  s.wait(1).sio('c1', 'down', '25["question","ready?"]'); // the server asks the client
  s.wait(2).sio('c1', 'up', '35["yes"]');
  s.wait(50).sio('c1', 'down', '1');
  return s;
}

function fold(script: LabScript, key: string) {
  const ns = socketIoNamespacesOf(script.events).find((n) => n.key === key);
  return foldEvents(socketIoConnectionMachine, ns?.events ?? []);
}

describe('socketIoConnectionMachine', () => {
  it('routes the namespaces of one Engine.IO session to their own machines', () => {
    const namespaces = socketIoNamespacesOf(twoNamespaces().events);
    expect(namespaces.map((n) => [n.key, n.session, n.nsp])).toEqual([
      ['e1/', 'e1', '/'],
      ['e1/admin', 'e1', '/admin'],
    ]);
  });

  it('connects `/` with the sid from the server and refuses `/admin` with CONNECT_ERROR', () => {
    const script = twoNamespaces();
    const root = fold(script, 'e1/');
    expect(root.transitions.map((t) => t.to)).toEqual(['connecting', 'connected', 'disconnected']);
    expect(root.snapshot.context.sid).toBe(SIO_SID);
    const admin = fold(script, 'e1/admin');
    expect(admin.snapshot.value).toBe('refused');
    expect(admin.snapshot.hasTag('failed')).toBe(true);
    expect(admin.snapshot.context).toMatchObject({
      auth: { token: 'nope' },
      error: 'not authorized',
      eventsSent: 0,
    });
  });

  it('keeps two acks outstanding until they are answered, and times each', () => {
    const script = twoNamespaces();
    const ns = socketIoNamespacesOf(script.events).find((n) => n.key === 'e1/');
    const events = ns?.events ?? [];
    const secondChat = events.find((e) => e.event.type === 'EVENT' && e.event.id === 2);
    const mid = foldEvents(socketIoConnectionMachine, events, { upToSeq: secondChat?.seq });
    expect(mid.snapshot.context.pendingAcks.map((p) => [p.dir, p.id, p.name])).toEqual([
      ['up', 1, 'chat'],
      ['up', 2, 'chat'],
    ]);
    const { context } = foldEvents(socketIoConnectionMachine, events).snapshot;
    expect(context.pendingAcks).toEqual([]);
    expect(context.ackRtts).toEqual([6, 9, 2]);
    expect(context).toMatchObject({ eventsSent: 2, eventsReceived: 3, acksReceived: 3 });
    expect(context.acksSent).toBe(1);
  });

  it('flags an ACK for an id nobody waits for', () => {
    const { context } = fold(twoNamespaces(), 'e1/').snapshot;
    expect(context.unknownAcks).toMatchObject([{ dir: 'down', id: 7 }]);
  });

  it('records who disconnected: the server sent 41', () => {
    const { snapshot } = fold(twoNamespaces(), 'e1/');
    expect(snapshot.value).toBe('disconnected');
    expect(snapshot.context.disconnectedBy).toBe('server');
    expect(snapshot.context.disconnectReason).toBe(
      'DISCONNECT (41) from the server after "question"',
    );
  });

  it('disconnects every connected namespace when the transport closes', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0').sio('c1', 'up', '0/admin,{"token":"let-me-in"}');
    s.wait(1).sio('c1', 'down', `0{"sid":"${SIO_SID}"}`);
    s.sio('c1', 'down', `0/admin,{"sid":"${ADMIN_SID}"}`);
    s.wait(100).connClose('c1', 'reset', 'edge');
    for (const key of ['e1/', 'e1/admin']) {
      const { snapshot } = fold(s, key);
      expect(snapshot.value).toBe('disconnected');
      expect(snapshot.context.disconnectedBy).toBe('transport');
    }
    expect(fold(s, 'e1/admin').snapshot.context.sid).toBe(ADMIN_SID);
  });

  it('counts a binary event and its attachments', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0').sio('c1', 'down', `0{"sid":"${SIO_SID}"}`);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    s.sioBinary(
      'c1',
      'up',
      '52-["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      [png, new Uint8Array(10)],
    );
    const { context } = fold(s, 'e1/').snapshot;
    expect(context).toMatchObject({
      eventsSent: 1,
      binaryEvents: 1,
      attachmentsExpected: 2,
      attachmentsSeen: 2,
      attachmentBytes: 14,
    });
  });

  it('follows rooms from join events and their acks', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0').sio('c1', 'down', `0{"sid":"${SIO_SID}"}`);
    s.wait(5).sio('c1', 'up', '21["join","room-a"]');
    s.wait(5).sio('c1', 'up', '22["join","room-b"]');
    const beforeAcks = s.lastSeq;
    s.wait(2).sio('c1', 'down', '31[{"ok":true,"room":"room-a"}]');
    s.wait(2).sio('c1', 'down', '32[{"ok":false,"error":"room full"}]');
    s.wait(5).sio('c1', 'up', '2["room-chat",{"room":"room-a","msg":"hi"}]');
    s.wait(1).sio('c1', 'up', '23["leave","room-a"]');
    const ns = socketIoNamespacesOf(s.events)[0];
    const events = ns?.events ?? [];
    const mid = foldEvents(socketIoConnectionMachine, events, { upToSeq: beforeAcks });
    expect(mid.snapshot.context.rooms).toEqual([]);
    expect(mid.snapshot.context.pendingRooms.map((r) => r.room)).toEqual(['room-a', 'room-b']);
    const afterAcks = foldEvents(socketIoConnectionMachine, events, { upToSeq: beforeAcks + 2 });
    expect(afterAcks.snapshot.context.rooms).toEqual(['room-a']);
    // The leave is not acked yet: the client is still in room-a as far as the wire says.
    const { context } = foldEvents(socketIoConnectionMachine, events).snapshot;
    expect(context.rooms).toEqual(['room-a']);
    expect(context.pendingRooms).toEqual([{ id: 3, room: 'room-a', leave: true }]);
  });

  it('shows an expired token: auth payload, auth-expired, then the server disconnects', () => {
    const s = new LabScript();
    s.eioWsOpen('c1');
    s.sio('c1', 'up', '0/secure,{"token":"tok-1","exp":1736157660000}');
    s.wait(2).sio('c1', 'down', `0/secure,{"sid":"${ADMIN_SID}"}`);
    s.wait(1).sio('c1', 'up', '2/secure,["join","vip"]');
    s.wait(30_000).sio('c1', 'down', '2/secure,["revoked",{"scope":"vip"}]');
    const revokedAt = s.lastSeq;
    s.wait(30_000).sio('c1', 'down', '2/secure,["auth-expired",{"at":1736157660000}]');
    s.wait(1).sio('c1', 'down', '1/secure,');
    const ns = socketIoNamespacesOf(s.events).find((n) => n.nsp === '/secure');
    const events = ns?.events ?? [];
    const revoked = foldEvents(socketIoConnectionMachine, events, { upToSeq: revokedAt }).snapshot;
    // Permission revoked, but the room membership lingers until the server acts on it.
    expect(revoked.context).toMatchObject({ revoked: true, rooms: ['vip'] });
    const { snapshot } = foldEvents(socketIoConnectionMachine, events);
    expect(snapshot.value).toBe('disconnected');
    expect(snapshot.context).toMatchObject({
      auth: { token: 'tok-1', exp: 1736157660000 },
      authExpired: true,
      disconnectedBy: 'server',
      disconnectReason: 'DISCONNECT (41) from the server after "auth-expired"',
      rooms: [],
    });
  });

  it('follows CONNECT over polling and events after the upgrade to WebSocket', () => {
    const [ns] = socketIoNamespacesOf(defaultUpgrade().events);
    const { snapshot } = foldEvents(socketIoConnectionMachine, ns?.events ?? []);
    expect(ns?.key).toBe('e1/');
    expect(snapshot.value).toBe('connected');
    expect(snapshot.context).toMatchObject({ sid: SIO_SID, eventsReceived: 1, eventsSent: 1 });
  });
});

describe('socketio chart', () => {
  it('draws the five states and the reconnect edges from the definition', () => {
    const chart = chartOf(socketIoConnectionMachine);
    expect(chart.nodes.map((n) => n.key)).toEqual([
      'idle',
      'connecting',
      'connected',
      'refused',
      'disconnected',
    ]);
    const retries = chart.edges.filter((e) => e.event === 'CONNECT_SENT').map((e) => e.source);
    expect(retries).toEqual(['sio.idle', 'sio.refused', 'sio.disconnected']);
  });
});
