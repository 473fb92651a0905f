import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageStream } from './message-stream';
import { Producer, padded } from './producer';
import { TimerSet } from './timer-set';

afterEach(() => {
  vi.useRealTimers();
});

describe('padded', () => {
  it('fills the JSON message {id,data,at} to the asked size', () => {
    for (const size of [60, 100, 1000, 65_536]) {
      const id = 12_345;
      const data = padded(7, id, size);
      expect(Buffer.byteLength(JSON.stringify({ id, data, at: Date.now() }))).toBe(size);
    }
  });

  it('sends an empty pad below the envelope size', () => {
    expect(padded(1, 1, 1).pad).toBe('');
  });
});

describe('Producer', () => {
  it('publishes rate messages per second and stops cleanly', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const stream = new MessageStream();
    const timers = new TimerSet();
    const producer = new Producer(stream, timers);
    producer.start(50, 100);
    vi.advanceTimersByTime(2_000);
    expect(stream.lastId).toBeGreaterThanOrEqual(100);
    expect(stream.lastId).toBeLessThanOrEqual(101);
    expect(producer.stop()).toMatchObject({ running: false, rate: 50, size: 100 });
    expect(timers.size).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(stream.lastId).toBeLessThanOrEqual(101);
  });
});
