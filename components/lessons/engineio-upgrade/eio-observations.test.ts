import { describe, expect, it } from 'vitest';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';
import {
  appMessagesOf,
  eioPacketsOf,
  eventsOfRun,
  handshakeOf,
  milestonesOf,
  runsOf,
} from './eio-observations';

const be = { hop: 'browser-edge' } as const;
let seq = 0;
const next = () => ++seq;

function req(conn: string, target: string): WireEvent {
  return {
    ...be,
    seq: next(),
    t: seq,
    conn,
    dir: 'up',
    kind: 'http-request',
    method: 'GET',
    target,
    version: 'HTTP/1.1',
    headers: [],
    raw: '',
  };
}
function body(conn: string, dir: 'up' | 'down', eio: EioPacketInfo[]): WireEvent {
  return {
    ...be,
    seq: next(),
    t: seq,
    conn,
    dir,
    kind: 'http-body',
    raw: '',
    size: 1,
    final: true,
    eio,
  };
}
function frame(conn: string, dir: 'up' | 'down', eio: EioPacketInfo): WireEvent {
  return {
    ...be,
    seq: next(),
    t: seq,
    conn,
    dir,
    kind: 'ws-frame',
    raw: '',
    frame: {
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      opcodeName: 'text',
      masked: dir === 'up',
      payloadLength: 1,
      lengthBits: 7,
      headerLength: 2,
      payload: '',
    },
    message: { type: 'text', data: '', frames: 1, eio },
  };
}
const open = {
  sid: 'abc',
  upgrades: ['websocket'],
  pingInterval: 1,
  pingTimeout: 2,
  maxPayload: 3,
};

function capture(): WireEvent[] {
  seq = 0;
  return [
    { ...be, seq: next(), t: 0, conn: '-', dir: 'up', kind: 'marker', label: 'run 1' },
    req('c1', '/lab/x/socket.io/?EIO=4&transport=polling&t=abc'),
    body('c1', 'down', [{ type: 'open', encoded: '0{...}', open }]),
    body('c2', 'up', [
      { type: 'message', encoded: '40', sio: { type: 'CONNECT', nsp: '/', encoded: '0' } },
    ]),
    body('c1', 'down', [
      {
        type: 'message',
        encoded: '40{"sid":"s"}',
        sio: { type: 'CONNECT', nsp: '/', encoded: '0{"sid":"s"}' },
      },
    ]),
    body('c2', 'up', [
      {
        type: 'message',
        encoded: '420["chat"]',
        sio: { type: 'EVENT', nsp: '/', id: 0, encoded: '20["chat"]' },
      },
    ]),
    frame('c3', 'up', { type: 'ping', data: 'probe', encoded: '2probe' }),
    frame('c3', 'down', { type: 'pong', data: 'probe', encoded: '3probe' }),
    body('c1', 'down', [{ type: 'noop', encoded: '6' }]),
    frame('c3', 'up', { type: 'upgrade', encoded: '5' }),
    frame('c3', 'down', {
      type: 'message',
      encoded: '430[{"ok":true}]',
      sio: { type: 'ACK', nsp: '/', id: 0, encoded: '30[{"ok":true}]' },
    }),
    { ...be, seq: next(), t: 99, conn: '-', dir: 'up', kind: 'marker', label: 'run 2' },
  ];
}

describe('engineio-upgrade observations', () => {
  it('finds the polling handshake query and the open packet', () => {
    const hs = handshakeOf(capture());
    expect(hs?.query).toMatchObject({ EIO: '4', transport: 'polling', t: 'abc' });
    expect(hs?.open).toMatchObject({ sid: 'abc', seq: 3 });
  });

  it('lists milestones in wire order, with the transport that carried each', () => {
    const ms = milestonesOf(eioPacketsOf(capture()));
    expect(ms.map((m) => m.id)).toEqual([
      'open',
      'connect',
      'connected',
      'probe-ping',
      'probe-pong',
      'noop',
      'upgrade',
    ]);
    expect(ms.find((m) => m.id === 'probe-ping')?.seen?.transport).toBe('websocket');
    expect(ms.find((m) => m.id === 'noop')?.seen?.transport).toBe('polling');
  });

  it('puts unseen milestones last', () => {
    const ms = milestonesOf(eioPacketsOf(capture().slice(0, 4)));
    expect(ms.map((m) => [m.id, m.seen !== undefined])).toEqual([
      ['open', true],
      ['connect', true],
      ['connected', false],
      ['probe-ping', false],
      ['probe-pong', false],
      ['noop', false],
      ['upgrade', false],
    ]);
  });

  it('finds application messages and their transports', () => {
    const msgs = appMessagesOf(eioPacketsOf(capture()));
    expect(msgs.map((m) => [m.text, m.transport])).toEqual([
      ['420["chat"]', 'polling'],
      ['430[{"ok":true}]', 'websocket'],
    ]);
  });

  it('shows a binary packet with its decoded size (base64 padding honoured)', () => {
    seq = 0;
    // 5 bytes are "AQIDBAU=" in base64: 8 characters, one '=' of padding.
    const packets = eioPacketsOf([
      body('c1', 'down', [{ type: 'message', binary: 'AQIDBAU=' }]),
      body('c1', 'down', [{ type: 'message', binary: 'AQID' }]),
      body('c1', 'down', [{ type: 'message', binary: 'AQ==' }]),
    ]);
    expect(packets.map((p) => p.text)).toEqual(['binary 5 B', 'binary 3 B', 'binary 1 B']);
  });

  it('splits the log into runs at the run markers', () => {
    const events = capture();
    const runs = runsOf(events);
    expect(runs.map((r) => [r.label, r.fromSeq])).toEqual([
      ['run 1', 1],
      ['run 2', 12],
    ]);
    expect(eventsOfRun(events, runs[0])).toHaveLength(11);
  });
});
