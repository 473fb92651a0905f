import { describe, expect, it } from 'vitest';
import type { TapRecord } from '../lib/capture/records';
import type { ServerMessage } from '../lib/mirror/protocol';
import { TapStreamReader } from '../lib/mirror/tap-stream';
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

type Sent = { type: 'batch'; records: TapRecord[]; dropped: number; bytes: number } | ServerMessage;

/** A socket that reads what it is sent the way the page does: binary batches through the reader. */
function fakeSocket() {
  const sent: Sent[] = [];
  const reader = new TapStreamReader();
  const socket: MirrorSocket & { bufferedAmount: number; readyState: number } = {
    bufferedAmount: 0,
    readyState: 1,
    send: (data: string | Uint8Array) => {
      if (typeof data === 'string') sent.push(JSON.parse(data) as ServerMessage);
      else sent.push({ type: 'batch', ...reader.decode(data), bytes: data.length });
    },
  };
  return { socket, sent };
}

function marker(label: string): TapRecord {
  return {
    kind: 'event',
    event: { kind: 'marker', label, t: 0, conn: '-', hop: 'browser-edge', dir: 'up' },
  };
}

function labels(batch: Sent | undefined): string[] {
  if (batch?.type !== 'batch') return [];
  return batch.records.map((r) =>
    r.kind === 'event' && r.event.kind === 'marker' ? r.event.label : '?',
  );
}

function batchesOf(sent: Sent[]) {
  return sent.filter((m): m is Extract<Sent, { type: 'batch' }> => m.type === 'batch');
}

describe('MirrorChannel', () => {
  it('counts the records pushed', () => {
    const clock = manualClock();
    const { socket } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 100, ...clock });
    channel.push(marker('a'));
    channel.push(marker('b'));
    expect(channel.stats.seq).toBe(2);
  });

  it('sends events pushed in the same tick as one batch', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 100, ...clock });
    for (let i = 0; i < 10; i++) channel.push(marker(`m${i}`));
    expect(sent).toHaveLength(0);
    clock.advance(0);
    const batches = batchesOf(sent);
    expect(batches).toHaveLength(1);
    expect(labels(batches[0])).toEqual([
      'm0',
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
      'm8',
      'm9',
    ]);
  });

  it('sends up to burst batches back to back after a quiet period', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxRecords: 100,
      flushIntervalMs: 16,
      burst: 3,
      ...clock,
    });
    for (let i = 0; i < 4; i++) {
      channel.push(marker(`m${i}`));
      clock.advance(0);
    }
    expect(batchesOf(sent)).toHaveLength(3);
    clock.advance(16);
    expect(batchesOf(sent)).toHaveLength(4);
  });

  it('paces sustained traffic at one batch per flush interval', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxRecords: 1_000,
      flushIntervalMs: 10,
      burst: 2,
      ...clock,
    });
    for (let ms = 0; ms < 200; ms++) {
      channel.push(marker(`m${ms}`));
      clock.advance(1);
    }
    const batches = batchesOf(sent).length;
    expect(batches).toBeGreaterThanOrEqual(20);
    expect(batches).toBeLessThanOrEqual(22);
    expect(batchesOf(sent).flatMap((b) => b.records).length).toBe(200 - channel.stats.queued);
  });

  it('waits for the flush interval before sending the next batch', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxRecords: 100,
      flushIntervalMs: 16,
      burst: 1,
      ...clock,
    });
    channel.push(marker('first'));
    clock.advance(0);
    clock.advance(1);
    channel.push(marker('second'));
    clock.advance(10);
    expect(batchesOf(sent)).toHaveLength(1);
    clock.advance(5);
    expect(batchesOf(sent)).toHaveLength(2);
  });

  it('holds batches while the socket is backed up and drops the oldest beyond maxRecords', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 3, highWaterBytes: 100, ...clock });
    socket.bufferedAmount = 1_000;
    for (let i = 1; i <= 5; i++) channel.push(marker(`m${i}`));
    clock.advance(100);
    expect(sent).toHaveLength(0);
    socket.bufferedAmount = 0;
    clock.advance(100);
    const batches = batchesOf(sent);
    expect(batches).toHaveLength(1);
    expect(labels(batches[0])).toEqual(['m3', 'm4', 'm5']);
    expect(batches[0]?.dropped).toBe(2);
    expect(channel.stats.dropped).toBe(2);
  });

  it('sends queued events before a control message', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 10, ...clock });
    channel.push(marker('before'));
    channel.send({ type: 'limit', what: 'maxConnections', message: 'too many' });
    expect(sent.map((m) => m.type)).toEqual(['batch', 'limit']);
  });

  it('closes a batch once it reaches maxBatchBytes', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 100, maxBatchBytes: 250, ...clock });
    for (let i = 0; i < 6; i++) channel.push(bytes('c1', 'browser-edge', 'up', 100, i));
    clock.advance(1_000);
    const sizes = batchesOf(sent).map((b) => b.records.length);
    expect(sizes.every((n) => n <= 3)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('sends a record larger than maxBatchBytes on its own', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 100, maxBatchBytes: 10, ...clock });
    channel.push(bytes('c1', 'browser-edge', 'up', 1_000, 1));
    clock.advance(0);
    expect(batchesOf(sent)[0]?.records).toHaveLength(1);
  });

  it('carries bytes forwarded unchanged once: the other hop refers to them', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 100, ...clock });
    const chunk = bytes('c1', 'browser-edge', 'up', 16 * 1024, 7);
    channel.push(chunk);
    channel.push({ ...chunk, hop: 'edge-node', t: 1 } as TapRecord);
    clock.advance(0);
    const [batch] = batchesOf(sent);
    expect(batch?.records).toHaveLength(2);
    expect(batch?.bytes).toBeLessThan(16 * 1024 + 100);
    const [a, b] = batch?.records ?? [];
    expect(a?.kind === 'bytes' && b?.kind === 'bytes' && b.hop === 'edge-node').toBe(true);
    if (a?.kind === 'bytes' && b?.kind === 'bytes') expect(b.data).toEqual(a.data);
  });

  it('is congested above the high-water mark and calls onDrain once it is below the low one', () => {
    const clock = manualClock();
    const { socket } = fakeSocket();
    const channel = new MirrorChannel(socket, {
      maxRecords: 1_000,
      highWaterBytes: 1_000,
      lowWaterBytes: 100,
      ...clock,
    });
    socket.bufferedAmount = 5_000;
    channel.push(bytes('c1', 'browser-edge', 'up', 500, 1));
    expect(channel.congested).toBe(true);
    let drained = 0;
    channel.onDrain(() => drained++);
    clock.advance(100);
    expect(drained).toBe(0);
    socket.bufferedAmount = 0;
    clock.advance(100);
    expect(drained).toBe(1);
    expect(channel.congested).toBe(false);
  });

  it('is congested once half the record cap is queued, before anything would be dropped', () => {
    const clock = manualClock();
    const { socket } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 10, ...clock });
    // Nothing is flushed: the clock does not move.
    for (let i = 0; i < 5; i++) channel.push(marker(`m${i}`));
    expect(channel.congested).toBe(false);
    channel.push(marker('m5'));
    expect(channel.congested).toBe(true);
    expect(channel.stats.dropped).toBe(0);
  });

  it('releases paused sources when it closes', () => {
    const clock = manualClock();
    const { socket } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 10, highWaterBytes: 10, ...clock });
    socket.bufferedAmount = 1_000;
    channel.push(marker('x'));
    let drained = 0;
    channel.onDrain(() => drained++);
    channel.close();
    expect(drained).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('sends nothing and schedules nothing after close', () => {
    const clock = manualClock();
    const { socket, sent } = fakeSocket();
    const channel = new MirrorChannel(socket, { maxRecords: 10, ...clock });
    channel.push(marker('queued'));
    channel.close();
    channel.push(marker('late'));
    clock.advance(100);
    expect(sent).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });
});

function bytes(
  conn: string,
  hop: 'browser-edge' | 'edge-node',
  dir: 'up' | 'down',
  n: number,
  fill: number,
): TapRecord {
  return { kind: 'bytes', t: 0, conn, hop, dir, data: new Uint8Array(n).fill(fill) };
}
