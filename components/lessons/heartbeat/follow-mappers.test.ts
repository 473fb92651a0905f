import { describe, expect, it } from 'vitest';
import { appHeartbeatMachine } from '@/lib/machines/app-heartbeat';
import { foldEvents } from '@/lib/machines/fold';
import { heartbeatMachine } from '@/lib/machines/heartbeat';
import type { WireEvent, WsOpcodeName } from '@/lib/mirror/types';
import { ABANDONED, appHeartbeatEvents, wsProtocolHeartbeatEvents } from './follow-mappers';

let seq = 0;
const base = (conn: string, t: number, dir: 'up' | 'down') => ({
  seq: ++seq,
  t,
  conn,
  hop: 'browser-edge' as const,
  dir,
});
const upgrade = (conn: string, t: number): WireEvent =>
  ({
    ...base(conn, t, 'up'),
    kind: 'http-request',
    method: 'GET',
    target: '/lab/abc/ws',
    version: 'HTTP/1.1',
    headers: [
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
    ],
  }) as unknown as WireEvent;
const switched = (conn: string, t: number): WireEvent =>
  ({
    ...base(conn, t, 'down'),
    kind: 'http-response',
    status: 101,
    reason: 'Switching Protocols',
    version: 'HTTP/1.1',
    headers: [],
  }) as unknown as WireEvent;
const frame = (
  conn: string,
  t: number,
  dir: 'up' | 'down',
  opcodeName: WsOpcodeName,
  text?: string,
): WireEvent =>
  ({
    ...base(conn, t, dir),
    kind: 'ws-frame',
    raw: '',
    frame: { opcodeName, fin: true, masked: dir === 'up', payloadLength: 0 },
    ...(text ? { message: { type: 'text', text, data: '', frames: 1 } } : {}),
  }) as unknown as WireEvent;

const closeFrame = (conn: string, t: number, code: number, reason: string): WireEvent =>
  ({
    ...base(conn, t, 'down'),
    kind: 'ws-frame',
    raw: '',
    frame: {
      opcodeName: 'close',
      fin: true,
      masked: false,
      payloadLength: 0,
      close: { code, reason },
    },
  }) as unknown as WireEvent;

describe('follow mappers', () => {
  it('counts a new connection of the page as the reconnect, abandoning the half-open one', () => {
    const log = [
      upgrade('c1', 0),
      switched('c1', 1),
      frame('c1', 1001, 'up', 'text', '{"type":"hb","n":1}'),
      frame('c1', 1002, 'down', 'text', '{"type":"hb-ack","n":1}'),
      frame('c1', 3001, 'up', 'text', '{"type":"hb","n":2}'),
      upgrade('c2', 7000),
    ];
    const events = appHeartbeatEvents(log, 'browser-edge', {
      interval: 2000,
      timeout: 1500,
      maxMissed: 2,
    });
    expect(events.map((e) => e.event.type)).toEqual([
      'OPEN',
      'HB_SENT',
      'HB_ACK',
      'HB_SENT',
      'CLOSED',
      'RECONNECT',
    ]);
    expect(events[4]?.event).toMatchObject({ reason: ABANDONED });
    expect(foldEvents(appHeartbeatMachine, events).snapshot.value).toBe('reconnecting');
  });

  it('expires the pong deadline and closes on the server close frame', () => {
    const log = [
      upgrade('c1', 0),
      switched('c1', 1),
      frame('c1', 1001, 'down', 'ping'),
      frame('c1', 1003, 'up', 'pong'),
      frame('c1', 2003, 'down', 'ping'),
      closeFrame('c1', 3003, 1001, 'pong timeout'),
    ];
    const events = wsProtocolHeartbeatEvents(log, 'browser-edge');
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events);
    expect(transitions.find((t) => t.to === 'connected.pongOverdue')).toMatchObject({
      t: 3003,
      delayed: false,
    });
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context).toMatchObject({ pings: 2, pongs: 1, timeoutCloses: 1 });
  });

  it('times raw-WebSocket pings by their real spacing, not by a configured value', () => {
    // The server pings every 3 s (whatever the page's knobs say): nothing is overdue.
    const log = [
      upgrade('c1', 0),
      switched('c1', 1),
      frame('c1', 3001, 'down', 'ping'),
      frame('c1', 3003, 'up', 'pong'),
      frame('c1', 6003, 'down', 'ping'),
      frame('c1', 6005, 'up', 'pong'),
    ];
    const events = wsProtocolHeartbeatEvents(log, 'browser-edge');
    const { snapshot, transitions } = foldEvents(heartbeatMachine, events, { upToT: 6005 });
    expect(transitions.some((t) => t.delayed)).toBe(false);
    expect(snapshot.context).toMatchObject({ interval: 3000, missed: 0, pongs: 2 });
    expect(snapshot.context.timeout).toBeUndefined();
  });
});
