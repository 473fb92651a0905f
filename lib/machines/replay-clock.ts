/**
 * A clock for replaying a log: time moves only when the replay says so, and timers fire in due
 * order with `now` set to their due time, so an `after` delay fires at the exact simulated instant
 * (xstate's SimulatedClock sets `now` to the target time before firing, which loses that instant).
 * Implements xstate's `Clock` interface.
 */
/** xstate's `Clock` (not exported from the package index): what `createActor({ clock })` needs. */
export interface Clock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class ReplayClock implements Clock {
  private _now: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
  /** Called with the due time right before a timer fires. */
  onFire?: (due: number) => void;

  constructor(start = 0) {
    this._now = start;
  }

  now(): number {
    return this._now;
  }

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this._now + Math.max(0, timeout), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.timers.delete(id);
  }

  /** Due time of the earliest pending timer, or undefined. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const timer of this.timers.values())
      if (min === undefined || timer.due < min) min = timer.due;
    return min;
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Fires every timer due at or before `t`, in due order (ties: creation order), then sets now = t. */
  advanceTo(t: number): void {
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers.values()) {
        if (timer.due > t) continue;
        if (
          next === undefined ||
          timer.due < next.due ||
          (timer.due === next.due && timer.id < next.id)
        ) {
          next = timer;
        }
      }
      if (next === undefined) break;
      this.timers.delete(next.id);
      this._now = Math.max(this._now, next.due);
      this.onFire?.(next.due);
      next.fn();
    }
    this._now = Math.max(this._now, t);
  }
}
