import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import { exchangeOn, headerChanges } from './hop-exchange';

describe('headerChanges', () => {
  it('finds a rewritten version, a removed Upgrade and an added Origin', () => {
    const before = [
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Version', '13'],
    ] as const;
    const after = [
      ['Sec-WebSocket-Version', '8'],
      ['Origin', 'http://foreign.example'],
    ] as const;
    expect(headerChanges(before, after)).toEqual([
      { name: 'Upgrade', from: 'websocket' },
      { name: 'Connection', from: 'Upgrade' },
      { name: 'Sec-WebSocket-Version', from: '13', to: '8' },
      { name: 'Origin', to: 'http://foreign.example' },
    ]);
  });

  it('ignores name case and unchanged headers', () => {
    expect(headerChanges([['host', 'a']], [['Host', 'a']])).toEqual([]);
  });
});

describe('exchangeOn', () => {
  it('pairs the first request with the next response on the same hop and connection', () => {
    const base = { t: 0, dir: 'up' as const, raw: '', headers: [] };
    const events: WireEvent[] = [
      {
        ...base,
        seq: 1,
        conn: 'c1',
        hop: 'browser-edge',
        kind: 'http-request',
        method: 'GET',
        target: '/',
        version: 'HTTP/1.1',
      },
      {
        ...base,
        seq: 2,
        conn: 'c1',
        hop: 'edge-node',
        kind: 'http-request',
        method: 'GET',
        target: '/',
        version: 'HTTP/1.1',
      },
      {
        ...base,
        seq: 3,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'down',
        kind: 'http-response',
        version: 'HTTP/1.1',
        status: 426,
        reason: 'Upgrade Required',
      },
      {
        ...base,
        seq: 4,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        kind: 'http-response',
        version: 'HTTP/1.1',
        status: 426,
        reason: 'Upgrade Required',
      },
    ];
    const node = exchangeOn(events, 'c1', 'edge-node');
    expect([node.request?.seq, node.response?.seq]).toEqual([2, 3]);
    const browser = exchangeOn(events, 'c1', 'browser-edge');
    expect([browser.request?.seq, browser.response?.seq]).toEqual([1, 4]);
  });
});
