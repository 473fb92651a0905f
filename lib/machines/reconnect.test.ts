import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { seededSchedule } from './backoff';
import { chartOf } from './chart';
import { reconnectMachine } from './reconnect';

function run() {
  const clock = new SimulatedClock();
  const attempts: number[] = [];
  const machine = reconnectMachine.provide({
    actions: { attempt: () => void attempts.push(clock.now()) },
  });
  const actor = createActor(machine, { clock }).start();
  return { clock, attempts, actor };
}

describe('reconnectMachine', () => {
  it('waits each delay of the schedule before attempting', () => {
    const { clock, attempts, actor } = run();
    actor.send({ type: 'DROP', delays: [1000, 2000, 4000] });
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.increment(999);
    expect(attempts).toEqual([]);
    clock.increment(1);
    expect(attempts).toEqual([1000]);
    expect(actor.getSnapshot().value).toBe('attempting');
    actor.send({ type: 'FAIL', error: 'xhr poll error' });
    clock.increment(2000);
    expect(attempts).toEqual([1000, 3000]);
    actor.send({ type: 'OK' });
    expect(actor.getSnapshot().value).toBe('connected');
    expect(actor.getSnapshot().context.attempt).toBe(2);
  });

  it('gives up after the last retry fails', () => {
    const { clock, attempts, actor } = run();
    actor.send({ type: 'DROP', delays: [500, 500] });
    clock.increment(500);
    actor.send({ type: 'FAIL', error: 'refused' });
    clock.increment(500);
    actor.send({ type: 'FAIL', error: 'refused' });
    expect(actor.getSnapshot().value).toBe('gaveUp');
    expect(actor.getSnapshot().context.lastError).toBe('refused');
    clock.increment(60_000);
    expect(attempts).toEqual([500, 1000]);
  });

  it('gives up at once with zero retries', () => {
    const { actor } = run();
    actor.send({ type: 'DROP', delays: [] });
    expect(actor.getSnapshot().value).toBe('gaveUp');
  });

  it('replays a seeded jittered schedule exactly', () => {
    const s = { base: 1000, factor: 2, cap: 5000, jitter: 0.5, retries: 4 };
    const delays = seededSchedule(s, 9, 1).map((p) => p.delay);
    const a = run();
    a.actor.send({ type: 'DROP', delays });
    for (let i = 0; i < 4; i += 1) {
      a.clock.increment(delays[i] ?? 0);
      a.actor.send({ type: 'FAIL', error: 'down' });
    }
    expect(a.attempts).toEqual(seededSchedule(s, 9, 1).map((p) => p.at));
    expect(a.actor.getSnapshot().value).toBe('gaveUp');
  });

  it('draws as a chart with the four states', () => {
    const chart = chartOf(reconnectMachine);
    expect(chart.nodes.map((n) => n.key).sort()).toEqual(
      ['attempting', 'connected', 'gaveUp', 'waiting'].sort(),
    );
  });
});
