import { describe, expect, it } from 'vitest';
import type { MessageFaultRates } from '../../../lib/faults/message-faults';
import { streamRandom } from '../../../lib/scenario/prng';
import type { FaultInfo } from '../tap';
import type { Unit } from './frame-cutter';
import { HOLD_MS, MessageStage } from './message-stage';
import { TestClock } from './test-clock';

const frame = (i: number): Unit => ({
  bytes: Uint8Array.of(0x81, 1, i),
  frame: { opcode: 1, payloadLength: 1 },
});

function run(seed: number, rates: MessageFaultRates, count = 200) {
  const clock = new TestClock();
  const out: number[] = [];
  const faults: { fault: string; info: FaultInfo }[] = [];
  const stage = new MessageStage({
    report: (fault, info) => faults.push({ fault, info }),
    deliver: (u) => out.push(u.bytes[2] as number),
    schedule: clock.schedule,
  });
  const random = streamRandom(seed, 'c1/up/message');
  for (let i = 0; i < count; i++) stage.push(frame(i % 256), rates, random);
  stage.release();
  return { out, faults, stage, clock };
}

const dropped = (r: ReturnType<typeof run>) =>
  Array.from({ length: 200 }, (_, i) => i).filter((i) => !r.out.includes(i % 256));

describe('MessageStage', () => {
  it('drops the same frame indices for the same seed, others for another seed', () => {
    const a = dropped(run(42, { drop: 20, dup: 0, reorder: 0 }));
    const b = dropped(run(42, { drop: 20, dup: 0, reorder: 0 }));
    const c = dropped(run(43, { drop: 20, dup: 0, reorder: 0 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // ~20 % of 200, generous bounds.
    expect(a.length).toBeGreaterThan(15);
    expect(a.length).toBeLessThan(70);
  });

  it('reports every drop with the dropped bytes', () => {
    const r = run(42, { drop: 20, dup: 0, reorder: 0 });
    const drops = r.faults.filter((f) => f.fault === 'drop');
    expect(drops.length).toBe(200 - r.out.length);
    expect(drops[0]?.info.affected?.[0]).toBe(0x81);
    expect(drops[0]?.info.detail).toMatch(/text frame \(1 B payload\) dropped/);
  });

  it('duplicates frames in place and keeps everything else in order', () => {
    const r = run(5, { drop: 0, dup: 30, reorder: 0 });
    expect(r.out.length).toBe(200 + r.faults.filter((f) => f.fault === 'dup').length);
    expect(r.out).toEqual([...r.out].sort((x, y) => x - y).map((x) => x)); // count < 256: sorted
  });

  it('holds a frame until the next one has left', () => {
    const clock = new TestClock();
    const out: number[] = [];
    const stage = new MessageStage({
      report: () => {},
      deliver: (u) => out.push(u.bytes[2] as number),
      schedule: clock.schedule,
    });
    const random = () => 0.5; // rolls: drop 0.5, dup 0.5, reorder 0.5
    const always = { drop: 0, dup: 0, reorder: 100 };
    stage.push(frame(1), always, random);
    expect(out).toEqual([]);
    // Non-frame units (control frames, fragments) pass in place without releasing it.
    stage.push({ bytes: Uint8Array.of(0x89, 0, 0) }, always, random);
    expect(out).toEqual([0]);
    stage.push(frame(2), { drop: 0, dup: 0, reorder: 0 }, random);
    expect(out).toEqual([0, 2, 1]);
  });

  it('releases a held frame after HOLD_MS without a next frame', () => {
    const clock = new TestClock();
    const out: number[] = [];
    const stage = new MessageStage({
      report: () => {},
      deliver: (u) => out.push(u.bytes[2] as number),
      schedule: clock.schedule,
    });
    stage.push(frame(7), { drop: 0, dup: 0, reorder: 100 }, () => 0.5);
    clock.advance(HOLD_MS - 1);
    expect(out).toEqual([]);
    clock.advance(1);
    expect(out).toEqual([7]);
  });

  it('changing a rate keeps the dice stream going (no restart from the seed)', () => {
    const random = streamRandom(1, 'x');
    const reference = streamRandom(1, 'x');
    const stage = new MessageStage({
      report: () => {},
      deliver: () => {},
      schedule: new TestClock().schedule,
    });
    stage.push(frame(1), { drop: 10, dup: 0, reorder: 0 }, random);
    stage.push(frame(2), { drop: 20, dup: 0, reorder: 0 }, random);
    for (let i = 0; i < 6; i++) reference();
    expect(random()).toBe(reference());
  });
});
