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
    s.wait(10_000).wsClose('c1', 'down', 1001, 'pong timeout'); // 70001: the server gives up
    s.wait(1_000).connClose('c1', 'reset', 'server'); // 71001: and terminates
    s.wait(1_000).wsOpen('c2', FEED_PATH); // 101 at 72002
    s.wait(30_000).wsPing('c2', 'down').wait(1).wsPong('c2', 'up');
    s.wait(20_000).wsPing('c2', 'down'); // 122004: the server now pings 20 s after a pong
    return s;
  }

  it('goes pongOverdue at the server’s pong-timeout close, closes, reconnects and answers pings again', () => {
    const mapper = new WebSocketHeartbeatMapper('edge-node');
    const list = mapAll(mapper, blackholedFeed().events);
    const { snapshot, transitions } = foldEvents(heartbeatMachine, list, { upToT: 122_004 });
    // No deadline was announced: the chart moves when the server's close frame says so.
    const overdue = transitions.filter((t) => t.to === 'connected.pongOverdue');
    expect(overdue).toMatchObject([{ t: 70_001, delayed: false, event: 'PONG_TIMEOUT' }]);
    expect(transitions.map((t) => t.to)).toContain('reconnecting');
    expect(snapshot.value).toEqual({ connected: 'awaitingPong' });
    expect(snapshot.context).toMatchObject({
      closedOnTimeout: 'pong',
      cycles: 2,
      pongs: 2,
      closeReason: 'TCP reset by server',
      // Measured on the wire: ping at 60001 → close at 70001; the last spacing, pong → ping.
      timeout: 10_000,
      interval: 20_000,
    });
    // The timeout learned from the first connection times the pong of the second one.
    const lastPing = list.filter((e) => e.event.type === 'PING').at(-1)?.t ?? Number.NaN;
    const later = foldEvents(heartbeatMachine, list, { upToT: lastPing + 10_000 });
    expect(later.snapshot.value).toEqual({ connected: 'pongOverdue' });
    expect(later.transitions.at(-1)).toMatchObject({ t: lastPing + 10_000, delayed: true });
  });

  it('ignores WebSocket connections to other paths', () => {
    const s = new LabScript();
    s.wsOpen('c1', '/lab/x/ws');
    s.wait(30_000).wsPing('c1', 'down');
    const mapper = new WebSocketHeartbeatMapper(undefined, (t) => t.endsWith('/feed'));
    expect(mapAll(mapper, s.events)).toEqual([]);
  });
});
