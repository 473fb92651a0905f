import { describe, expect, it } from 'vitest';
import { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { schedule } from '../sequence/motion';
import { type ClockFrames, IDLE_HOLD_MS, PlaybackClock, travelMsFor } from './clock';

function marker(seq: number, t: number): WireEvent {
  return { kind: 'marker', seq, t, conn: '-', hop: 'browser-edge', dir: 'up', label: `m${seq}` };
}

function open(seq: number, t: number, hop: WireEvent['hop'] = 'browser-edge'): WireEvent {
  return { kind: 'conn-open', seq, t, conn: 'c1', hop, dir: 'up' };
}

/** Frames driven by the test: run() calls the pending callback with a chosen timestamp. */
function manualFrames(): ClockFrames & { run(now: number): void; pending(): boolean } {
  let cb: ((now: number) => void) | null = null;
  return {
    request(callback) {
      cb = callback;
      return 1;
    },
    cancel() {
      cb = null;
    },
    run(now) {
      const f = cb;
      cb = null;
      f?.(now);
    },
    pending: () => cb !== null,
  };
}

function setup(events: WireEvent[]) {
  const log = new EventLog();
  log.append(events);
  const frames = manualFrames();
  const clock = new PlaybackClock(log, frames);
  const detach = clock.attach();
  return { log, frames, clock, detach };
}

describe('PlaybackClock', () => {
  it('keeps a paused cursor on the same event when the log releases its oldest', () => {
    const log = new EventLog({ maxKept: 6, keepAfterTrim: 4 });
    log.append([1, 2, 3, 4, 5].map((n) => marker(n, n * 10)));
    const clock = new PlaybackClock(log, manualFrames());
    const detach = clock.attach();
    clock.seek(4); // seq 5
    log.append([marker(6, 60), marker(7, 70)]); // 7 > 6: keeps seq 4-7, indexes restart
    expect(log.released).toBe(3);
    expect(clock.getSnapshot().index).toBe(1);
    expect(log.at(clock.getSnapshot().index)?.seq).toBe(5);
    expect(clock.schedule().travels.every((tr) => tr.index < log.length)).toBe(true);
    detach();
  });

  it('starts live on the newest event and follows the log at 1×', () => {
    const { log, clock } = setup([marker(1, 0), marker(2, 5)]);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'live', t: 5, index: 1 });
    log.append([marker(3, 9)]);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'live', t: 9, index: 2 });
  });

  it('plays from the start at the chosen speed, scaled real time, and is live again at the end', () => {
    const { clock, frames } = setup([open(1, 10), open(2, 20), open(3, 30)]);
    clock.setSpeed(0.1);
    clock.play();
    const start = clock.getSnapshot().t;
    expect(start).toBeLessThan(10);
    frames.run(1000);
    frames.run(1050); // 50 ms real = 5 ms wire at 1/10
    expect(clock.getSnapshot().t).toBeCloseTo(start + 5, 6);
    expect(clock.getSnapshot().mode).toBe('playing');
    for (let now = 1100; frames.pending(); now += 50) frames.run(now);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'live', index: 2 });
  });

  it('derives the cursor index from time: the last event with t <= clock', () => {
    const { clock } = setup([marker(1, 0), marker(2, 10), marker(3, 20)]);
    clock.seekTime(15);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'paused', index: 1, pinned: false });
    clock.seekTime(20);
    expect(clock.getSnapshot().index).toBe(2);
  });

  it('steps between diagram events and pins the index (events sharing a time stay apart)', () => {
    const { clock } = setup([marker(1, 0), marker(2, 10), marker(3, 10)]);
    clock.seek(0);
    clock.seek(clock.stepTarget(1));
    expect(clock.getSnapshot()).toMatchObject({ index: 1, pinned: true, t: 10 });
    clock.seek(clock.stepTarget(1));
    expect(clock.getSnapshot()).toMatchObject({ index: 2, pinned: true, t: 10 });
    clock.seek(clock.stepTarget(-1));
    expect(clock.getSnapshot().index).toBe(1);
    clock.seek(-1);
    expect(clock.getSnapshot().index).toBe(-1);
  });

  it('skips long idle stretches, leaving a short wait, and says how much it skipped', () => {
    const { clock, frames } = setup([marker(1, 0), marker(2, 60_000)]);
    clock.seekTime(0);
    clock.play();
    frames.run(0);
    const s = clock.getSnapshot();
    expect(s.skippedMs).toBeGreaterThan(59_000);
    expect(60_000 - s.t).toBeCloseTo(IDLE_HOLD_MS, 6);
    frames.run(16); // the readout keeps naming the skip until the next event
    expect(clock.getSnapshot().skippedMs).toBe(s.skippedMs);
  });

  it('live and slower than real time: plays new events through, then is live again', () => {
    const { log, clock, frames } = setup([marker(1, 0)]);
    clock.setSpeed(0.01);
    log.append([open(2, 100)]);
    expect(clock.getSnapshot().mode).toBe('playing');
    expect(clock.getSnapshot().index).toBe(0);
    for (let now = 0; frames.pending() && now < 60_000; now += 16) frames.run(now);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'live', index: 1 });
  });

  it('the coarse snapshot changes only with the index, not with every frame', () => {
    const { clock, frames } = setup([open(1, 0), open(2, 50)]);
    clock.setSpeed(0.1);
    clock.seekTime(10);
    clock.play();
    const coarse = clock.getCoarse();
    frames.run(0);
    frames.run(16);
    frames.run(32);
    expect(clock.getSnapshot().t).toBeGreaterThan(10);
    expect(clock.getCoarse()).toBe(coarse);
  });

  it('pause holds the position; goLive returns to the newest', () => {
    const { clock, frames } = setup([open(1, 0), open(2, 50)]);
    clock.setSpeed(0.1);
    clock.seekTime(10);
    clock.play();
    frames.run(0);
    frames.run(16);
    clock.pause();
    const t = clock.getSnapshot().t;
    expect(frames.pending()).toBe(false);
    expect(clock.getSnapshot()).toMatchObject({ mode: 'paused', t });
    clock.goLive();
    expect(clock.getSnapshot()).toMatchObject({ mode: 'live', t: 50, index: 1 });
  });

  it('extends its schedule as the log grows: equal to scheduling the whole log, per speed', () => {
    const { log, clock } = setup([open(1, 0), open(2, 1, 'edge-node')]);
    const first = clock.schedule();
    for (let seq = 3; seq < 40; seq += 3) {
      log.append([
        open(seq, seq * 2),
        open(seq + 1, seq * 2, 'edge-node'),
        marker(seq + 2, seq * 2),
      ]);
      const { speed, reducedMotion } = clock.getSnapshot();
      expect(clock.schedule()).toEqual(
        schedule(log.all(), { travelMs: travelMsFor(speed), reducedMotion }),
      );
      if (seq === 21) clock.setSpeed(0.1);
    }
    // Built again only for a new speed.
    expect(clock.schedule()).not.toBe(first);
    clock.setReducedMotion(true);
    expect(clock.schedule()).toEqual(schedule(log.all(), { travelMs: 25, reducedMotion: true }));
  });
});
