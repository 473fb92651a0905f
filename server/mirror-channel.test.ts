import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../lib/mirror/protocol';
import type { UnstampedEvent } from '../lib/mirror/types';
import { MirrorChannel, type MirrorSocket, type Schedule } from './mirror-channel';

/** A manual clock: scheduled callbacks run only when the test advances time. */
function manualClock() {
  let now = 0;
  let tasks: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const schedule: Schedule = (fn, ms) => {
    const id = nextId++;
    tasks.push({ at: now + ms, fn, id });
    return () => {
      tasks = tasks.filter((t) => t.id !== id);
    };
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      tasks.sort((a, b) => a.at - b.at);
      const task = tasks[0];
      if (task === undefined || task.at > until) break;
      tasks.shift();
      now = task.at;
      task.fn();
    }
    now = until;
  };
  return { schedule, advance, now: () => now, pending: () => tasks.length };
}

function fakeSocket() {
  const sent: ServerMessage[] = [];
  const socket: MirrorSocket & { bufferedAmount: number; readyState: number } = {
    bufferedAmount: 0,
    readyState: 1,
    send: (data: string) => sent.push(JSON.parse(data) as ServerMessage),
  };
  return { socket, sent };
}

function marker(label: string): UnstampedEvent {
  return { kind: 'marker', label, t: 0, conn: '-', hop: 'browser-edge', dir: 'up' };
}

function eventBatches(sent: ServerMessage[]) {
  return sent.filter((m): m is Extract<ServerMessage, { type: 'events' }> => m.type === 'events');
}

describe('MirrorChannel', () => {
  it('stamps strictly increasing seq numbers starting at 1', () => {
    const clock = manualClock();
    const { socket } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 100, ...clock });
    expect(channel.push(marker('a'))).toBe(1);
    expect(channel.push(marker('b'))).toBe(2);
  });

  it('sends events pushed in the same tick as one batch', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 100, ...clock });
    for (let i = 0; i < 10; i++) channel.push(marker(`m${i}`));
    expect(sent).toHaveLength(0);
    clock.advance(0);
    const batches = eventBatches(sent);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('sends up to burst batches back to back after a quiet period', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxEvents: 100,
      flushIntervalMs: 16,
      burst: 3,
      ...clock,
    });
    for (let i = 0; i < 4; i++) {
      channel.push(marker(`m${i}`));
      clock.advance(0);
    }
    expect(eventBatches(sent)).toHaveLength(3);
    clock.advance(16);
    expect(eventBatches(sent)).toHaveLength(4);
  });

  it('paces sustained traffic at one batch per flush interval', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxEvents: 1_000,
      flushIntervalMs: 10,
      burst: 2,
      ...clock,
    });
    for (let ms = 0; ms < 200; ms++) {
      channel.push(marker(`m${ms}`));
      clock.advance(1);
    }
    const batches = eventBatches(sent).length;
    expect(batches).toBeGreaterThanOrEqual(20);
    expect(batches).toBeLessThanOrEqual(22);
    expect(eventBatches(sent).flatMap((b) => b.events).length).toBe(200 - channel.stats.queued);
  });

  it('waits for the flush interval before sending the next batch', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxEvents: 100,
      flushIntervalMs: 16,
      burst: 1,
      ...clock,
    });
    channel.push(marker('first'));
    clock.advance(0);
    clock.advance(1);
    channel.push(marker('second'));
    clock.advance(10);
    expect(eventBatches(sent)).toHaveLength(1);
    clock.advance(5);
    expect(eventBatches(sent)).toHaveLength(2);
  });

  it('holds batches while the socket is backed up and drops the oldest beyond maxEvents', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 3, highWaterMark: 100, ...clock });
    socket.bufferedAmount = 1_000;
    for (let i = 1; i <= 5; i++) channel.push(marker(`m${i}`));
    clock.advance(100);
    expect(sent).toHaveLength(0);
    socket.bufferedAmount = 0;
    clock.advance(100);
    const batches = eventBatches(sent);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(batches[0]?.dropped).toBe(2);
    expect(channel.stats.dropped).toBe(2);
  });

  it('sends queued events before a control message', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 10, ...clock });
    channel.push(marker('before'));
    channel.send({ type: 'limit', what: 'maxConnections', message: 'too many' });
    expect(sent.map((m) => m.type)).toEqual(['events', 'limit']);
  });

  it('splits a large backlog into bounded batches', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 100, maxBatch: 4, ...clock });
    for (let i = 0; i < 10; i++) channel.push(marker(`m${i}`));
    clock.advance(1_000);
    expect(eventBatches(sent).map((b) => b.events.length)).toEqual([4, 4, 2]);
  });

  it('closes a batch once it reaches maxBatchChars', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 100, maxBatchChars: 250, ...clock });
    for (let i = 0; i < 6; i++) channel.push(marker('x'.repeat(100)));
    clock.advance(1_000);
    const sizes = eventBatches(sent).map((b) => b.events.length);
    expect(sizes.every((n) => n <= 3)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('sends an event larger than maxBatchChars on its own', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 100, maxBatchChars: 10, ...clock });
    channel.push(marker('a label longer than ten characters'));
    clock.advance(0);
    expect(eventBatches(sent)[0]?.events).toHaveLength(1);
  });

  it('sends nothing and schedules nothing after close', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxEvents: 10, ...clock });
    channel.push(marker('queued'));
    channel.close();
    channel.push(marker('late'));
    clock.advance(100);
    expect(sent).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });
});
