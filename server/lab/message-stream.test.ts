import { describe, expect, it } from 'vitest';
import { MessageStream } from './message-stream';

describe('MessageStream', () => {
  it('numbers messages from 1 and keeps the JSON every transport sends', () => {
    const stream = new MessageStream(10);
    expect(stream.lastId).toBe(0);
    const entry = stream.publish({ a: 1 });
    expect(entry.message).toEqual({ id: 1, data: { a: 1 }, at: expect.any(Number) });
    expect(JSON.parse(entry.json)).toEqual(entry.message);
    expect(stream.lastId).toBe(1);
  });

  it('returns messages after a cursor, oldest first', () => {
    const stream = new MessageStream(10);
    for (let i = 0; i < 5; i += 1) stream.publish(i);
    const since = stream.since(2);
    expect(since.entries.map((e) => e.message.id)).toEqual([3, 4, 5]);
    expect(since.missed).toBe(0);
    expect(stream.since(5).entries).toEqual([]);
  });

  it('keeps only the last `capacity` messages and counts what a stale cursor missed', () => {
    const stream = new MessageStream(4);
    for (let i = 0; i < 10; i += 1) stream.publish(i);
    expect(stream.oldestId).toBe(7);
    const since = stream.since(2);
    expect(since.entries.map((e) => e.message.id)).toEqual([7, 8, 9, 10]);
    expect(since.missed).toBe(4); // ids 3-6
  });

  it('tells subscribers in order and survives a throwing one', () => {
    const stream = new MessageStream(4);
    const seen: number[] = [];
    stream.subscribe(() => {
      throw new Error('broken');
    });
    const off = stream.subscribe((e) => seen.push(e.message.id));
    stream.publish('a');
    off();
    stream.publish('b');
    expect(seen).toEqual([1]);
    expect(stream.subscribers).toBe(1);
  });
});
