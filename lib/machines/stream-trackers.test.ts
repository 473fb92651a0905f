import { describe, expect, it } from 'vitest';
import { EventLog, followLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { foldEvents } from './fold';
import { longPollMachine } from './long-poll';
import { longPollStreamsOf } from './long-poll-mapper';
import { socketIoConnectionMachine } from './socketio-connection';
import { socketIoNamespacesOf } from './socketio-mapper';
import {
  appHeartbeatTracker,
  heartbeatTracker,
  longPollTracker,
  socketIoTracker,
  sseTracker,
} from './stream-trackers';
import { EIO_SID } from './test-fixtures';
import { LabScript, labMessages } from './test-lab-script';
import { TransportMetricsTracker, transportMetrics } from './transport-metrics';

/** Long polling, an SSE stream, Socket.IO with two namespaces and a raw feed with heartbeats. */
function busyPage(): LabScript {
  const s = new LabScript();
  s.longPoll('c1', 0, labMessages(1, 2, 0), 5);
  s.wait(1).longPoll('c1', 2, [], 30_000);
  s.sseAccept('c2', s.sseRequest('c2'));
  s.sseEvent('c2', { id: '1', data: '{"id":1,"at":30000}' });
  s.eioWsOpen('c3', EIO_SID, { interval: 1000, timeout: 500 });
  s.sio('c3', 'up', '0').sio('c3', 'up', '0/admin,{"token":"nope"}');
  s.wait(1).sio('c3', 'down', '0{"sid":"oSO0OpakMV_3jnilAAAA"}');
  s.sio('c3', 'down', '4/admin,{"message":"not authorized"}');
  s.wait(1000).wsText('c3', 'down', '2', true).wait(1).wsText('c3', 'up', '3', true);
  s.wsOpen('c4');
  s.wait(5000).hb('c4', 1).wait(2).hbAck('c4', 1);
  return s;
}

function feedInBatches(events: readonly WireEvent[], push: (batch: readonly WireEvent[]) => void) {
  const log = new EventLog();
  const stop = followLog(log, push);
  for (let i = 0; i < events.length; i += 5) log.append(events.slice(i, i + 5));
  stop();
}

describe('stream trackers', () => {
  it('fold each long-poll client and Socket.IO namespace like the one-shot fold', () => {
    const events = busyPage().events;
    const polls = longPollTracker();
    const sio = socketIoTracker();
    feedInBatches(events, (batch) => {
      polls.push(batch);
      sio.push(batch);
    });
    expect(polls.keys).toEqual(['long-poll']);
    const expected = foldEvents(longPollMachine, longPollStreamsOf(events)[0]?.events ?? []);
    expect(polls.folder('long-poll')?.transitions).toEqual(expected.transitions);
    expect(sio.keys).toEqual(['e1/', 'e1/admin']);
    for (const ns of socketIoNamespacesOf(events)) {
      const one = foldEvents(socketIoConnectionMachine, ns.events);
      expect(sio.folder(ns.key)?.snapshot.value).toEqual(one.snapshot.value);
    }
    expect(sio.folder('e1/admin')?.snapshot.value).toBe('refused');
  });

  it('follow the SSE stream and both heartbeats, and bump their versions', () => {
    const sse = sseTracker();
    const hb = heartbeatTracker({ kind: 'engineio' });
    const app = appHeartbeatTracker({ interval: 5000, timeout: 2000, maxMissed: 2 });
    feedInBatches(busyPage().events, (batch) => {
      sse.push(batch);
      hb.push(batch);
      app.push(batch);
    });
    expect(sse.folder(sse.keys[0] ?? '')?.snapshot.context.lastEventId).toBe('1');
    expect(hb.folder('engineio')?.snapshot.context).toMatchObject({ pings: 1, pongs: 1 });
    expect(hb.folder('engineio')?.snapshot.context.interval).toBe(1000);
    expect(app.folder('app')?.snapshot.context).toMatchObject({ sent: 1, acked: 1 });
    expect(sse.version).toBeGreaterThan(0);
  });

  it('report a deadline that fell due after the last event when asked for a later time', () => {
    const s = new LabScript();
    s.eioWsOpen('c1', EIO_SID, { interval: 1000, timeout: 500 });
    s.wait(1000).wsText('c1', 'down', '2', true);
    const hb = heartbeatTracker({ kind: 'engineio' });
    hb.push(s.events);
    const folder = hb.folder('engineio');
    expect(folder?.at(s.t + 499).value).toEqual({ connected: 'awaitingPong' });
    expect(folder?.at(s.t + 500).value).toEqual({ connected: 'pongOverdue' });
  });
});

describe('TransportMetricsTracker', () => {
  it('gives the same numbers fed in batches as in one pass', () => {
    const events = busyPage().events;
    const tracker = new TransportMetricsTracker({ atClock: { kind: 'session' } });
    feedInBatches(events, (batch) => tracker.push(batch));
    const once = transportMetrics(events, { atClock: { kind: 'session' } });
    expect(tracker.metrics()).toEqual(once);
    expect(tracker.metrics()).toBe(tracker.metrics());
    expect(once.map((m) => [m.transport, m.messages])).toEqual([
      ['ws', 0],
      ['sio-ws', 0],
      ['long-poll', 2],
      ['sse', 1],
    ]);
  });
});
