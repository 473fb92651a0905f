import { describe, expect, it } from 'vitest';
import { INITIAL_RTO_MS } from '../../../lib/faults/stream-timing';
import { streamRandom } from '../../../lib/scenario/prng';
import type { FaultInfo } from '../tap';
import { TestClock } from './test-clock';
import { HIGH_WATER, LOW_WATER, NO_TIMING, type TimingParams, TimingStage } from './timing-stage';

function setup(seed = 1) {
  const clock = new TestClock();
  const out: { at: number; id: number }[] = [];
  const faults: { fault: string; info: FaultInfo }[] = [];
  const pressure: boolean[] = [];
  const streams = new Map<string, () => number>();
  const stage = new TimingStage({
    now: clock.now,
    schedule: clock.schedule,
    deliver: (bytes) => out.push({ at: clock.now(), id: bytes[0] as number }),
    report: (fault, info) => faults.push({ fault, info }),
    random: (fault) => {
      let r = streams.get(fault);
      if (r === undefined) {
        r = streamRandom(seed, `c1/up/${fault}`);
        streams.set(fault, r);
      }
      return r;
    },
    pressure: (high) => pressure.push(high),
  });
  return { clock, out, faults, pressure, stage };
}

const chunk = (id: number, size = 10) => new Uint8Array(size).fill(id);
const params = (p: Partial<TimingParams>): TimingParams => ({ ...NO_TIMING, ...p });

describe('TimingStage', () => {
  it('passes bytes at once without timing faults', () => {
    const { out, stage } = setup();
    stage.push(chunk(1), NO_TIMING);
    expect(out).toEqual([{ at: 0, id: 1 }]);
  });

  it('adds latency with jitter within bounds and keeps order', () => {
    const { clock, out, stage } = setup(7);
    for (let i = 0; i < 50; i++) {
      stage.push(chunk(i), params({ latency: 200, jitter: 50 }));
      clock.advance(5);
    }
    clock.advance(1000);
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    out.forEach((o, i) => {
      const delay = o.at - i * 5;
      expect(delay).toBeGreaterThanOrEqual(150 - 1);
      expect(delay).toBeLessThanOrEqual(250 + 5 + 1); // + waiting behind a later-jittered one
    });
  });

  it('models loss as retransmission stalls: RTO from 200 ms, doubling, head-of-line blocking', () => {
    const { clock, out, faults, stage } = setup(3);
    for (let i = 0; i < 100; i++) {
      stage.push(chunk(i), params({ loss: 20 }));
      clock.advance(10);
    }
    clock.advance(60_000);
    // Nothing is lost, order is kept.
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const stalls = faults.filter((f) => f.fault === 'loss');
    expect(stalls.length).toBeGreaterThan(5);
    for (const s of stalls) {
      expect(s.info.delayMs).toBeGreaterThanOrEqual(INITIAL_RTO_MS);
      expect(s.info.detail).toMatch(/retransmitted after 200 ms/);
      expect(s.info.detail).toMatch(/TCP_RTO_MIN in include\/net\/tcp\.h; RFC 6298 §2\.4 says 1 s/);
    }
    expect(stalls.some((s) => /200 ms \+ 400 ms/.test(s.info.detail))).toBe(true);
    // Head-of-line: a chunk behind a stalled one leaves no earlier than it.
    for (let i = 1; i < out.length; i++) {
      expect(out[i]?.at).toBeGreaterThanOrEqual(out[i - 1]?.at ?? 0);
    }
  });

  it('gives the same stalls for the same seed and traffic', () => {
    const times = (seed: number) => {
      const { clock, out, stage } = setup(seed);
      for (let i = 0; i < 60; i++) {
        stage.push(chunk(i, 3000), params({ loss: 10 }));
        clock.advance(20);
      }
      clock.advance(60_000);
      return out.map((o) => o.at);
    };
    expect(times(11)).toEqual(times(11));
    expect(times(11)).not.toEqual(times(12));
  });

  it('caps bandwidth: bytes leave at the link rate', () => {
    const { clock, out, faults, stage } = setup();
    for (let i = 0; i < 10; i++) stage.push(chunk(i, 1000), params({ bandwidth: 10_000 }));
    clock.advance(2000);
    expect(out.map((o) => o.at)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));
    expect(faults.filter((f) => f.fault === 'bandwidth').length).toBeGreaterThan(0);
  });

  it('pauses the source above the high-water mark and resumes below the low one', () => {
    const { clock, pressure, stage } = setup();
    const size = 64 * 1024;
    const n = HIGH_WATER / size + 2; // 6 chunks, one leaves per second
    for (let i = 0; i < n; i++) stage.push(chunk(i, size), params({ bandwidth: size }));
    expect(pressure).toEqual([true]);
    clock.advance(1000 * (n - 1)); // one chunk (= LOW_WATER) still waits
    expect(LOW_WATER).toBe(size);
    expect(pressure).toEqual([true]);
    clock.advance(1000);
    expect(pressure).toEqual([true, false]);
  });

  it('keeps order when faults are switched off while bytes wait', () => {
    const { clock, out, stage } = setup();
    stage.push(chunk(1), params({ latency: 300 }));
    stage.push(chunk(2), NO_TIMING);
    expect(out).toEqual([]);
    let drained = false;
    stage.whenDrained(() => {
      drained = true;
    });
    clock.advance(300);
    expect(out.map((o) => o.id)).toEqual([1, 2]);
    expect(drained).toBe(true);
  });

  it('destroy drops waiting bytes and timers', () => {
    const { clock, out, stage } = setup();
    stage.push(chunk(1), params({ latency: 100 }));
    stage.destroy();
    clock.advance(1000);
    expect(out).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
