import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { EIO_PATH, WireScript } from '@/lib/machines/test-fixtures';
import { plainFold, plainRowsAt, plainRowsOf } from './plain-rows';
import { PLAIN_MARK } from './steps';

/** Two plain clients with EIO=4 (the second is the latest), one without, on both hops. */
function script(): WireScript {
  const s = new WireScript({ bothHops: true });
  const eio = `${EIO_PATH}?EIO=4&transport=websocket&${PLAIN_MARK.eio}`;
  for (const conn of ['a1', 'a2']) {
    s.connOpen(conn, eio);
    const r = s.wait(2).wsUpgradeRequest(conn, eio);
    s.wait(2).wsAccept(conn, r);
    s.wait(2).wsText(conn, 'down', '0{"sid":"x"}', true);
    s.wait(2).wsText(conn, 'up', 'hello');
  }
  const bare = `${EIO_PATH}?${PLAIN_MARK['no-eio']}`;
  s.connOpen('b1', bare);
  const r = s.wait(2).wsUpgradeRequest('b1', bare);
  s.wait(2).wsAccept('b1', r);
  s.wait(2).wsClose('b1', 'down', 1002, 'protocol error');
  s.wait(2).connClose('b1');
  s.wait(2).wsText('a1', 'up', 'late on the older client');
  return s;
}

describe('plainFold', () => {
  const events = script().events;

  it('equals plainRowsOf for both kinds at the end and at every cursor', () => {
    const store = storeOver(events, plainFold);
    expect(plainRowsOf(events, 'eio').length).toBeGreaterThan(3);
    expect(plainRowsOf(events, 'no-eio').length).toBeGreaterThan(2);
    for (const kind of ['eio', 'no-eio'] as const) {
      expect(plainRowsAt(store.getSnapshot(), kind)).toEqual(plainRowsOf(events, kind));
      for (let i = -1; i < events.length; i++) {
        expect(plainRowsAt(store.snapshotAt(i), kind)).toEqual(
          plainRowsOf(events.slice(0, i + 1), kind),
        );
      }
    }
  });
});
