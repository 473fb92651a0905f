import { describe, expect, it } from 'vitest';
import { foldEvents, type TimedEvent } from './fold';
import {
  DEADLINE_SKEW_MS,
  type HeartbeatEvent,
  heartbeatMachine,
  PongDeadlineCloses,
} from './heartbeat';

let seq = 0;
function at(t: number, event: Omit<HeartbeatEvent, 't'>): TimedEvent<HeartbeatEvent> {
  return { t, seq: ++seq, event: { ...event, t } as HeartbeatEvent };
}

/** OPEN (1000 / 1000), a ping at 1000 with no pong, the server's close at `closeT`. */
function run(closeT: number) {
  const deadlines = new PongDeadlineCloses();
  const mapped = [
    at(0, { type: 'OPEN', interval: 1000, timeout: 1000 } as Omit<HeartbeatEvent, 't'>),
    at(1000, { type: 'PING' }),
    at(closeT, { type: 'CLOSED', reason: 'websocket transport closed' } as Omit<
      HeartbeatEvent,
      't'
    >),
  ].flatMap((e) => deadlines.push(e));
  return { mapped, fold: foldEvents(heartbeatMachine, mapped) };
}

const path = (transitions: { to: string }[]) => transitions.map((tr) => tr.to);

describe('PongDeadlineCloses: an Engine.IO close at its pong deadline', () => {
  it('a close stamped a few ms before lastPing + pingTimeout passes pongOverdue', () => {
    const { mapped, fold } = run(1997);
    expect(mapped.map((m) => m.event.type)).toEqual(['OPEN', 'PING', 'PONG_TIMEOUT', 'CLOSED']);
    expect(path(fold.transitions)).toEqual([
      'connected.waitingForPing',
      'connected.awaitingPong',
      'connected.pongOverdue',
      'closed',
    ]);
    // The announced timeout stays: an Engine.IO close does not re-measure it.
    expect(fold.snapshot.context).toMatchObject({
      timeout: 1000,
      missed: 1,
      closedOnTimeout: 'pong',
      timeoutCloses: 1,
    });
  });

  it('a close at the deadline itself needs no help: the replay clock fires it first', () => {
    const { mapped, fold } = run(2000);
    expect(mapped.map((m) => m.event.type)).toEqual(['OPEN', 'PING', 'CLOSED']);
    expect(path(fold.transitions)).toContain('connected.pongOverdue');
    expect(fold.snapshot.context.closedOnTimeout).toBe('pong');
  });

  it('a close well before the deadline is an ordinary close', () => {
    const { mapped, fold } = run(2000 - DEADLINE_SKEW_MS - 1);
    expect(mapped.map((m) => m.event.type)).toEqual(['OPEN', 'PING', 'CLOSED']);
    expect(path(fold.transitions)).not.toContain('connected.pongOverdue');
    expect(fold.snapshot.context.closedOnTimeout).toBeUndefined();
  });

  it('a close after the pong came is an ordinary close', () => {
    const deadlines = new PongDeadlineCloses();
    const mapped = [
      at(0, { type: 'OPEN', interval: 1000, timeout: 1000 } as Omit<HeartbeatEvent, 't'>),
      at(1000, { type: 'PING' }),
      at(1010, { type: 'PONG' }),
      at(1995, { type: 'CLOSED', reason: 'x' } as Omit<HeartbeatEvent, 't'>),
    ].flatMap((e) => deadlines.push(e));
    expect(mapped.map((m) => m.event.type)).toEqual(['OPEN', 'PING', 'PONG', 'CLOSED']);
  });
});
