import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import { eventDescription, eventLabel, isDiagramEvent, shortTarget } from './event-label';

const base = { seq: 1, t: 12.5, conn: 'c1', hop: 'browser-edge', dir: 'up' } as const;

describe('eventLabel', () => {
  it('labels faults by what they did: drop, stall with its delay, RST', () => {
    const f = (fault: 'drop' | 'loss' | 'reset', delayMs?: number): WireEvent => ({
      ...base,
      kind: 'fault',
      fault,
      detail: 'd',
      ...(delayMs === undefined ? {} : { delayMs }),
    });
    expect(eventLabel(f('drop'))).toBe('⚡ drop');
    expect(eventLabel(f('loss', 200))).toBe('⚡ stall 200 ms');
    expect(eventLabel(f('reset'))).toBe('⚡ RST');
    expect(eventDescription(f('drop'))).toBe(
      'Fault drop: d, Browser to Edge, connection c1, at 12.5 ms (#1)',
    );
  });

  it('labels an upgrade request with a shortened target', () => {
    const e: WireEvent = {
      ...base,
      kind: 'http-request',
      method: 'GET',
      target: '/lab/0123456789abcdef0123456789abcdef/ws',
      version: 'HTTP/1.1',
      headers: [['Upgrade', 'websocket']],
      raw: '',
    };
    expect(eventLabel(e)).toBe('GET …/ws Upgrade');
  });

  it('labels a response with status and reason', () => {
    const e: WireEvent = {
      ...base,
      dir: 'down',
      kind: 'http-response',
      version: 'HTTP/1.1',
      status: 101,
      reason: 'Switching Protocols',
      headers: [],
      raw: '',
    };
    expect(eventLabel(e)).toBe('101 Switching Protocols');
  });

  it('labels a text frame with its text and a close frame with its code', () => {
    const frame = {
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      masked: true,
      payloadLength: 5,
      lengthBits: 7 as const,
      headerLength: 6,
      payload: '',
    };
    const text: WireEvent = {
      ...base,
      kind: 'ws-frame',
      frame: { ...frame, opcode: 1, opcodeName: 'text' },
      raw: '',
      message: { type: 'text', text: 'hello', data: '', frames: 1 },
    };
    expect(eventLabel(text)).toBe('text "hello"');
    const close: WireEvent = {
      ...base,
      kind: 'ws-frame',
      frame: { ...frame, opcode: 8, opcodeName: 'close', close: { code: 1000, reason: '' } },
      raw: '',
    };
    expect(eventLabel(close)).toBe('close 1000');
  });

  it('labels a Socket.IO event carried by Engine.IO', () => {
    const e: WireEvent = {
      ...base,
      kind: 'http-body',
      raw: '',
      size: 10,
      final: true,
      eio: [
        {
          type: 'message',
          encoded: '42["chat",{"msg":"hello"}]',
          sio: { type: 'EVENT', nsp: '/', encoded: '2["chat",{"msg":"hello"}]' },
        },
      ],
    };
    expect(eventLabel(e)).toBe('body eio 4 · sio 2["chat",{"msg":"hello"}]');
  });

  it('skips non-final body pieces in the diagram', () => {
    const e: WireEvent = { ...base, kind: 'http-body', raw: '', size: 1, final: false };
    expect(isDiagramEvent(e)).toBe(false);
  });

  it('describes direction in words', () => {
    const e: WireEvent = {
      ...base,
      dir: 'down',
      hop: 'edge-node',
      kind: 'conn-close',
      how: 'end',
      by: 'server',
    };
    expect(eventDescription(e)).toBe(
      'TCP FIN by server, Node to Edge, connection c1, at 12.5 ms (#1)',
    );
  });
});

describe('shortTarget', () => {
  it('leaves non-lab targets alone', () => {
    expect(shortTarget('/healthz')).toBe('/healthz');
  });
});
