import { describe, expect, it } from 'vitest';
import { AppHeartbeatMapper, appHeartbeatMachine, parseHeartbeatMessage } from './app-heartbeat';
import { chartOf } from './chart';
import { foldEvents } from './fold';
import { mapAll } from './heartbeat-mappers';
import { LabScript } from './test-lab-script';

const SETTINGS = { interval: 5000, timeout: 2000, maxMissed: 2 };

/** Browser-edge view: two answered heartbeats, then a blackhole swallows the acks. */
function blackholedAcks(): LabScript {
  const s = new LabScript();
  s.wsOpen('c1'); // 101 at t = 1
  s.wait(5000).hb('c1', 1).wait(3).hbAck('c1', 1); // 5001 → 5004
  s.wsPing('c1', 'down').wsPong('c1', 'up'); // the browser answers protocol pings by itself
  s.wait(4997).hb('c1', 2).wait(2).hbAck('c1', 2); // 10001 → 10003
  s.fault('c1', 'blackhole', 'server → client bytes vanish', { dir: 'down' });
  s.wait(4998).hb('c1', 3); // 15001: no ack will come
  s.wait(5000).hb('c1', 4); // 20001: none either
  s.wait(2500).connClose('c1', 'reset', 'client'); // the page gives up and closes
  s.wait(500).wsOpen('c2'); // and reconnects
  s.wait(5000).hb('c2', 1).wait(4).hbAck('c2', 1);
  return s;
}

function fold(script: LabScript, upToT?: number) {
  const list = mapAll(new AppHeartbeatMapper(SETTINGS), script.events);
  return foldEvents(appHeartbeatMachine, list, upToT === undefined ? {} : { upToT });
}

describe('appHeartbeatMachine', () => {
  it('cycles hb → hb-ack and records each round trip', () => {
    const { snapshot } = fold(blackholedAcks(), 12_000);
    expect(snapshot.value).toEqual({ connected: 'waiting' });
    expect(snapshot.context).toMatchObject({ sent: 2, acked: 2, rtts: [3, 2], missed: 0 });
  });

  it('misses an ack exactly timeout after its hb', () => {
    const s = blackholedAcks();
    expect(fold(s, 17_000).snapshot.value).toEqual({ connected: 'awaitingAck' });
    const { snapshot, transitions } = fold(s, 17_001);
    expect(snapshot.value).toEqual({ connected: 'ackOverdue' });
    expect(transitions.at(-1)).toMatchObject({ t: 17_001, delayed: true });
    expect(snapshot.context).toMatchObject({ missed: 1, consecutiveMissed: 1, missedNs: [3] });
  });

  it('gives up after maxMissed acks missed in a row', () => {
    const { snapshot } = fold(blackholedAcks(), 22_001);
    expect(snapshot.value).toEqual({ connected: 'dead' });
    expect(snapshot.hasTag('dead')).toBe(true);
    expect(snapshot.context).toMatchObject({ gaveUp: true, missed: 2, missedNs: [3, 4] });
  });

  it('starts a new cycle on the reconnect, with the miss history kept', () => {
    const { snapshot, transitions } = fold(blackholedAcks());
    expect(transitions.map((t) => t.to).slice(-6)).toEqual([
      'connected.dead',
      'closed',
      'reconnecting',
      'connected.waiting',
      'connected.awaitingAck',
      'connected.waiting',
    ]);
    expect(snapshot.value).toEqual({ connected: 'waiting' });
    expect(snapshot.context).toMatchObject({ cycles: 2, gaveUp: false, consecutiveMissed: 0 });
    expect(snapshot.context.missed).toBe(2);
  });

  it('takes a late ack as alive again and counts it late', () => {
    const s = new LabScript();
    s.wsOpen('c1');
    s.wait(5000).hb('c1', 1).wait(2500).hbAck('c1', 1);
    const { snapshot } = fold(s);
    expect(snapshot.value).toEqual({ connected: 'waiting' });
    expect(snapshot.context).toMatchObject({ lateAcks: 1, consecutiveMissed: 0, missed: 1 });
  });

  it('flags an ack for an hb that was never sent', () => {
    const s = new LabScript();
    s.wsOpen('c1');
    s.wait(10).hbAck('c1', 9);
    expect(fold(s).snapshot.context.unknownAcks).toBe(1);
  });
});

describe('parseHeartbeatMessage', () => {
  it('reads hb and hb-ack messages and nothing else', () => {
    expect(parseHeartbeatMessage('{"type":"hb","n":3}')).toEqual(['hb', 3]);
    expect(parseHeartbeatMessage('{"type":"hb-ack","n":3}')).toEqual(['hb-ack', 3]);
    expect(parseHeartbeatMessage('{"type":"hbx","n":3}')).toBeUndefined();
    expect(parseHeartbeatMessage('{"id":1,"data":"hb"}')).toBeUndefined();
  });
});

describe('app heartbeat chart', () => {
  it('draws the ack deadline with its guard to dead', () => {
    const delayed = chartOf(appHeartbeatMachine).edges.filter((e) => e.delayed);
    expect(delayed.map((e) => [e.target, e.guard ?? null])).toEqual([
      ['appHeartbeat.connected.dead', 'reachesMaxMissed'],
      ['appHeartbeat.connected.ackOverdue', null],
    ]);
  });
});
