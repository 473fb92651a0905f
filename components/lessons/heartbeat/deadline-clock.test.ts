import { describe, expect, it } from 'vitest';
import { foldEvents, type TimedEvent } from '@/lib/machines/fold';
import { type HeartbeatEvent, heartbeatMachine } from '@/lib/machines/heartbeat';
import { deadlineWitness, overdueByPageClock } from './deadline-clock';

const ev = (
  t: number,
  event: Omit<HeartbeatEvent, 't'>,
  seq: number,
): TimedEvent<HeartbeatEvent> => ({
  t,
  seq,
  event: { ...event, t } as HeartbeatEvent,
});

describe('deadlineWitness', () => {
  // Announced 1000 / 500: the ping at 1000 has its pong due at 1500.
  const events = [
    ev(0, { type: 'OPEN', interval: 1000, timeout: 500 } as Omit<HeartbeatEvent, 't'>, 1),
    ev(1000, { type: 'PING' }, 2),
  ];

  it('says a deadline passed by the page clock when no wire event reached its due time', () => {
    // The page's clock reads 1600, the last event on the wire is the ping at 1000.
    const { transitions } = foldEvents(heartbeatMachine, events, { upToT: 1600 });
    const overdue = transitions.at(-1);
    expect(overdue).toMatchObject({ to: 'connected.pongOverdue', t: 1500, delayed: true });
    expect(deadlineWitness(overdue as never, 1000)).toBe('page-clock');
    expect(overdueByPageClock(transitions, 1000)).toBe(true);
  });

  it('says the wire shows it once an event at or after the due time is in the log', () => {
    const { transitions } = foldEvents(heartbeatMachine, events, { upToT: 1600 });
    expect(deadlineWitness(transitions.at(-1) as never, 1550)).toBe('wire');
    expect(overdueByPageClock(transitions, 1550)).toBe(false);
  });

  it('has nothing to say about transitions caused by wire events', () => {
    const { transitions } = foldEvents(heartbeatMachine, events);
    expect(transitions.map((t) => deadlineWitness(t, 1000))).toEqual([undefined, undefined]);
  });
});
