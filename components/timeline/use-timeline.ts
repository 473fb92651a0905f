'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { PlaybackClock, type Speed } from './clock';

export interface TimelineState {
  /** True while following the newest event (live). */
  following: boolean;
  /** True while the clock advances (playing, or live and catching up in slow motion). */
  playing: boolean;
  speed: Speed;
  /** Index in the log of the cursor event: the last event with t <= clock. -1 = before the first event. */
  index: number;
  /** The cursor event (undefined before the first event or with an empty log). */
  event: WireEvent | undefined;
  /** Everything with seq <= cursorSeq is "in the past" of the cursor. */
  cursorSeq: number;
  /** Time of the cursor: the fold of events with t <= cursorT is the state shown. */
  cursorT: number;
  length: number;
}

export interface Timeline extends TimelineState {
  /** The playback clock (fine-grained time, for the diagram's motion and the readout). */
  clock: PlaybackClock;
  play: () => void;
  pause: () => void;
  goLive: () => void;
  /** Moves to a log index (pauses). -1 = the start, before any event. */
  seek: (index: number) => void;
  /** Moves to a wire time (pauses). */
  seekTime: (t: number) => void;
  stepBack: () => void;
  stepForward: () => void;
  setSpeed: (speed: Speed) => void;
}

const REDUCED = '(prefers-reduced-motion: reduce)';

/**
 * One playback clock over the log: play (scaled by speed), pause, step, scrub and Live. The views show
 * the fold of events up to the cursor. Re-renders when the cursor's index, the mode or the speed
 * change, never per animation frame.
 */
export function useTimeline(
  log: EventLog,
  onStep?: (event: WireEvent | undefined) => void,
  /** The speed a page opens with (lessons whose runs are short bursts open in slow motion). */
  initialSpeed: Speed = 1,
): Timeline {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the initial speed applies once, to a new clock
  const clock = useMemo(() => new PlaybackClock(log, undefined, initialSpeed), [log]);
  useEffect(() => clock.attach(), [clock]);
  useEffect(() => {
    const mq = window.matchMedia?.(REDUCED);
    if (!mq) return;
    const update = () => clock.setReducedMotion(mq.matches);
    update();
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, [clock]);
  const c = useSyncExternalStore(clock.subscribe, clock.getCoarse, clock.getCoarse);
  const length = log.length;
  const index = Math.min(c.index, length - 1);
  const event = index >= 0 ? log.at(index) : undefined;

  return useMemo(() => {
    const seek = (i: number) => onStep?.(clock.seek(i));
    return {
      clock,
      following: c.mode === 'live',
      playing: c.mode !== 'paused',
      speed: c.speed,
      index,
      event,
      cursorSeq: event?.seq ?? 0,
      cursorT: event?.t ?? -1,
      length,
      play: () => clock.play(),
      pause: () => clock.pause(),
      goLive: () => clock.goLive(),
      seek,
      seekTime: (t: number) => clock.seekTime(t),
      stepBack: () => seek(clock.stepTarget(-1)),
      stepForward: () => seek(clock.stepTarget(1)),
      setSpeed: (speed: Speed) => clock.setSpeed(speed),
    };
  }, [clock, c, index, event, length, onStep]);
}
