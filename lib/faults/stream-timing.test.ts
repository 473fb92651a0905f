import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../scenario/prng';
import { BandwidthCap, INITIAL_RTO_MS, Latency, LossStalls, SEGMENT_BYTES } from './stream-timing';

describe('loss stalls', () => {
  it('add nothing at 0 % loss', () => {
    const loss = new LossStalls(mulberry32(1), 0);
    for (let i = 0; i < 100; i++) expect(loss.schedule(i, 100).added).toBe(0);
  });

  it('give identical stalls for the same seed and traffic', () => {
    const run = () => {
      const loss = new LossStalls(mulberry32(42), 10);
      return Array.from({ length: 200 }, (_, i) => loss.schedule(i * 5, 3000).at);
    };
    expect(run()).toEqual(run());
  });

  it('stall by the RTO and double it when the retransmission is lost too', () => {
    // A Random that loses the first two transmissions of the only segment, then delivers.
    const rolls = [0, 0, 0.99];
    const loss = new LossStalls(() => rolls.shift() ?? 0.99, 50);
    const release = loss.schedule(1000, 10);
    expect(release.retransmits).toEqual([INITIAL_RTO_MS, INITIAL_RTO_MS * 2]);
    expect(release.at).toBe(1000 + INITIAL_RTO_MS * 3);
  });

  it('hold every later chunk behind a stalled one (head-of-line blocking)', () => {
    const rolls = [0, 0.99, 0.99];
    const loss = new LossStalls(() => rolls.shift() ?? 0.99, 50);
    const first = loss.schedule(0, 10);
    const second = loss.schedule(1, 10);
    expect(first.at).toBe(INITIAL_RTO_MS);
    expect(second.at).toBe(INITIAL_RTO_MS);
    expect(second.added).toBe(INITIAL_RTO_MS - 1);
  });

  it('roll once per segment of a large chunk', () => {
    let rolls = 0;
    const loss = new LossStalls(() => {
      rolls++;
      return 0.99;
    }, 1);
    loss.schedule(0, SEGMENT_BYTES * 3 + 1);
    expect(rolls).toBe(4);
  });
});

describe('latency with jitter', () => {
  it('stays within latency ± jitter and never reorders', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer(),
        (latency, jitter, seed) => {
          const l = new Latency(mulberry32(seed), latency, jitter);
          let previous = Number.NEGATIVE_INFINITY;
          for (let now = 0; now < 2000; now += 37) {
            const { at } = l.schedule(now);
            expect(at).toBeGreaterThanOrEqual(previous);
            expect(at).toBeGreaterThanOrEqual(now + Math.max(0, latency - jitter));
            // Holding a chunk behind an earlier one never pushes it past its own upper bound:
            // the earlier one was due by its own (smaller) now + latency + jitter.
            expect(at).toBeLessThanOrEqual(now + latency + jitter);
            previous = at;
          }
        },
      ),
    );
  });

  it('adds exactly the latency without jitter', () => {
    expect(new Latency(mulberry32(1), 120, 0).schedule(10).at).toBe(130);
  });
});

describe('bandwidth cap', () => {
  it('spaces chunks by size over rate', () => {
    const cap = new BandwidthCap(1000);
    expect(cap.schedule(0, 500).at).toBe(500);
    expect(cap.schedule(0, 500).at).toBe(1000);
    expect(cap.schedule(5000, 100).at).toBe(5100);
  });
});
