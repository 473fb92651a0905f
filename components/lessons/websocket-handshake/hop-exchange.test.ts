import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { WireEvent } from '@/lib/mirror/types';
import {
  bodyOf,
  exchangeOf,
  exchangeOn,
  exchangesFold,
  headerChanges,
  nodeBodyText,
} from './hop-exchange';

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

describe('exchangesFold', () => {
  /** A refused handshake with a long answer body, an accepted one, a plain GET: both hops. */
  function capture(): WireEvent[] {
    const s = new WireScript({ bothHops: true });
    s.connOpen('c1', WS_PATH);
    s.wait(1).wsUpgradeRequest('c1', WS_PATH);
    s.wait(1).response('c1', 426, 'Upgrade Required', [['Sec-WebSocket-Version', '13']]);
    for (let i = 0; i < 5; i++) s.wait(1).body('c1', 'down', `  line ${i} ${'x'.repeat(180)}\n`);
    s.wait(1).wsAccept('c2', s.wsUpgradeRequest('c2', WS_PATH));
    s.wait(1).wsText('c2', 'up', 'hi').wsText('c2', 'down', 'hi');
    s.wait(1).request('c3', 'GET', '/plain');
    s.wait(1).response('c3', 200, 'OK').body('c3', 'down', '   ');
    s.wait(1).request('c3', 'GET', '/again');
    // The edge rewrote the version on its way to the node.
    return s.events.map((e) =>
      e.kind === 'http-request' && e.hop === 'edge-node' && e.conn === 'c1'
        ? {
            ...e,
            headers: e.headers.map(([n, v]) =>
              n.toLowerCase() === 'sec-websocket-version' ? ([n, '8'] as const) : ([n, v] as const),
            ),
          }
        : e,
    );
  }

  it('equals exchangeOn on both hops and nodeBodyText, at the end and at every cursor', () => {
    const events = capture();
    const store = storeOver(events, exchangesFold);
    const end = exchangeOf(store.getSnapshot(), 'c1');
    expect(end.node.response?.status).toBe(426);
    expect(bodyOf(end)?.length).toBe(600);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = store.snapshotAt(i);
      for (const conn of ['c1', 'c2', 'c3', 'c4']) {
        const x = exchangeOf(at, conn);
        expect(x.browser).toEqual(exchangeOn(prefix, conn, 'browser-edge'));
        expect(x.node).toEqual(exchangeOn(prefix, conn, 'edge-node'));
        expect(bodyOf(x)).toBe(nodeBodyText(prefix, conn));
      }
    }
  });
});
