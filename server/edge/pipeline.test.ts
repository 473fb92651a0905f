import { describe, expect, it } from 'vitest';
import { streamRandom } from '../../lib/scenario/prng';
import { type Emit, Pipeline, passThrough, type Stage, type StageContext } from './pipeline';

const ctx: StageContext = {
  conn: 'c1',
  dir: 'up',
  random: streamRandom(1, 'c1/up/test'),
  reset: () => {},
};
const bytes = (...values: number[]) => Uint8Array.from(values);

/** A stage that holds every chunk until flush, like a latency stage would. */
function holding(): Stage & { release(): void } {
  const held: [Uint8Array, Emit][] = [];
  const release = () => {
    for (const [chunk, emit] of held.splice(0)) emit(chunk);
  };
  return {
    name: 'holding',
    push: (chunk, emit) => held.push([chunk, emit]),
    release,
    flush(_emit, done) {
      release();
      done();
    },
  };
}

describe('Pipeline', () => {
  it('passes chunks through unchanged with a pass-through stage', () => {
    const out: Uint8Array[] = [];
    const pipeline = Pipeline.of([passThrough, passThrough], ctx, (c) => out.push(c));
    pipeline.write(bytes(1, 2, 3));
    pipeline.write(bytes(4));
    expect(out).toEqual([bytes(1, 2, 3), bytes(4)]);
  });

  it('lets a stage split a chunk', () => {
    const out: Uint8Array[] = [];
    const split: Stage = {
      name: 'split',
      push: (chunk, emit) => {
        for (const b of chunk) emit(Uint8Array.of(b));
      },
    };
    new Pipeline([split], (c) => out.push(c)).write(bytes(7, 8, 9));
    expect(out).toEqual([bytes(7), bytes(8), bytes(9)]);
  });

  it('waits for held chunks before calling done on end', () => {
    const out: Uint8Array[] = [];
    const stage = holding();
    const pipeline = new Pipeline([stage], (c) => out.push(c));
    pipeline.write(bytes(1));
    expect(out).toHaveLength(0);
    let done = false;
    pipeline.end(() => {
      done = true;
    });
    expect(out).toEqual([bytes(1)]);
    expect(done).toBe(true);
  });

  it('emits nothing after destroy, even from a stage holding chunks', () => {
    const out: Uint8Array[] = [];
    const stage = holding();
    let destroyed = false;
    stage.destroy = () => {
      destroyed = true;
    };
    const pipeline = new Pipeline([stage, passThrough(ctx)], (c) => out.push(c));
    pipeline.write(bytes(1));
    pipeline.destroy();
    stage.release();
    pipeline.write(bytes(2));
    expect(out).toHaveLength(0);
    expect(destroyed).toBe(true);
  });
});
