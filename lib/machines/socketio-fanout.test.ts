import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold';
import { socketIoConnectionMachine } from './socketio-connection';
import { roomFanOuts } from './socketio-fanout';
import { socketIoNamespacesOf } from './socketio-mapper';
import { LabScript } from './test-lab-script';

/** Three clients: A and B join room-a, C joins room-b; A broadcasts to room-a, then C to room-b. */
function threeClients(): LabScript {
  const s = new LabScript();
  const clients = [
    ['ca', 'SidAAAAAAAAAAAAAAAAA', 'room-a'],
    ['cb', 'SidBBBBBBBBBBBBBBBBB', 'room-a'],
    ['cc', 'SidCCCCCCCCCCCCCCCCC', 'room-b'],
  ] as const;
  for (const [conn, sid, room] of clients) {
    s.eioWsOpen(conn, sid);
    s.wait(1).sio(conn, 'up', '0').sio(conn, 'down', `0{"sid":"io-${sid}"}`);
    s.wait(1).sio(conn, 'up', `21["join","${room}"]`);
    s.wait(1).sio(conn, 'down', `31[{"ok":true,"room":"${room}"}]`);
  }
  s.wait(10).sio('ca', 'up', '2["room-chat",{"room":"room-a","msg":"hi"}]');
  s.wait(2).sio('ca', 'down', '2["chat","hi"]');
  s.wait(1).sio('cb', 'down', '2["chat","hi"]');
  s.wait(10).sio('cc', 'up', '2["room-chat",{"room":"room-b","msg":"hi"}]');
  s.wait(2).sio('cc', 'down', '2["chat","hi"]');
  return s;
}

describe('roomFanOuts', () => {
  const namespaces = socketIoNamespacesOf(threeClients().events);

  it('finds which connections a room broadcast reached', () => {
    const fanOuts = roomFanOuts(namespaces);
    expect(fanOuts.map((f) => [f.from, f.room, f.deliveredTo.map((d) => d.key)])).toEqual([
      ['e1/', 'room-a', ['e1/', 'e2/']],
      ['e3/', 'room-b', ['e3/']],
    ]);
    expect(fanOuts[0]?.deliveredTo.map((d) => d.t - (fanOuts[0]?.t ?? 0))).toEqual([2, 3]);
  });

  it('agrees with the rooms each connection joined', () => {
    const rooms = namespaces.map((ns) => [
      ns.key,
      foldEvents(socketIoConnectionMachine, ns.events).snapshot.context.rooms,
    ]);
    expect(rooms).toEqual([
      ['e1/', ['room-a']],
      ['e2/', ['room-a']],
      ['e3/', ['room-b']],
    ]);
  });
});
