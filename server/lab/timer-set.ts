/**
 * Every timer a lab node makes goes through one TimerSet, so the node can count them (a session end
 * must leave none) and clear them all at once. Pending timers of all sets are counted as
 * `labTimers` in live-resources.ts.
 */
import { liveAdd, liveRemove } from '../live-resources';

export class TimerSet {
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();

  /** A one-shot timer; forgotten once it fires or is cleared. */
  timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      if (this.timeouts.delete(handle)) liveRemove('labTimers');
      fn();
    }, ms);
    this.timeouts.add(handle);
    liveAdd('labTimers');
    return handle;
  }

  interval(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setInterval(fn, ms);
    this.intervals.add(handle);
    liveAdd('labTimers');
    return handle;
  }

  clear(handle: NodeJS.Timeout | null | undefined): void {
    if (handle === null || handle === undefined) return;
    clearTimeout(handle);
    clearInterval(handle);
    if (this.timeouts.delete(handle) || this.intervals.delete(handle)) liveRemove('labTimers');
  }

  clearAll(): void {
    for (const handle of this.timeouts) clearTimeout(handle);
    for (const handle of this.intervals) clearInterval(handle);
    liveRemove('labTimers', this.size);
    this.timeouts.clear();
    this.intervals.clear();
  }

  /** Timers pending now. */
  get size(): number {
    return this.timeouts.size + this.intervals.size;
  }
}
