/**
 * App-level heartbeat of a raw WebSocket, run by the page: the browser answers protocol pings by
 * itself and gives scripts no ping API, so the page learns that a connection is dead only from its
 * own messages. The lab page sends `{"type":"hb","n":k}` every `interval` ms; the server answers
 * `{"type":"hb-ack","n":k}`; an ack missing after `timeout` ms is a missed ack, and after
 * `maxMissed` missed acks in a row the page gives up on the connection (and reconnects).
 *
 *   idle ─OPEN─▶ connected.waiting ─HB_SENT─▶ awaitingAck ─HB_ACK [allAcked]─▶ waiting
 *   awaitingAck ─after ackDeadline [reachesMaxMissed]─▶ dead        the page should close now
 *   awaitingAck ─after ackDeadline─▶ ackOverdue ─HB_SENT─▶ awaitingAck   (one more chance)
 *   ackOverdue ─HB_ACK─▶ waiting                                     a late ack: alive after all
 *   connected ─CLOSED─▶ closed ─RECONNECT─▶ reconnecting ─OPEN─▶ connected   the next connection
 *
 * The deadline runs from the entry into awaitingAck (the oldest outstanding hb); with interval >
 * timeout, as the lab sets them, at most one hb is outstanding at a time.
 */
import { assign, setup } from 'xstate';
import type { Hop, WireEvent } from '@/lib/mirror/types';
import type { TimedEvent } from './fold';
import { WsConnectionSequence } from './heartbeat-mappers';

export interface AppHeartbeatSettings {
  interval: number;
  timeout: number;
  maxMissed: number;
}

export type AppHeartbeatEvent =
  | ({ type: 'OPEN'; t: number } & AppHeartbeatSettings)
  | { type: 'HB_SENT'; t: number; n: number }
  | { type: 'HB_ACK'; t: number; n: number }
  | { type: 'CLOSED'; t: number; reason: string }
  | { type: 'RECONNECT'; t: number };

export interface AppHeartbeatContext extends AppHeartbeatSettings {
  sent: number;
  acked: number;
  /** hb numbers sent and not acked yet, oldest first. */
  outstanding: { n: number; t: number }[];
  /** Acks missed in a row (reset by any ack) and in total. */
  consecutiveMissed: number;
  missed: number;
  /** hb numbers whose ack missed its deadline. */
  missedNs: number[];
  /** Acks that came after their deadline. */
  lateAcks: number;
  /** Acks for an hb never seen. */
  unknownAcks: number;
  /** hb → ack delays in ms (at most 50). */
  rtts: number[];
  cycles: number;
  /** The connection was given up after maxMissed missed acks. */
  gaveUp: boolean;
  closeReason?: string;
}

export const initialAppHeartbeatContext: AppHeartbeatContext = {
  interval: 5000,
  timeout: 2000,
  maxMissed: 2,
  sent: 0,
  acked: 0,
  outstanding: [],
  consecutiveMissed: 0,
  missed: 0,
  missedNs: [],
  lateAcks: 0,
  unknownAcks: 0,
  rtts: [],
  cycles: 0,
  gaveUp: false,
};

const MAX_KEPT = 50;

export const appHeartbeatMachine = setup({
  types: {
    context: {} as AppHeartbeatContext,
    events: {} as AppHeartbeatEvent,
  },
  delays: {
    ackDeadline: ({ context }) => context.timeout,
  },
  guards: {
    allAcked: ({ context, event }) =>
      event.type === 'HB_ACK' && context.outstanding.every((o) => o.n === event.n),
    reachesMaxMissed: ({ context }) => context.consecutiveMissed + 1 >= context.maxMissed,
  },
  actions: {
    configure: assign(({ context, event }) =>
      event.type === 'OPEN'
        ? {
            interval: event.interval,
            timeout: event.timeout,
            maxMissed: event.maxMissed,
            cycles: context.cycles + 1,
            outstanding: [],
            consecutiveMissed: 0,
            gaveUp: false,
          }
        : {},
    ),
    recordSent: assign(({ context, event }) =>
      event.type === 'HB_SENT'
        ? {
            sent: context.sent + 1,
            outstanding: [...context.outstanding, { n: event.n, t: event.t }].slice(-MAX_KEPT),
          }
        : {},
    ),
    recordAck: assign(({ context, event }) => {
      if (event.type !== 'HB_ACK') return {};
      const asked = context.outstanding.find((o) => o.n === event.n);
      const late = context.missedNs.includes(event.n);
      if (asked === undefined && !late) return { unknownAcks: context.unknownAcks + 1 };
      return {
        acked: context.acked + 1,
        outstanding: context.outstanding.filter((o) => o.n !== event.n),
        consecutiveMissed: 0,
        lateAcks: context.lateAcks + (late ? 1 : 0),
        rtts:
          asked === undefined
            ? context.rtts
            : [...context.rtts, event.t - asked.t].slice(-MAX_KEPT),
      };
    }),
    countMissed: assign(({ context }) => {
      const oldest = context.outstanding[0];
      return {
        missed: context.missed + 1,
        consecutiveMissed: context.consecutiveMissed + 1,
        missedNs:
          oldest === undefined
            ? context.missedNs
            : [...context.missedNs, oldest.n].slice(-MAX_KEPT),
        outstanding: context.outstanding.slice(1),
      };
    }),
    giveUp: assign({ gaveUp: true }),
    recordClose: assign(({ event }) =>
      event.type === 'CLOSED' ? { closeReason: event.reason, outstanding: [] } : {},
    ),
  },
}).createMachine({
  id: 'appHeartbeat',
  context: initialAppHeartbeatContext,
  initial: 'idle',
  states: {
    idle: {
      description: 'Waiting for the WebSocket to open.',
      on: { OPEN: { target: 'connected', actions: 'configure' } },
    },
    connected: {
      description: 'Open: the page sends an hb every interval and expects its ack within timeout.',
      initial: 'waiting',
      states: {
        waiting: {
          description: 'Every hb answered; the next one is due within the interval.',
          tags: ['alive'],
          on: {
            HB_SENT: { target: 'awaitingAck', actions: 'recordSent' },
            HB_ACK: { actions: 'recordAck' },
          },
        },
        awaitingAck: {
          description: 'An hb was sent; its hb-ack must arrive within timeout.',
          tags: ['alive'],
          after: {
            ackDeadline: [
              { guard: 'reachesMaxMissed', target: 'dead', actions: ['countMissed', 'giveUp'] },
              { target: 'ackOverdue', actions: 'countMissed' },
            ],
          },
          on: {
            HB_SENT: { actions: 'recordSent' },
            HB_ACK: [
              { guard: 'allAcked', target: 'waiting', actions: 'recordAck' },
              { actions: 'recordAck' },
            ],
          },
        },
        ackOverdue: {
          description: 'An ack missed its deadline; fewer than maxMissed in a row so far.',
          tags: ['overdue'],
          on: {
            HB_SENT: { target: 'awaitingAck', actions: 'recordSent' },
            HB_ACK: { target: 'waiting', actions: 'recordAck' },
          },
        },
        dead: {
          description: 'maxMissed acks missed in a row: the page treats the connection as dead.',
          tags: ['overdue', 'dead'],
          on: {
            HB_SENT: { actions: 'recordSent' },
            HB_ACK: { target: 'waiting', actions: 'recordAck' },
          },
        },
      },
      on: { CLOSED: { target: 'closed', actions: 'recordClose' } },
    },
    closed: {
      description: 'The WebSocket closed.',
      tags: ['closed'],
      on: {
        RECONNECT: { target: 'reconnecting' },
        OPEN: { target: 'connected', actions: 'configure' },
      },
    },
    reconnecting: {
      description: 'The page opened its next WebSocket; waiting for the 101.',
      tags: ['reconnecting'],
      on: {
        OPEN: { target: 'connected', actions: 'configure' },
        CLOSED: { target: 'closed', actions: 'recordClose' },
      },
    },
  },
});

export type AppHeartbeatMachine = typeof appHeartbeatMachine;

/** `{"type":"hb","n":3}` → ['hb', 3]; anything else → undefined. */
export function parseHeartbeatMessage(text: string): ['hb' | 'hb-ack', number] | undefined {
  if (!text.includes('"hb')) return undefined;
  try {
    const value = JSON.parse(text) as { type?: unknown; n?: unknown };
    if ((value.type === 'hb' || value.type === 'hb-ack') && typeof value.n === 'number') {
      return [value.type, value.n];
    }
  } catch {
    // not JSON: not a heartbeat
  }
  return undefined;
}

/** Follows one client's raw WebSocket connections and maps its heartbeat messages. */
export class AppHeartbeatMapper {
  private readonly sequence: WsConnectionSequence;

  constructor(
    private readonly settings: AppHeartbeatSettings,
    readonly hop: Hop = 'browser-edge',
    accepts?: (target: string) => boolean,
  ) {
    this.sequence = new WsConnectionSequence(hop, accepts);
  }

  push(e: WireEvent): TimedEvent<AppHeartbeatEvent>[] {
    const step = this.sequence.step(e);
    const at = (event: AppHeartbeatEvent): TimedEvent<AppHeartbeatEvent>[] => [
      { t: e.t, seq: e.seq, event },
    ];
    if (step === 'reconnect') return at({ type: 'RECONNECT', t: e.t });
    if (step === 'open') return at({ type: 'OPEN', t: e.t, ...this.settings });
    if (step === 'close') {
      const reason = e.kind === 'conn-close' ? `TCP ${e.how} by ${e.by}` : 'handshake refused';
      return at({ type: 'CLOSED', t: e.t, reason });
    }
    if (step !== 'frame' || e.kind !== 'ws-frame' || e.message?.text === undefined) return [];
    const hb = parseHeartbeatMessage(e.message.text);
    if (hb === undefined) return [];
    const [kind, n] = hb;
    if (kind === 'hb' && e.dir === 'up') return at({ type: 'HB_SENT', t: e.t, n });
    if (kind === 'hb-ack' && e.dir === 'down') return at({ type: 'HB_ACK', t: e.t, n });
    return [];
  }
}
