import { describe, expect, it } from 'vitest';
import { itemsOf } from '@/lib/live/append-list';
import { storeOver } from '@/lib/live/test-fold';
import { defaultUpgrade, probeReset, upgradeBlocked } from '@/lib/machines/eio-scenarios';
import { idleReportsOf } from '@/lib/machines/idle-gaps';
import { EIO_SID, WS_PATH } from '@/lib/machines/test-fixtures';
import { LabScript } from '@/lib/machines/test-lab-script';
import { connectionsOf } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import {
  ABANDONED,
  appHeartbeatFold,
  engineIoHeartbeatFold,
  followedEvents,
  wsProtocolHeartbeatFold,
} from './follow-mappers';
import * as before from './follow-mappers.reference';
import { idleReportsFold, idleReportsOfFold } from './idle-fold';
import { APP_HB } from './use-heartbeat-client';
import { connKindsFold, heartbeatViewsFold } from './views-fold';

const PING = { interval: 1000, timeout: 1000 };

/** socket.io-client over a WebSocket: pings, a blackhole, the server's close at the deadline. */
function blackholed(): LabScript {
  const s = new LabScript({ bothHops: true });
  s.eioWsOpen('c1', EIO_SID, PING);
  s.sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"a"}');
  for (let i = 0; i < 3; i++)
    s.wait(1000).wsText('c1', 'down', '2', true).wait(3).wsText('c1', 'up', '3', true);
  s.fault('c1', 'blackhole', 'client → server bytes vanish', { dir: 'up' });
  s.wait(997).wsText('c1', 'down', '2', true); // its pong never comes
  s.wait(990).wsClose('c1', 'down', 1000); // 10 ms before the deadline: PONG_TIMEOUT first
  s.connClose('c1', 'end', 'server');
  s.wait(1000).eioWsOpen('c2', 'Nx2sLJaSzvAGbpxwAAAC', PING); // the reconnect
  s.wait(1000).wsText('c2', 'down', '2', true).wait(2).wsText('c2', 'up', '3', true);
  // The client gives up on c2 without a close and starts c3: c2 is abandoned.
  s.wait(3000).eioWsOpen('c3', 'Nx2sLJaSzvAGbpxwAAAD', PING);
  s.wait(1000).wsText('c3', 'down', '2', true).wait(1).wsText('c3', 'up', '3', true);
  s.wait(10).wsClose('c3', 'up', 1000);
  return s;
}

/** The page's raw WebSocket: ws pings, app heartbeats, a pong-timeout close, reconnects. */
function rawWebSocket(): LabScript {
  const s = new LabScript({ bothHops: true });
  s.wsOpen('w1', WS_PATH);
  s.wait(500).hb('w1', 1).wait(2).hbAck('w1', 1);
  s.wait(498).wsPing('w1', 'down').wait(2).wsPong('w1', 'up');
  s.wait(998).wsPing('w1', 'down');
  s.wait(200).hb('w1', 2); // no ack, no pong
  s.wait(1800).wsClose('w1', 'down', 1001, 'pong timeout');
  s.connClose('w1', 'reset', 'server');
  s.wait(1000).wsOpen('w2', WS_PATH);
  s.wait(1000).wsPing('w2', 'down').wait(1).wsPong('w2', 'up');
  s.wait(2000).hb('w2', 1).wait(3000).hb('w2', 2);
  s.wait(4000).wsClose('w2', 'up', 4000, 'gave up');
  s.wait(1000).wsOpen('w3', WS_PATH); // w2's close was never answered
  s.wait(500).wsOpen('w4', WS_PATH); // w3 abandoned while open
  s.wait(1000).wsPing('w4', 'down');
  return s;
}

/** A proxy that closes an idle connection. */
function idleClose(): LabScript {
  const s = new LabScript({ bothHops: true });
  s.wsOpen('i1', WS_PATH);
  s.wait(300).wsText('i1', 'down', 'hello').wait(2500).wsText('i1', 'up', 'hi');
  s.wait(3000).fault('i1', 'idle-timeout', 'idle 3 s', { dir: 'down' });
  s.connClose('i1', 'reset', 'edge');
  s.wait(100).marker('-', 'run 2');
  return s;
}

/** Scripts one after the other, their connections renamed apart, seqs and times continuing. */
function session(): WireEvent[] {
  const out: WireEvent[] = [];
  let seq = 0;
  let t0 = 0;
  const scripts = [
    blackholed(),
    defaultUpgrade({ bothHops: true }),
    rawWebSocket(),
    upgradeBlocked(),
    probeReset(),
    idleClose(),
  ];
  for (const [i, script] of scripts.entries()) {
    for (const e of script.events) {
      const conn = e.conn === '-' ? e.conn : `s${i}-${e.conn}`;
      out.push({ ...e, conn, seq: ++seq, t: t0 + e.t });
    }
    t0 = (out.at(-1)?.t ?? t0) + 1000;
  }
  return out;
}

const events = session();
const upTo = (i: number) => events.slice(0, i + 1);
const types = (list: readonly { event: { type: string } }[]) => list.map((e) => e.event.type);

describe('heartbeat follow folds equal the whole-log mappers', () => {
  it('the script exercises what the mappers follow', () => {
    const server = before.engineIoHeartbeatEvents(events, 'edge-node');
    expect(types(server)).toContain('PONG_TIMEOUT');
    expect(server.filter((e) => e.event.type === 'RECONNECT').length).toBeGreaterThan(2);
    expect(server.some((e) => 'reason' in e.event && e.event.reason === ABANDONED)).toBe(true);
    const ws = before.wsProtocolHeartbeatEvents(events, 'edge-node');
    expect(types(ws)).toEqual(
      expect.arrayContaining(['PING', 'PONG', 'PONG_TIMEOUT', 'RECONNECT']),
    );
    expect(types(before.appHeartbeatEvents(events, 'browser-edge', APP_HB))).toEqual(
      expect.arrayContaining(['HB_SENT', 'HB_ACK', 'CLOSED', 'RECONNECT']),
    );
  });

  for (const hop of ['edge-node', 'browser-edge'] as const) {
    it(`Engine.IO on ${hop}, at the end and at every cursor`, () => {
      const store = storeOver(events, engineIoHeartbeatFold(hop));
      expect(followedEvents(store.getSnapshot())).toEqual(
        before.engineIoHeartbeatEvents(events, hop),
      );
      for (let i = -1; i < events.length; i++)
        expect(followedEvents(store.snapshotAt(i))).toEqual(
          before.engineIoHeartbeatEvents(upTo(i), hop),
        );
    });

    it(`raw WebSocket ping/pong on ${hop}, at the end and at every cursor`, () => {
      const store = storeOver(events, wsProtocolHeartbeatFold(hop));
      expect(followedEvents(store.getSnapshot())).toEqual(
        before.wsProtocolHeartbeatEvents(events, hop),
      );
      for (let i = -1; i < events.length; i++)
        expect(followedEvents(store.snapshotAt(i))).toEqual(
          before.wsProtocolHeartbeatEvents(upTo(i), hop),
        );
    });

    it(`app-level heartbeat on ${hop}, at the end and at every cursor`, () => {
      const store = storeOver(events, appHeartbeatFold(hop, APP_HB));
      expect(followedEvents(store.getSnapshot())).toEqual(
        before.appHeartbeatEvents(events, hop, APP_HB),
      );
      for (let i = -1; i < events.length; i++)
        expect(followedEvents(store.snapshotAt(i))).toEqual(
          before.appHeartbeatEvents(upTo(i), hop, APP_HB),
        );
    });
  }

  it('idle reports, at the end and at every cursor', () => {
    for (const options of [
      { hop: 'browser-edge' as const, minGapMs: 200 },
      { hop: 'edge-node' as const },
    ]) {
      const store = storeOver(events, idleReportsFold(options));
      const end = idleReportsOfFold(store.getSnapshot());
      expect(end).toEqual(idleReportsOf(events, options));
      expect(end.some((r) => r.closedAfterIdle)).toBe(true);
      for (let i = -1; i < events.length; i++)
        expect(idleReportsOfFold(store.snapshotAt(i))).toEqual(idleReportsOf(upTo(i), options));
    }
  });

  it('connection kinds, in order, at every cursor', () => {
    const store = storeOver(events, connKindsFold);
    for (let i = -1; i < events.length; i++)
      expect([...store.snapshotAt(i)]).toEqual(connectionsOf(upTo(i)).map((c) => [c.conn, c.kind]));
  });

  it('the panel fold keeps the parts and the last event time; unchanged parts stay the same', () => {
    const store = storeOver(events, heartbeatViewsFold(APP_HB));
    for (let i = -1; i < events.length; i += 7) {
      const s = store.snapshotAt(i);
      const past = upTo(i);
      expect(s.lastT).toBe(past.at(-1)?.t);
      expect(followedEvents(s.eioServer)).toEqual(
        before.engineIoHeartbeatEvents(past, 'edge-node'),
      );
      expect(followedEvents(s.wsServer)).toEqual(
        before.wsProtocolHeartbeatEvents(past, 'edge-node'),
      );
      expect(followedEvents(s.eioBrowser)).toEqual(
        before.engineIoHeartbeatEvents(past, 'browser-edge'),
      );
      expect(followedEvents(s.appBrowser)).toEqual(
        before.appHeartbeatEvents(past, 'browser-edge', APP_HB),
      );
      expect(idleReportsOfFold(s.idle)).toEqual(
        idleReportsOf(past, { hop: 'browser-edge', minGapMs: 200 }),
      );
    }
    // A step that changes nothing a follower reads keeps its state (and its list) as it was.
    const fold = engineIoHeartbeatFold('edge-node');
    const s = store.getSnapshot().eioServer;
    const marker = events.find((e) => e.kind === 'marker') as WireEvent;
    expect(fold.step(s, marker)).toBe(s);
    expect(itemsOf(s.events)).toBe(followedEvents(s));
  });
});
