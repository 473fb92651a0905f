import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold';
import { heartbeatMachine } from './heartbeat';
import { EngineIoHeartbeatMapper, mapAll, WebSocketHeartbeatMapper } from './heartbeat-mappers';
import { EIO_SID } from './test-fixtures';
import { FEED_PATH, LabScript } from './test-lab-script';

const PING = { interval: 1000, timeout: 500 };
const NEXT_SID = 'Nx2sLJaSzvAGbpxwAAAC';

/**
 * What the server saw (edge-node hop) of a Socket.IO client whose bytes to the server are
 * blackholed after the first pong: the next ping gets no pong, pingTimeout passes, the server
 * closes, and the client reconnects with a new session a second later.
 */
function blackholedEngineIo(): LabScript {
  const s = new LabScript({ hop: 'edge-node' });
  s.eioWsOpen('c1', EIO_SID, PING); // open packet at t = 1
  s.sio('c1', 'up', '0').sio('c1', 'down', '0{"sid":"oSO0OpakMV_3jnilAAAA"}');
  s.wait(1000).wsText('c1', 'down', '2', true); // ping at 1001
  s.wait(3).wsText('c1', 'up', '3', true); // pong at 1004
  s.fault('c1', 'blackhole', 'client → server bytes vanish (no FIN, no RST)', { dir: 'up' });
  s.wait(997).wsText('c1', 'down', '2', true); // ping at 2001: its pong never arrives
  s.wait(500).wsClose('c1', 'down', 1000); // 2501: pingTimeout passed
  s.connClose('c1', 'end', 'server');
  s.wait(1000).eioWsOpen('c2', NEXT_SID, PING); // the client's reconnect
  return s;
}

describe('heartbeat across a blackhole and a reconnect (Engine.IO)', () => {
  const events = mapAll(new EngineIoHeartbeatMapper('edge-node'), blackholedEngineIo().events);

  it('maps the first session, the close and the next session as one timeline', () => {
    expect(events.map((e) => e.event.type)).toEqual([
      'OPEN',
      'PING',
      'PONG',
      'PING',
      'CLOSED',
      'RECONNECT',
      'OPEN',
    ]);
  });

  it('expires the pong deadline exactly pingTimeout after the unanswered ping', () => {
    expect(foldEvents(heartbeatMachine, events, { upToT: 2500 }).snapshot.value).toEqual({
      connected: 'awaitingPong',
    });
    const { transitions } = foldEvents(heartbeatMachine, events);
    const overdue = transitions.find((t) => t.to === 'connected.pongOverdue');
    expect(overdue).toMatchObject({ t: 2501, delayed: true });
  });

  it('records that the server closed on the timeout, then the reconnect as a new cycle', () => {
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events);
    expect(transitions.map((t) => t.to).slice(-4)).toEqual([
      'connected.pongOverdue',
      'closed',
      'reconnecting',
      'connected.waitingForPing',
    ]);
    expect(snapshot.context).toMatchObject({
      closedOnTimeout: 'pong',
      timeoutCloses: 1,
      cycles: 2,
      missed: 1,
      pings: 2,
      pongs: 1,
    });
    expect(snapshot.context.reconnectDelays).toEqual([1001]);
  });

  it('marks a close without a missed deadline as not a timeout', () => {
    const s = new LabScript();
    s.eioWsOpen('c1', EIO_SID, PING);
    s.wait(1000).wsText('c1', 'down', '2', true).wait(2).wsText('c1', 'up', '3', true);
    s.wait(10).wsText('c1', 'up', '1', true);
    const list = mapAll(new EngineIoHeartbeatMapper(), s.events);
    const { snapshot } = foldEvents(heartbeatMachine, list);
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedOnTimeout).toBeUndefined();
    expect(snapshot.context.closeReason).toBe('close packet from the client');
  });

  it('counts a pong that arrives after the deadline as late', () => {
    const s = new LabScript();
    s.eioWsOpen('c1', EIO_SID, PING);
    s.wait(1000).wsText('c1', 'down', '2', true);
    s.wait(700).wsText('c1', 'up', '3', true);
    const { snapshot } = foldEvents(
      heartbeatMachine,
      mapAll(new EngineIoHeartbeatMapper(), s.events),
    );
    expect(snapshot.value).toEqual({ connected: 'waitingForPing' });
    expect(snapshot.context).toMatchObject({ missed: 1, latePongs: 1 });
    expect(snapshot.context.overdue).toBeUndefined();
  });
});

describe('heartbeat across a blackhole and a reconnect (raw WebSocket ping frames)', () => {
  function blackholedFeed(): LabScript {
    const s = new LabScript({ hop: 'edge-node' });
    s.wsOpen('c1', FEED_PATH); // 101 at t = 1
    s.wait(30_000).wsPing('c1', 'down').wait(2).wsPong('c1', 'up');
    s.fault('c1', 'blackhole', 'client → server bytes vanish', { dir: 'up' });
    s.wait(29_998).wsPing('c1', 'down'); // 60001: no pong comes back
    s.wait(10_000).connClose('c1', 'reset', 'server'); // 70001: the server terminates
    s.wait(1_000).wsOpen('c2', FEED_PATH);
    s.wait(30_000).wsPing('c2', 'down').wait(1).wsPong('c2', 'up');
    return s;
  }

  it('goes pongOverdue at the deadline, closes, reconnects and answers pings again', () => {
    const mapper = new WebSocketHeartbeatMapper({ interval: 30_000, timeout: 10_000 }, 'edge-node');
    const list = mapAll(mapper, blackholedFeed().events);
    const { snapshot, transitions } = foldEvents(heartbeatMachine, list);
    expect(transitions.find((t) => t.to === 'connected.pongOverdue')?.t).toBe(70_001);
    expect(transitions.map((t) => t.to)).toContain('reconnecting');
    expect(snapshot.value).toEqual({ connected: 'waitingForPing' });
    expect(snapshot.context).toMatchObject({
      closedOnTimeout: 'pong',
      cycles: 2,
      pongs: 2,
      closeReason: 'TCP reset by server',
    });
  });

  it('ignores WebSocket connections to other paths', () => {
    const s = new LabScript();
    s.wsOpen('c1', '/lab/x/ws');
    s.wait(30_000).wsPing('c1', 'down');
    const mapper = new WebSocketHeartbeatMapper(
      { interval: 30_000, timeout: 10_000 },
      undefined,
      (t) => t.endsWith('/feed'),
    );
    expect(mapAll(mapper, s.events)).toEqual([]);
  });
});
