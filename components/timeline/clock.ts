/**
 * The playback clock: one position in wire time (ms, the clock of `WireEvent.t`) that play, pause,
 * step, scrub and Live all move. A small store outside React (subscribe / getSnapshot, read with
 * `useSyncExternalStore`): the rAF loop changes `t` at 60 Hz, but `getCoarse()` changes only when
 * the mode, the speed or the cursor's log index does, so lesson panels re-render per event, not per
 * frame; only the diagram's motion layer reads the fine-grained time.
 *
 * Modes: `live` follows the newest event (at 1× the clock sits on it; slower, new events are played
 * through in slow motion and the clock is live again once it has caught up); `playing` advances `t`
 * by real time × speed and turns `live` on reaching the end; `paused` holds. An idle stretch longer
 * than `IDLE_HOLD_MS` of real time is skipped (the readout says how much wire time was skipped).
 */
import type { WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from '../sequence/event-label';
import type { Schedule } from '../sequence/motion';
import { ScheduleBuilder } from '../sequence/schedule-builder';

export type Speed = 1 | 0.1 | 0.01;
export const SPEEDS: readonly { value: Speed; label: string }[] = [
  { value: 1, label: '1×' },
  { value: 0.1, label: '1/10' },
  { value: 0.01, label: '1/100' },
];

/** A drawn travel lasts about a quarter second of real time at every speed. */
export function travelMsFor(speed: Speed): number {
  return 250 * speed;
}

/** Longest stretch of real time the clock waits with nothing to show before jumping ahead. */
export const IDLE_HOLD_MS = 600;
/** A frame after a long pause (tab in the background) advances at most this much real time. */
const MAX_FRAME_MS = 100;

export type Mode = 'live' | 'playing' | 'paused';

export interface ClockSnapshot {
  mode: Mode;
  speed: Speed;
  /** Position in wire time. While live: the newest event's time. */
  t: number;
  /** Log index of the cursor: the last event with t <= clock, or the event stepped to. -1 = before all. */
  index: number;
  /** The position was chosen by event (step, seek by index): the diagram draws it discretely. */
  pinned: boolean;
  /** Wire time jumped over by the last idle skip (0 once the next event is reached). */
  skippedMs: number;
  reducedMotion: boolean;
}

export type ClockCoarse = Pick<
  ClockSnapshot,
  'mode' | 'speed' | 'index' | 'pinned' | 'reducedMotion'
>;

/** What the clock reads from the event log (EventLog has all of it). */
export interface ClockLog {
  readonly length: number;
  /** Events released from the front (EventLog.trim): indexes then start again at 0. */
  readonly released?: number;
  all(): readonly WireEvent[];
  indexAtOrBefore(t: number): number;
  subscribe(listener: () => void): () => void;
}

export interface ClockFrames {
  request(callback: (now: number) => void): number;
  cancel(id: number): void;
}

const browserFrames: ClockFrames = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

export class PlaybackClock {
  private state: ClockSnapshot;
  private coarse: ClockCoarse;
  private readonly listeners = new Set<() => void>();
  private frameId: number | null = null;
  private lastNow: number | null = null;
  /** The motion schedule at the current speed, extended as the log grows (each event once). */
  private sched: { speed: Speed; reduced: boolean; released: number; b: ScheduleBuilder } | null =
    null;
  /** log.released when the clock last looked: a change moves the cursor's index with the log. */
  private released = 0;

  constructor(
    private readonly log: ClockLog,
    private readonly frames: ClockFrames = browserFrames,
    initialSpeed: Speed = 1,
  ) {
    this.state = {
      mode: 'live',
      speed: initialSpeed,
      t: this.lastT(),
      index: log.length - 1,
      pinned: false,
      skippedMs: 0,
      reducedMotion: false,
    };
    this.coarse = this.coarseOf(this.state);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): ClockSnapshot => this.state;

  /** Changes only when mode, speed, index, pinned or reduced motion change. */
  getCoarse = (): ClockCoarse => this.coarse;

  /** Follows the log: call once, returns the unsubscribe (stops the frame loop too). */
  attach(): () => void {
    const off = this.log.subscribe(() => this.onGrow());
    this.onGrow();
    return () => {
      off();
      this.stopFrames();
    };
  }

  /**
   * The motion schedule of the log at the current speed: built once per speed (and reduced-motion
   * setting), then extended by the events appended since the last call, never rebuilt per batch.
   * The same object until the speed changes, updated in place: read it, do not keep its arrays.
   */
  schedule(): Schedule {
    const { speed, reducedMotion } = this.state;
    let c = this.sched;
    const released = this.log.released ?? 0;
    if (
      !c ||
      c.speed !== speed ||
      c.reduced !== reducedMotion ||
      c.released !== released ||
      c.b.length > this.log.length
    ) {
      c = {
        speed,
        reduced: reducedMotion,
        released,
        b: new ScheduleBuilder({ travelMs: travelMsFor(speed), reducedMotion }),
      };
      this.sched = c;
    }
    return c.b.extend(this.log.all());
  }

  get travelMs(): number {
    return travelMsFor(this.state.speed);
  }

  /** Time of the first event (the readout's zero), or 0. */
  firstT(): number {
    return this.log.all()[0]?.t ?? 0;
  }

  lastT(): number {
    return this.log.all().at(-1)?.t ?? 0;
  }

  /** Time by which everything has been drawn whole. */
  endT(): number {
    return Math.max(this.lastT(), this.schedule().endT);
  }

  play(): void {
    const { mode, t } = this.state;
    if (mode === 'playing' || this.log.length === 0) return;
    // At the end, play replays the session from its start.
    const from = mode === 'live' || t >= this.endT() ? this.startT() : t;
    this.set({ mode: 'playing', t: from, pinned: false, index: this.indexAt(from) });
    this.startFrames();
  }

  pause(): void {
    const { mode } = this.state;
    if (mode === 'paused') return;
    this.stopFrames();
    // Paused at the newest: everything drawn whole, and Play replays from the start.
    this.set(mode === 'live' ? { mode: 'paused', t: this.endT() } : { mode: 'paused' });
  }

  goLive(): void {
    this.set({ mode: 'live', t: this.lastT(), index: this.log.length - 1, pinned: false });
    this.stopFrames();
  }

  /** Moves to a log index (pauses). -1 = the start, before any event. */
  seek(index: number): WireEvent | undefined {
    const i = Math.max(-1, Math.min(this.log.length - 1, index));
    const event = i >= 0 ? this.log.all()[i] : undefined;
    this.stopFrames();
    this.set({ mode: 'paused', index: i, pinned: true, t: event?.t ?? this.startT() });
    return event;
  }

  /** Moves to a wire time (pauses); the diagram shows what was in flight at that instant. */
  seekTime(t: number): void {
    const clamped = Math.max(this.startT(), Math.min(this.endT(), t));
    this.stopFrames();
    this.set({ mode: 'paused', t: clamped, index: this.indexAt(clamped), pinned: false });
  }

  /** Index of the previous (dir -1) or next (dir 1) diagram event from the cursor; -1 / length-1 at the ends. */
  stepTarget(dir: 1 | -1): number {
    const events = this.log.all();
    let i = this.state.index + dir;
    while (i >= 0 && i < events.length && !isDiagramEvent(events[i] as WireEvent)) i += dir;
    return Math.max(-1, Math.min(events.length - 1, i));
  }

  setSpeed(speed: Speed): void {
    if (speed === this.state.speed) return;
    this.set({ speed });
    if (this.state.mode === 'live') this.onGrow();
  }

  setReducedMotion(reducedMotion: boolean): void {
    if (reducedMotion !== this.state.reducedMotion) this.set({ reducedMotion });
  }

  /** Advances by `realMs` of real time (what a frame does; public for tests). */
  advance(realMs: number): void {
    const { mode, speed } = this.state;
    if (mode === 'paused') return;
    const end = this.endT();
    if (mode === 'live' && (speed === 1 || this.state.t >= end)) {
      this.set({ t: this.lastT(), index: this.log.length - 1, skippedMs: 0 });
      return;
    }
    let t = this.state.t + realMs * speed;
    let skippedMs = 0;
    const next = nextBoundary(this.schedule().boundaries, t, this.log.all(), this.state.index);
    if (next !== undefined && (next - t) / speed > IDLE_HOLD_MS) {
      const to = next - IDLE_HOLD_MS * speed;
      skippedMs = to - t;
      t = to;
    }
    if (t >= end) {
      this.set({
        mode: 'live',
        t: this.lastT(),
        index: this.log.length - 1,
        pinned: false,
        skippedMs,
      });
      return;
    }
    const index = this.indexAt(t);
    // The readout keeps naming a skip until the next event is reached.
    if (skippedMs === 0 && index === this.state.index) skippedMs = this.state.skippedMs;
    this.set({ t, index, pinned: false, skippedMs });
  }

  private startT(): number {
    const s = this.schedule();
    const firstStart = s.travels[0]?.start ?? this.firstT();
    return Math.min(firstStart, this.firstT()) - 1e-6;
  }

  private indexAt(t: number): number {
    return this.log.indexAtOrBefore(t);
  }

  private onGrow(): void {
    const released = this.log.released ?? 0;
    if (released !== this.released) {
      // The log let its oldest events go: the cursor keeps pointing at the same event (or, if
      // that one went too, at the start of what is kept).
      const shift = released - this.released;
      this.released = released;
      if (this.state.mode !== 'live') {
        const index = Math.max(-1, this.state.index - shift);
        this.set({ index, t: Math.max(this.state.t, this.startT()) });
      }
    }
    const { mode, speed, index } = this.state;
    if (mode !== 'live') return;
    // As far as the schedule was last read: before this batch, unless something read it since.
    const drawnUntil = this.sched?.b.schedule.endT ?? this.state.t;
    if (speed === 1) {
      this.set({ t: this.lastT(), index: this.log.length - 1, pinned: false });
      return;
    }
    // Slower than real time: play the new events through in slow motion, from where the clock is
    // (everything before them was drawn whole while live).
    const fresh = this.log.all()[index + 1];
    if (fresh === undefined) return;
    const t = Math.min(Math.max(this.state.t, drawnUntil), fresh.t);
    this.set({ mode: 'playing', t, index: this.indexAt(t), pinned: false });
    this.startFrames();
  }

  private startFrames(): void {
    if (this.frameId !== null) return;
    this.lastNow = null;
    this.frameId = this.frames.request(this.frame);
  }

  private stopFrames(): void {
    if (this.frameId !== null) this.frames.cancel(this.frameId);
    this.frameId = null;
    this.lastNow = null;
  }

  private readonly frame = (now: number): void => {
    this.frameId = null;
    const dt = this.lastNow === null ? 0 : Math.min(MAX_FRAME_MS, now - this.lastNow);
    this.lastNow = now;
    this.advance(dt);
    if (this.state.mode === 'playing') this.frameId = this.frames.request(this.frame);
  };

  private set(patch: Partial<ClockSnapshot>): void {
    const next = { ...this.state, ...patch };
    this.state = next;
    const c = this.coarse;
    if (
      c.mode !== next.mode ||
      c.speed !== next.speed ||
      c.index !== next.index ||
      c.pinned !== next.pinned ||
      c.reducedMotion !== next.reducedMotion
    ) {
      this.coarse = this.coarseOf(next);
    }
    for (const listener of [...this.listeners]) listener();
  }

  private coarseOf(s: ClockSnapshot): ClockCoarse {
    return {
      mode: s.mode,
      speed: s.speed,
      index: s.index,
      pinned: s.pinned,
      reducedMotion: s.reducedMotion,
    };
  }
}

/** The next moment after t at which something is drawn: a travel boundary or an event's own time. */
function nextBoundary(
  boundaries: readonly number[],
  t: number,
  events: readonly WireEvent[],
  index: number,
): number | undefined {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((boundaries[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  const b = boundaries[lo];
  // Markers and faults have no travel: the next event's own time counts too.
  let e: number | undefined;
  for (let i = Math.max(0, index + 1); i < events.length; i++) {
    const ev = events[i] as WireEvent;
    if (ev.t > t) {
      e = ev.t;
      break;
    }
  }
  if (b === undefined) return e;
  if (e === undefined) return b;
  return Math.min(b, e);
}
