/**
 * The HTTP long-poll cycle of one client, with its sends tracked alongside (two parallel regions).
 *
 *   receive:  idle ─GET_SENT─▶ waiting                     GET held: request seen, no answer yet
 *             waiting ─GET_ANSWERED [hasMessages]─▶ delivered   200 with messages
 *             waiting ─GET_ANSWERED [isEmptyAnswer]─▶ timedOut  204, or 200 without a message
 *             waiting ─GET_ANSWERED─▶ failed                    any other status (400 sid unknown)
 *             waiting ─GET_ABORTED─▶ aborted                    TCP closed under the pending GET
 *             delivered / timedOut / failed / aborted ─GET_SENT─▶ waiting   the next cycle
 *   send:     idle ─POST_SENT─▶ sending ─POST_ANSWERED [lastPost]─▶ idle
 *
 * The same machine folds plain polling (`GET /poll?cursor=N`, a JSON body `{messages:[…]}`; short
 * polling is the same cycle with `wait=0`) and Engine.IO polling (`GET …&transport=polling`, whose
 * body is a payload of packets: a Socket.IO EVENT counts as a delivered message, a ping or noop
 * does not). Events come from `LongPollMapper` (long-poll-mapper.ts), which measures the bytes:
 * request and response heads, bodies with their chunk framing, as on the wire. No timers.
 */
import { assign, setup } from 'xstate';

export type LongPollFlavor = 'plain' | 'engineio';

export type LongPollEvent =
  | {
      type: 'GET_SENT';
      t: number;
      seq: number;
      conn: string;
      flavor: LongPollFlavor;
      /** Short polling: the server answers at once (`wait=0`). */
      short: boolean;
      headerBytes: number;
    }
  | {
      type: 'GET_ANSWERED';
      t: number;
      seq: number;
      status: number;
      headerBytes: number;
      bodyBytes: number;
      /** Messages the answer delivered (JSON `messages.length`, or Socket.IO EVENTs). */
      messages: number;
    }
  | { type: 'GET_ABORTED'; t: number; seq: number; reason: string }
  | {
      type: 'POST_SENT';
      t: number;
      seq: number;
      headerBytes: number;
      bodyBytes: number;
      /** Messages the POST carried (1 for a publish, Socket.IO EVENTs for Engine.IO). */
      messages: number;
    }
  | {
      type: 'POST_ANSWERED';
      t: number;
      seq: number;
      status: number;
      headerBytes: number;
      bodyBytes: number;
    };

export interface LongPollCycle {
  /** Seq and time of the GET. */
  seq: number;
  holdStart: number;
  /** Time of the answer (or abort); absent while pending. */
  endT?: number;
  status?: number;
  messages: number;
  /** Request head + response head bytes. */
  headerBytes: number;
  bodyBytes: number;
  outcome?: 'delivered' | 'timedOut' | 'failed' | 'aborted';
}

export interface LongPollContext {
  flavor?: LongPollFlavor;
  short: boolean;
  /** GETs and POSTs sent. */
  requests: number;
  gets: number;
  posts: number;
  /** Answers received (GET and POST). */
  responses: number;
  deliveries: number;
  timeouts: number;
  failures: number;
  aborts: number;
  messagesDelivered: number;
  messagesSent: number;
  /** Bytes of the receive cycles (GETs and their answers): heads, and bodies as on the wire. */
  getHeaderBytes: number;
  getBodyBytes: number;
  /** Bytes of the sends (POSTs and their answers). */
  postHeaderBytes: number;
  postBodyBytes: number;
  /** GETs without an answer yet (normally 0 or 1). */
  pendingGets: number;
  pendingPosts: number;
  /** When the oldest pending GET was sent. */
  holdStart?: number;
  /** How long the last answered GET was held, in ms. */
  lastHoldMs?: number;
  /** The last 50 receive cycles, oldest first. */
  cycles: LongPollCycle[];
}

export const initialLongPollContext: LongPollContext = {
  short: false,
  requests: 0,
  gets: 0,
  posts: 0,
  responses: 0,
  deliveries: 0,
  timeouts: 0,
  failures: 0,
  aborts: 0,
  messagesDelivered: 0,
  messagesSent: 0,
  getHeaderBytes: 0,
  getBodyBytes: 0,
  postHeaderBytes: 0,
  postBodyBytes: 0,
  pendingGets: 0,
  pendingPosts: 0,
  cycles: [],
};

const MAX_CYCLES = 50;

/** Closes the oldest pending cycle with the answer's numbers. */
function closeCycle(
  cycles: LongPollCycle[],
  patch: Omit<LongPollCycle, 'seq' | 'holdStart' | 'headerBytes' | 'messages' | 'bodyBytes'> & {
    headerBytes?: number;
    bodyBytes?: number;
    messages?: number;
  },
): LongPollCycle[] {
  const index = cycles.findIndex((c) => c.outcome === undefined);
  if (index < 0) return cycles;
  const cycle = cycles[index] as LongPollCycle;
  const next = [...cycles];
  next[index] = {
    ...cycle,
    ...patch,
    headerBytes: cycle.headerBytes + (patch.headerBytes ?? 0),
    bodyBytes: cycle.bodyBytes + (patch.bodyBytes ?? 0),
    messages: cycle.messages + (patch.messages ?? 0),
  };
  return next;
}

function isOk(status: number): boolean {
  return status === 200 || status === 204;
}

export const longPollMachine = setup({
  types: {
    context: {} as LongPollContext,
    events: {} as LongPollEvent,
  },
  guards: {
    othersPending: ({ context }) => context.pendingGets > 1,
    hasMessages: ({ event }) =>
      event.type === 'GET_ANSWERED' && event.status === 200 && event.messages > 0,
    isEmptyAnswer: ({ event }) =>
      event.type === 'GET_ANSWERED' && isOk(event.status) && event.messages === 0,
    lastPost: ({ context }) => context.pendingPosts <= 1,
  },
  actions: {
    recordGet: assign(({ context, event }) => {
      if (event.type !== 'GET_SENT') return {};
      const cycle: LongPollCycle = {
        seq: event.seq,
        holdStart: event.t,
        messages: 0,
        headerBytes: event.headerBytes,
        bodyBytes: 0,
      };
      return {
        flavor: event.flavor,
        short: event.short,
        requests: context.requests + 1,
        gets: context.gets + 1,
        getHeaderBytes: context.getHeaderBytes + event.headerBytes,
        pendingGets: context.pendingGets + 1,
        holdStart: context.pendingGets === 0 ? event.t : context.holdStart,
        cycles: [...context.cycles, cycle].slice(-MAX_CYCLES),
      };
    }),
    recordAnswer: assign(({ context, event }) => {
      if (event.type !== 'GET_ANSWERED') return {};
      const ok = isOk(event.status);
      const outcome = !ok ? 'failed' : event.messages > 0 ? 'delivered' : 'timedOut';
      const oldest = context.cycles.find((c) => c.outcome === undefined);
      const pendingGets = Math.max(0, context.pendingGets - 1);
      const nextPending = context.cycles.filter((c) => c.outcome === undefined)[1];
      return {
        responses: context.responses + 1,
        deliveries: context.deliveries + (outcome === 'delivered' ? 1 : 0),
        timeouts: context.timeouts + (outcome === 'timedOut' ? 1 : 0),
        failures: context.failures + (outcome === 'failed' ? 1 : 0),
        messagesDelivered: context.messagesDelivered + event.messages,
        getHeaderBytes: context.getHeaderBytes + event.headerBytes,
        getBodyBytes: context.getBodyBytes + event.bodyBytes,
        pendingGets,
        lastHoldMs: oldest === undefined ? context.lastHoldMs : event.t - oldest.holdStart,
        holdStart: pendingGets > 0 ? nextPending?.holdStart : undefined,
        cycles: closeCycle(context.cycles, {
          endT: event.t,
          status: event.status,
          outcome,
          headerBytes: event.headerBytes,
          bodyBytes: event.bodyBytes,
          messages: event.messages,
        }),
      };
    }),
    recordAbort: assign(({ context, event }) => {
      if (event.type !== 'GET_ABORTED') return {};
      const pendingGets = Math.max(0, context.pendingGets - 1);
      return {
        aborts: context.aborts + 1,
        pendingGets,
        holdStart: pendingGets > 0 ? context.holdStart : undefined,
        cycles: closeCycle(context.cycles, { endT: event.t, outcome: 'aborted' }),
      };
    }),
    recordPost: assign(({ context, event }) =>
      event.type === 'POST_SENT'
        ? {
            requests: context.requests + 1,
            posts: context.posts + 1,
            messagesSent: context.messagesSent + event.messages,
            postHeaderBytes: context.postHeaderBytes + event.headerBytes,
            postBodyBytes: context.postBodyBytes + event.bodyBytes,
            pendingPosts: context.pendingPosts + 1,
          }
        : {},
    ),
    recordPostAnswer: assign(({ context, event }) =>
      event.type === 'POST_ANSWERED'
        ? {
            responses: context.responses + 1,
            failures: context.failures + (isOk(event.status) ? 0 : 1),
            postHeaderBytes: context.postHeaderBytes + event.headerBytes,
            postBodyBytes: context.postBodyBytes + event.bodyBytes,
            pendingPosts: Math.max(0, context.pendingPosts - 1),
          }
        : {},
    ),
  },
}).createMachine({
  id: 'longPoll',
  context: initialLongPollContext,
  type: 'parallel',
  states: {
    receive: {
      description: 'The GET cycle: one request held open until data or timeout, then the next.',
      initial: 'idle',
      states: {
        idle: {
          description: 'No poll request seen yet.',
          on: { GET_SENT: { target: 'waiting', actions: 'recordGet' } },
        },
        waiting: {
          description: 'A GET is held by the server: request seen, no response yet.',
          tags: ['waiting'],
          on: {
            GET_SENT: { actions: 'recordGet' },
            GET_ANSWERED: [
              { guard: 'othersPending', actions: 'recordAnswer' },
              { guard: 'hasMessages', target: 'delivered', actions: 'recordAnswer' },
              { guard: 'isEmptyAnswer', target: 'timedOut', actions: 'recordAnswer' },
              { target: 'failed', actions: 'recordAnswer' },
            ],
            GET_ABORTED: [
              { guard: 'othersPending', actions: 'recordAbort' },
              { target: 'aborted', actions: 'recordAbort' },
            ],
          },
        },
        delivered: {
          description: 'The answer carried messages; the client sends the next GET at once.',
          tags: ['delivered'],
          on: { GET_SENT: { target: 'waiting', actions: 'recordGet' } },
        },
        timedOut: {
          description:
            'Nothing to deliver before the server’s hold timeout: 204 or an empty answer.',
          tags: ['timedOut'],
          on: { GET_SENT: { target: 'waiting', actions: 'recordGet' } },
        },
        failed: {
          description: 'The poll was refused (an error status): the client may retry.',
          tags: ['failed'],
          on: { GET_SENT: { target: 'waiting', actions: 'recordGet' } },
        },
        aborted: {
          description: 'The TCP connection closed under the pending GET.',
          tags: ['failed'],
          on: { GET_SENT: { target: 'waiting', actions: 'recordGet' } },
        },
      },
    },
    send: {
      description: 'Client → server: each send is its own POST.',
      initial: 'idle',
      states: {
        idle: {
          description: 'No POST in flight.',
          on: { POST_SENT: { target: 'sending', actions: 'recordPost' } },
        },
        sending: {
          description: 'A POST is in flight.',
          tags: ['sending'],
          on: {
            POST_SENT: { actions: 'recordPost' },
            POST_ANSWERED: [
              { guard: 'lastPost', target: 'idle', actions: 'recordPostAnswer' },
              { actions: 'recordPostAnswer' },
            ],
          },
        },
      },
    },
  },
});

export type LongPollMachine = typeof longPollMachine;

export interface LongPollBytes {
  messages: number;
  /** Receive-cycle head bytes (every GET and its answer, empty cycles included) per message. */
  headerBytesPerMessage: number;
  bodyBytesPerMessage: number;
  totalBytesPerMessage: number;
}

/** Bytes on the wire per delivered message, headers included (NaN before the first message). */
export function longPollBytesPerMessage(context: LongPollContext): LongPollBytes {
  const n = context.messagesDelivered;
  const per = (bytes: number): number => (n === 0 ? Number.NaN : bytes / n);
  return {
    messages: n,
    headerBytesPerMessage: per(context.getHeaderBytes),
    bodyBytesPerMessage: per(context.getBodyBytes),
    totalBytesPerMessage: per(context.getHeaderBytes + context.getBodyBytes),
  };
}
