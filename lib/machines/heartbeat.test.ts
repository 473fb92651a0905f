import { describe, expect, it } from 'vitest';
import { chartOf } from './chart';
import { websocketOnly } from './eio-scenarios';
import { engineIoSessionsOf } from './engineio-mapper';
import { foldEvents, type TimedEvent } from './fold';
import {
  type HeartbeatEvent,
  heartbeatEventsOfEngineIo,
  heartbeatEventsOfWebSocket,
  heartbeatMachine,
} from './heartbeat';
import { WireScript, WS_PATH } from './test-fixtures';
import { wsConnectionEventsFor } from './ws-connection';

let seq = 0;
function at(t: number, event: Omit<HeartbeatEvent, 't'>): TimedEvent<HeartbeatEvent> {
  return { t, seq: ++seq, event: { ...event, t } as HeartbeatEvent };
}

const open = at(0, { type: 'OPEN', interval: 1000, timeout: 500 } as Omit<HeartbeatEvent, 't'>);

describe('heartbeatMachine', () => {
  it('cycles ping → pong and records the round-trip time', () => {
    const events = [open, at(1000, { type: 'PING' }), at(1012, { type: 'PONG' })];
    const { snapshot } = foldEvents(heartbeatMachine, events);
    expect(snapshot.value).toEqual({ connected: 'waitingForPing' });
    expect(snapshot.context).toMatchObject({ pings: 1, pongs: 1, rtts: [12], missed: 0 });
  });

  it('marks the pong overdue exactly pingTimeout after the ping (blackhole)', () => {
    const events = [open, at(1000, { type: 'PING' })];
    expect(foldEvents(heartbeatMachine, events, { upToT: 1499 }).snapshot.value).toEqual({
      connected: 'awaitingPong',
    });
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events, { upToT: 1500 });
    expect(snapshot.value).toEqual({ connected: 'pongOverdue' });
    expect(snapshot.hasTag('overdue')).toBe(true);
    expect(transitions.at(-1)).toMatchObject({
      from: 'connected.awaitingPong',
      to: 'connected.pongOverdue',
      t: 1500,
      delayed: true,
    });
  });

  it('marks the ping overdue after pingInterval + pingTimeout without a ping', () => {
    const { snapshot, transitions } = foldEvents(heartbeatMachine, [open], { upToT: 10_000 });
    expect(snapshot.value).toEqual({ connected: 'pingOverdue' });
    expect(transitions.at(-1)?.t).toBe(1500);
  });

  it('does not fire a deadline that a packet beat', () => {
    const events = [open, at(1000, { type: 'PING' }), at(1499, { type: 'PONG' })];
    const { snapshot } = foldEvents(heartbeatMachine, events, { upToT: 2400 });
    expect(snapshot.value).toEqual({ connected: 'waitingForPing' });
    expect(snapshot.context.missed).toBe(0);
  });

  it('ends closed when the connection closes, whatever the deadlines', () => {
    const events = [
      open,
      at(1000, { type: 'PING' }),
      at(1600, { type: 'CLOSED', reason: 'ping timeout' } as Omit<HeartbeatEvent, 't'>),
    ];
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events, { upToT: 99_999 });
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context).toMatchObject({ missed: 1, closeReason: 'ping timeout' });
    expect(transitions.map((t) => t.to)).toEqual([
      'connected.waitingForPing',
      'connected.awaitingPong',
      'connected.pongOverdue',
      'closed',
    ]);
  });
});

describe('heartbeat chart', () => {
  it('labels the deadlines with their delay names', () => {
    const delayed = chartOf(heartbeatMachine).edges.filter((e) => e.delayed);
    expect(delayed.map((e) => [e.source, e.target, e.label, e.delayName])).toEqual([
      [
        'heartbeat.connected.waitingForPing',
        'heartbeat.connected.pingOverdue',
        'after pingDeadline',
        'pingDeadline',
      ],
      [
        'heartbeat.connected.awaitingPong',
        'heartbeat.connected.pongOverdue',
        'after pongDeadline',
        'pongDeadline',
      ],
    ]);
  });
});

describe('heartbeat event mapping', () => {
  it('reads Engine.IO pings and pongs, not the probe', () => {
    const [session] = engineIoSessionsOf(websocketOnly().events);
    const events = heartbeatEventsOfEngineIo(session?.events ?? []);
    expect(events.map((e) => e.event.type)).toEqual(['OPEN', 'PING', 'PONG']);
    expect(events[0]?.event).toMatchObject({ interval: 25000, timeout: 20000 });
    const { snapshot } = foldEvents(heartbeatMachine, events);
    expect(snapshot.value).toEqual({ connected: 'waitingForPing' });
    expect(snapshot.context.rtts).toHaveLength(1);
  });

  it('reads server ping frames and client pong frames of a raw WebSocket', () => {
    const s = new WireScript();
    const req = s.wsUpgradeRequest('c1', WS_PATH);
    s.wait(1).wsAccept('c1', req);
    s.wait(30_000).wsPing('c1', 'down').wait(2).wsPong('c1', 'up');
    s.wait(30_000).wsPing('c1', 'down');
    s.wait(10_000).wsClose('c1', 'down', 1001, 'pong timeout');
    s.wait(1_000).connClose('c1', 'reset', 'server');
    const events = heartbeatEventsOfWebSocket(wsConnectionEventsFor(s.events, 'c1'));
    expect(events.map((e) => e.event.type)).toEqual([
      'OPEN',
      'PING',
      'PONG',
      'PING',
      'PONG_TIMEOUT',
      'CLOSED',
    ]);
    // The spacing before each ping, as on the wire (101 → ping, pong → ping).
    expect(events.filter((e) => e.event.type === 'PING').map((e) => e.event)).toMatchObject([
      { interval: 30_000 },
      { interval: 30_000 },
    ]);
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events);
    expect(snapshot.value).toBe('closed');
    expect(transitions.find((t) => t.to === 'connected.pongOverdue')).toMatchObject({
      delayed: false,
    });
    expect(snapshot.context).toMatchObject({ timeout: 10_000, closedOnTimeout: 'pong' });
  });

  it('fires no raw-WebSocket deadline the wire has not shown, however long the wait', () => {
    const events = [
      at(0, { type: 'OPEN' }),
      at(5000, { type: 'PING', interval: 5000 } as Omit<HeartbeatEvent, 't'>),
    ];
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events, { upToT: 1e9 });
    expect(snapshot.value).toEqual({ connected: 'awaitingPong' });
    expect(transitions.some((t) => t.delayed)).toBe(false);
  });
});
