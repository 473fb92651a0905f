import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { EIO_SID, eioTarget, openPacket, WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import { connectionsOf, EventLog, followLog } from './event-log';
import type { MarkerEvent, WireEvent } from './types';

function marker(seq: number, t: number): MarkerEvent {
  return { kind: 'marker', seq, t, conn: '', hop: 'browser-edge', dir: 'down', label: `m${seq}` };
}

describe('EventLog', () => {
  it('past maxKept releases its oldest events, keeps the newest, and starts a new generation', () => {
    const log = new EventLog({ maxKept: 10, keepAfterTrim: 3 });
    log.append(Array.from({ length: 10 }, (_, i) => marker(i + 1, i)));
    expect([log.length, log.released, log.generation]).toEqual([10, 0, 0]);
    log.append([marker(11, 10), marker(12, 11)]);
    expect(log.all().map((e) => e.seq)).toEqual([10, 11, 12]);
    expect([log.length, log.released, log.generation]).toEqual([3, 9, 1]);
    expect(log.indexOfSeq(11)).toBe(1);
    expect(log.indexOfSeq(5)).toBe(-1);
    expect(log.indexAtOrBefore(10.5)).toBe(1);
  });

  it('followLog delivers every event once across a release', () => {
    const log = new EventLog({ maxKept: 10, keepAfterTrim: 3 });
    const seen: number[] = [];
    followLog(log, (events) => seen.push(...events.map((e) => e.seq)));
    for (let i = 1; i <= 25; i += 2) log.append([marker(i, i), marker(i + 1, i + 1)]);
    expect(seen).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(log.released).toBeGreaterThan(0);
  });

  it('keeps appended events in seq order across batches', () => {
    const log = new EventLog();
    log.append([marker(1, 0), marker(2, 5)]);
    log.append([marker(3, 5), marker(4, 9)]);
    expect(log.length).toBe(4);
    expect(log.all().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log.at(0)?.seq).toBe(1);
    expect(log.at(-1)?.seq).toBe(4);
    expect(log.lastT).toBe(9);
  });

  it('ignores duplicate and older seq numbers', () => {
    const log = new EventLog();
    log.append([marker(1, 0), marker(2, 1)]);
    const result = log.append([marker(2, 1), marker(1, 0), marker(3, 2)]);
    expect(result).toEqual({ appended: 1, ignored: 2, missing: 0 });
    expect(log.all().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log.ignored).toBe(2);
  });

  it('records a seq gap and counts the missing events', () => {
    const log = new EventLog();
    log.append([marker(1, 0), marker(2, 1)]);
    log.append([marker(6, 3), marker(7, 4), marker(9, 5)]);
    expect(log.gaps).toBe(2);
    expect(log.missing).toBe(4);
    expect(log.length).toBe(5);
  });

  it('counts a log that starts after seq 1 as a gap', () => {
    const log = new EventLog();
    log.append([marker(4, 0)]);
    expect(log.gaps).toBe(1);
    expect(log.missing).toBe(3);
  });

  it('calls a listener once per appended batch, not once per event', () => {
    const log = new EventLog();
    const listener = vi.fn();
    log.subscribe(listener);
    log.append([marker(1, 0), marker(2, 1), marker(3, 2)]);
    log.append([marker(4, 3)]);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(log.version).toBe(2);
  });

  it('does not notify for a batch that adds nothing', () => {
    const log = new EventLog();
    log.append([marker(1, 0)]);
    const listener = vi.fn();
    log.subscribe(listener);
    log.append([marker(1, 0)]);
    log.append([]);
    expect(listener).not.toHaveBeenCalled();
    expect(log.version).toBe(1);
  });

  it('notifies when the server reports dropped events even without new ones', () => {
    const log = new EventLog();
    const listener = vi.fn();
    log.subscribe(listener);
    log.append([], 12);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(log.dropped).toBe(12);
  });

  it('stops calling a listener after unsubscribe', () => {
    const log = new EventLog();
    const listener = vi.fn();
    const unsubscribe = log.subscribe(listener);
    log.append([marker(1, 0)]);
    unsubscribe();
    log.append([marker(2, 0)]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('finds the last event at or before a time', () => {
    const log = new EventLog();
    log.append([marker(1, 0), marker(2, 10), marker(3, 10), marker(4, 20)]);
    expect(log.indexAtOrBefore(-1)).toBe(-1);
    expect(log.indexAtOrBefore(0)).toBe(0);
    expect(log.indexAtOrBefore(9.99)).toBe(0);
    expect(log.indexAtOrBefore(10)).toBe(2);
    expect(log.indexAtOrBefore(1000)).toBe(3);
    expect(log.upToT(15).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('finds an event by seq', () => {
    const log = new EventLog();
    log.append([marker(1, 0), marker(3, 1), marker(8, 2)]);
    expect(log.indexOfSeq(3)).toBe(1);
    expect(log.indexOfSeq(8)).toBe(2);
    expect(log.indexOfSeq(2)).toBe(-1);
  });

  it('upToT(t) equals the events with e.t <= t, for any batches and any t', () => {
    const batches = fc.array(fc.array(fc.nat(50), { maxLength: 8 }), { maxLength: 10 });
    fc.assert(
      fc.property(batches, fc.integer({ min: -5, max: 600 }), (deltas, t) => {
        const log = new EventLog();
        const expected: WireEvent[] = [];
        let seq = 0;
        let time = 0;
        for (const batch of deltas) {
          const events = batch.map((d) => {
            time += d;
            return marker(++seq, time);
          });
          expected.push(...events);
          log.append(events);
        }
        expect(log.upToT(t)).toEqual(expected.filter((e) => e.t <= t));
      }),
    );
  });
});

describe('connectionsOf', () => {
  it('summarizes a WebSocket connection and an Engine.IO polling connection', () => {
    const s = new WireScript({ bothHops: true });
    s.connOpen('c1', eioTarget('polling'));
    s.pollGet('c1', eioTarget('polling'), [openPacket()]);
    s.wait(10).connOpen('c2', WS_PATH);
    const req = s.wsUpgradeRequest('c2', WS_PATH);
    s.wsAccept('c2', req).wait(5).wsText('c2', 'up', 'hi').wsClose('c2', 'up', 1000);
    s.wsClose('c2', 'down', 1000).connClose('c2', 'end', 'server');
    const summaries = connectionsOf(s.events);
    expect(summaries.map((c) => c.conn)).toEqual(['c1', 'c2']);
    const [c1, c2] = summaries;
    expect(c1).toMatchObject({
      kind: 'http',
      eioSid: EIO_SID,
      eioTransport: 'polling',
      closed: false,
    });
    expect(c1?.path).toMatch(/\/socket\.io\/$/);
    expect(c1?.hops).toEqual(['browser-edge', 'edge-node']);
    expect(c2).toMatchObject({ kind: 'websocket', path: WS_PATH, closed: true });
    expect(c2?.firstT).toBeGreaterThan(c1?.firstT ?? Infinity);
  });

  it('reports a connection with only a conn-open as unknown', () => {
    const s = new WireScript();
    s.connOpen('c9');
    expect(connectionsOf(s.events)).toMatchObject([
      { conn: 'c9', kind: 'unknown', hops: ['browser-edge'] },
    ]);
  });
});
