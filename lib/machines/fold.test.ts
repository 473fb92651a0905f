import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { chartOf } from './chart';
import { Folder, foldEvents, stateValueToString, type TimedEvent } from './fold';
import { WireScript, WS_PATH } from './test-fixtures';
import {
  type WsConnectionEvent,
  wsConnectionEventsFor,
  wsConnectionMachine,
} from './ws-connection';

/** A heartbeat watchdog: a PONG within 1000 ms keeps it alive, otherwise it times out. */
const watchdog = setup({
  types: { context: {} as { pongs: number }, events: {} as { type: 'START' } | { type: 'PONG' } },
  actions: { countPong: assign({ pongs: ({ context }) => context.pongs + 1 }) },
}).createMachine({
  id: 'watchdog',
  context: { pongs: 0 },
  initial: 'idle',
  states: {
    idle: { on: { START: 'waiting' } },
    waiting: {
      after: { 1000: 'timedOut' },
      on: { PONG: { target: 'waiting', reenter: true, actions: 'countPong' } },
    },
    timedOut: { type: 'final' },
  },
});

type WatchdogEvent = { type: 'START' } | { type: 'PONG' };
function ev(t: number, seq: number, type: WatchdogEvent['type']): TimedEvent<WatchdogEvent> {
  return { t, seq, event: { type } };
}

function cleanSession(): TimedEvent<WsConnectionEvent>[] {
  const s = new WireScript();
  s.connOpen('c1', WS_PATH);
  const req = s.wait(10).wsUpgradeRequest('c1', WS_PATH);
  s.wait(10).wsAccept('c1', req); // t = 20
  s.wait(10).wsText('c1', 'up', 'a').wsText('c1', 'down', 'a'); // t = 30
  s.wait(10).wsClose('c1', 'up', 1000); // t = 40
  s.wait(10).wsClose('c1', 'down', 1000); // t = 50
  s.wait(10).connClose('c1', 'end', 'server'); // t = 60
  return wsConnectionEventsFor(s.events, 'c1');
}

describe('foldEvents', () => {
  it('gives the intermediate state when folding up to a time mid-way', () => {
    const events = cleanSession();
    expect(foldEvents(wsConnectionMachine, events, { upToT: 5 }).snapshot.value).toEqual({
      handshake: 'connecting',
    });
    expect(foldEvents(wsConnectionMachine, events, { upToT: 25 }).snapshot.value).toBe('open');
    expect(foldEvents(wsConnectionMachine, events, { upToT: 45 }).snapshot.value).toEqual({
      closing: 'initiated',
    });
    expect(foldEvents(wsConnectionMachine, events).snapshot.value).toBe('closed');
  });

  it('folds up to a seq', () => {
    const events = cleanSession();
    const third = events[2] as TimedEvent<WsConnectionEvent>;
    const result = foldEvents(wsConnectionMachine, events, { upToSeq: third.seq });
    expect(result.snapshot.value).toBe('open');
    expect(result.applied).toBe(3);
  });

  it('stamps each transition with the seq and t of the event that caused it', () => {
    const events = cleanSession();
    const { transitions } = foldEvents(wsConnectionMachine, events);
    const toOpen = transitions.find((t) => t.to === 'open');
    expect(toOpen).toMatchObject({ t: 20, event: 'HANDSHAKE_RESPONSE', delayed: false });
    expect(toOpen?.seq).toBe(events[2]?.seq);
  });

  it('names the chart edges each transition took', () => {
    const { transitions } = foldEvents(wsConnectionMachine, cleanSession());
    const edgeIds = new Set(chartOf(wsConnectionMachine).edges.map((e) => e.id));
    for (const transition of transitions) {
      expect(transition.edges.length).toBeGreaterThan(0);
      for (const id of transition.edges) expect(edgeIds).toContain(id);
    }
    expect(transitions.find((t) => t.to === 'open')?.edges).toEqual([
      'ws.handshake.requestSent:HANDSHAKE_RESPONSE:0',
    ]);
    expect(transitions.find((t) => t.to === 'failed')).toBeUndefined();
  });

  it('fires an after delay under the replay clock, at its due time, without sleeping', () => {
    const events = [ev(100, 1, 'START'), ev(600, 2, 'PONG'), ev(1500, 3, 'PONG')];
    // PONG at 600 resets the 1000 ms timer (due 1600); PONG at 1500 resets it again (due 2500).
    expect(foldEvents(watchdog, events, { upToT: 2499 }).snapshot.value).toBe('waiting');
    const { snapshot, transitions } = foldEvents(watchdog, events, { upToT: 2500 });
    expect(snapshot.value).toBe('timedOut');
    const last = transitions.at(-1);
    expect(last).toMatchObject({ from: 'waiting', to: 'timedOut', t: 2500, delayed: true, seq: 3 });
    expect(last?.event).toMatch(/^xstate\.after\.1000\./);
  });

  it('fires a delay that fell due between two events before the later event', () => {
    const events = [ev(0, 1, 'START'), ev(5000, 2, 'PONG')];
    const { snapshot, transitions } = foldEvents(watchdog, events);
    expect(snapshot.value).toBe('timedOut');
    expect(snapshot.context.pongs).toBe(0);
    expect(transitions.map((t) => t.t)).toEqual([0, 1000]);
  });

  it('does not fire delays past the last event unless asked to with upToT', () => {
    const events = [ev(0, 1, 'START')];
    expect(foldEvents(watchdog, events).snapshot.value).toBe('waiting');
  });

  it('returns the same result for the same input', () => {
    const events = cleanSession();
    const a = foldEvents(wsConnectionMachine, events);
    const b = foldEvents(wsConnectionMachine, events);
    expect(a.transitions).toEqual(b.transitions);
    expect(a.snapshot.context).toEqual(b.snapshot.context);
  });
});

describe('Folder', () => {
  it('answers at(t) like foldEvents(upToT: t) for every time in the log', () => {
    const events = cleanSession();
    const folder = new Folder(wsConnectionMachine);
    folder.push(events.slice(0, 4));
    folder.push(events.slice(4));
    for (let t = -1; t <= 70; t += 0.5) {
      const expected = foldEvents(wsConnectionMachine, events, { upToT: t }).snapshot;
      const actual = folder.at(t);
      expect(stateValueToString(actual.value)).toBe(stateValueToString(expected.value));
      expect(actual.context).toEqual(expected.context);
    }
    expect(folder.transitions).toEqual(foldEvents(wsConnectionMachine, events).transitions);
    folder.dispose();
  });

  it('answers at(t) past the last event by firing the delays due by then', () => {
    const folder = new Folder(watchdog);
    folder.push([ev(0, 1, 'START'), ev(500, 2, 'PONG')]);
    expect(folder.at(1499).value).toBe('waiting');
    expect(folder.at(1500).value).toBe('timedOut');
    // The live fold is not advanced by the query.
    expect(folder.snapshot.value).toBe('waiting');
    folder.dispose();
  });

  it('answers atSeq and transitionsUpTo', () => {
    const events = cleanSession();
    const folder = new Folder(wsConnectionMachine);
    folder.push(events);
    expect(folder.atSeq(events[2]?.seq ?? 0).value).toBe('open');
    expect(folder.atSeq(0).value).toBe('idle');
    expect(folder.transitionsUpTo(20).map((t) => t.to)).toEqual([
      'handshake.connecting',
      'handshake.requestSent',
      'open',
    ]);
    folder.dispose();
  });

  it('ignores events after the machine reached a final state', () => {
    const events = cleanSession();
    const late: TimedEvent<WsConnectionEvent> = {
      t: 99,
      seq: 999,
      event: { type: 'TCP_OPEN', seq: 999 },
    };
    const result = foldEvents(wsConnectionMachine, [...events, late]);
    expect(result.snapshot.value).toBe('closed');
    expect(result.applied).toBe(events.length);
  });
});

describe('stateValueToString', () => {
  it('writes nested and parallel values as dotted paths', () => {
    expect(stateValueToString('idle')).toBe('idle');
    expect(stateValueToString({ a: { b: 'c' } })).toBe('a.b.c');
    expect(stateValueToString({ p: 'x', q: { r: 's' } })).toBe('p.x,q.r.s');
  });
});
