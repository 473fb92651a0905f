import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { eioTarget, WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import { wsConnectionEventsFor } from '@/lib/machines/ws-connection';
import { connectionsOf } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { handshakeOf, wsConnFold, wsConnsOf, wsEventsOf } from './ws-conn-fold';

/** Two WebSockets (one closed cleanly), a refused upgrade and a polling request, both hops. */
function script(): WireScript {
  const s = new WireScript({ bothHops: true });
  s.connOpen('c1', WS_PATH);
  const r1 = s.wait(5).wsUpgradeRequest('c1', WS_PATH);
  s.wait(5).wsAccept('c1', r1);
  s.wait(5).wsText('c1', 'up', 'hi from the page');
  s.wait(5).wsText('c1', 'down', 'hi from the page');
  s.request('p1', 'GET', eioTarget('polling'));
  s.connOpen('c2', WS_PATH);
  const r2 = s.wait(5).wsUpgradeRequest('c2', WS_PATH);
  s.wait(5).response('c2', 400, 'Bad Request', [], r2);
  s.connOpen('c3', WS_PATH);
  const r3 = s.wait(5).wsUpgradeRequest('c3', `${WS_PATH}?x=1`);
  s.wait(5).wsAccept('c3', r3);
  s.wait(5).wsPing('c3', 'down').wsPong('c3', 'up');
  s.wait(5).wsClose('c1', 'up', 1000, 'bye').wsClose('c1', 'down', 1000, 'bye');
  s.wait(5).connClose('c1');
  s.wait(5).wsText('c3', 'up', 'more');
  return s;
}

const expected = (events: readonly WireEvent[]) => {
  const conns = connectionsOf(events)
    .filter((c) => c.kind === 'websocket')
    .map((c) => (c.path === undefined ? { conn: c.conn } : { conn: c.conn, path: c.path }));
  return {
    conns,
    per: ['c1', 'c2', 'c3'].map((c) => ({
      events: wsConnectionEventsFor(events, c, 'browser-edge'),
      hs: handshakeOf(events, c),
    })),
  };
};

describe('wsConnFold', () => {
  const events = script().events;

  it('equals connectionsOf / wsConnectionEventsFor / handshakeOf at the end and every cursor', () => {
    const store = storeOver(events, wsConnFold);
    const end = expected(events);
    expect(end.conns.map((c) => c.conn)).toEqual(['c1', 'c2', 'c3']);
    expect(end.per[0]?.events.length).toBeGreaterThan(4);
    expect(end.per[1]?.hs.response?.status).toBe(400);
    expect(end.per[2]?.hs.response?.status).toBe(101);
    for (let i = -1; i < events.length; i++) {
      const s = i === events.length - 1 ? store.getSnapshot() : store.snapshotAt(i);
      const want = expected(events.slice(0, i + 1));
      expect(wsConnsOf(s)).toEqual(want.conns);
      ['c1', 'c2', 'c3'].forEach((c, k) => {
        expect(wsEventsOf(s, c)).toEqual(want.per[k]?.events);
        expect(s.conns.get(c)?.handshake ?? {}).toEqual(want.per[k]?.hs);
      });
    }
  });
});
