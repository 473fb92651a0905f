/**
 * One direction of a proxied connection: chunks go through a chain of stages, then to the sink.
 *
 * A stage may emit a chunk now, later (timers), split it, or drop it; `flush` lets it drain held
 * chunks before the direction ends (the FIN waits behind them); `destroy` releases its timers when
 * the connection dies. The edge uses one stage per direction, server/edge/faults' DirectionFaults,
 * which reads the session's scenario on every chunk so faults apply live.
 */
import type { Dir } from '../../lib/mirror/types';
import type { Random } from '../../lib/scenario/prng';

export type Emit = (chunk: Uint8Array) => void;

export interface StageContext {
  readonly conn: string;
  readonly dir: Dir;
  /** Seeded per connection and direction. */
  readonly random: Random;
  /** Asks the edge to reset the whole connection (both hops), e.g. a reset fault. */
  readonly reset: (reason: string) => void;
}

export interface Stage {
  readonly name: string;
  push(chunk: Uint8Array, emit: Emit): void;
  /** Input ended: call done once every chunk the stage still holds was emitted or dropped. */
  flush?(emit: Emit, done: () => void): void;
  destroy?(): void;
}

export type StageFactory = (ctx: StageContext) => Stage;

export const passThrough: StageFactory = () => ({
  name: 'pass-through',
  push: (chunk, emit) => emit(chunk),
});

export class Pipeline {
  private readonly emits: Emit[];
  private ended = false;
  private destroyed = false;

  constructor(
    private readonly stages: readonly Stage[],
    sink: Emit,
  ) {
    // emits[i] feeds stage i; the last one feeds the sink. Nothing flows after destroy().
    this.emits = new Array<Emit>(stages.length + 1);
    this.emits[stages.length] = (chunk) => {
      if (!this.destroyed) sink(chunk);
    };
    for (let i = stages.length - 1; i >= 0; i--) {
      const stage = stages[i] as Stage;
      const next = this.emits[i + 1] as Emit;
      this.emits[i] = (chunk) => {
        if (!this.destroyed) stage.push(chunk, next);
      };
    }
  }

  static of(factories: readonly StageFactory[], ctx: StageContext, sink: Emit): Pipeline {
    return new Pipeline(
      factories.map((f) => f(ctx)),
      sink,
    );
  }

  /** Still accepting chunks (not ended, not destroyed). */
  get open(): boolean {
    return !this.ended && !this.destroyed;
  }

  write(chunk: Uint8Array): void {
    if (this.ended || this.destroyed || chunk.length === 0) return;
    (this.emits[0] as Emit)(chunk);
  }

  /** Flushes every stage in order, then calls done (not called if destroyed meanwhile). */
  end(done: () => void): void {
    if (this.ended || this.destroyed) return;
    this.ended = true;
    const flushFrom = (i: number): void => {
      if (this.destroyed) return;
      const stage = this.stages[i];
      if (stage === undefined) {
        done();
        return;
      }
      const next = this.emits[i + 1] as Emit;
      if (stage.flush === undefined) flushFrom(i + 1);
      else stage.flush(next, () => flushFrom(i + 1));
    };
    flushFrom(0);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const stage of this.stages) stage.destroy?.();
  }
}
