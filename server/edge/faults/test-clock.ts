/** Unit-test helper: a manual clock + scheduler, so fault timing is tested without sleeping. */
import type { Schedule } from './fault-report';

export class TestClock {
  private t = 0;
  private timers: { at: number; id: number; callback: () => void }[] = [];
  private nextId = 0;

  now = (): number => this.t;

  schedule: Schedule = (callback, ms) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms), id, callback });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  /** Moves time forward, running each due timer at its own time, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (next === undefined || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.callback();
    }
    this.t = end;
  }

  get pending(): number {
    return this.timers.length;
  }
}
