/**
 * The reconnect machine: what a client does between losing its connection and getting it back.
 *
 *   connected ─DROP─▶ waiting ─after delay[attempt]─▶ attempting ─OK─▶ connected
 *                        ▲                               │
 *                        └──────────FAIL─────────────────┤
 *                                                        └─FAIL [no retries left]─▶ gaveUp
 *
 * The delays are the schedule computed before the outage (backoff.ts). In the lesson the machine
 * drives the learner's real socket.io-client (its `attempt` action calls `socket.connect()`), and
 * OK / FAIL are what the library reported; every attempt is a handshake seen on the wire.
 */
import { assign, setup } from 'xstate';

export interface ReconnectContext {
  /** Waits before attempts 1, 2, … (ms). */
  delays: number[];
  /** Attempts made in this outage. */
  attempt: number;
  /** Outages so far. */
  outages: number;
  /** Why the last attempt failed. */
  lastError: string | null;
}

export type ReconnectEvent =
  | { type: 'OK' }
  | { type: 'DROP'; delays: number[] }
  | { type: 'FAIL'; error: string }
  | { type: 'RESET' };

export const reconnectMachine = setup({
  types: {
    context: {} as ReconnectContext,
    events: {} as ReconnectEvent,
  },
  delays: {
    backoff: ({ context }) => context.delays[context.attempt] ?? 0,
  },
  guards: {
    retriesLeft: ({ context }) => context.attempt < context.delays.length,
  },
  actions: {
    startOutage: assign(({ context, event }) =>
      event.type === 'DROP'
        ? { delays: event.delays, attempt: 0, outages: context.outages + 1, lastError: null }
        : {},
    ),
    countAttempt: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    noteError: assign(({ event }) => (event.type === 'FAIL' ? { lastError: event.error } : {})),
    /** Provided by the page: opens the real connection. */
    attempt: () => {},
  },
}).createMachine({
  id: 'reconnect',
  initial: 'connected',
  context: { delays: [], attempt: 0, outages: 0, lastError: null },
  on: { RESET: { target: '.connected', actions: assign({ attempt: 0, lastError: null }) } },
  states: {
    connected: {
      on: { DROP: { target: 'waiting', actions: 'startOutage' } },
    },
    waiting: {
      always: {
        guard: ({ context }) => context.attempt >= context.delays.length,
        target: 'gaveUp',
      },
      after: { backoff: 'attempting' },
      on: { OK: 'connected' },
    },
    attempting: {
      entry: ['countAttempt', 'attempt'],
      on: {
        OK: 'connected',
        FAIL: [
          { guard: 'retriesLeft', target: 'waiting', actions: 'noteError' },
          { target: 'gaveUp', actions: 'noteError' },
        ],
        DROP: { target: 'waiting', actions: 'noteError' },
      },
    },
    gaveUp: {
      on: { DROP: { target: 'waiting', actions: 'startOutage' } },
    },
  },
});
