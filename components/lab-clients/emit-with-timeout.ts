import type { Socket } from 'socket.io-client';
import type { AckReply } from '@/lib/lab/socketio-events';

/** socket.io-client's own constraint on an event map (not exported by the package). */
// biome-ignore lint/suspicious/noExplicitAny: the library's constraint, spelled as it spells it.
type EventsMap = Record<string, any>;

/** The arguments of an event that ends with an ack, without the ack. */
type ArgsBeforeAck<F> = F extends (...args: infer P) => void
  ? P extends [...infer Head, unknown]
    ? Head
    : never
  : never;

/**
 * `socket.timeout(ms).emitWithAck(event, ...args)` resolving with the ack's reply as the event map
 * types it (socket.io-client 4.8 types a timed `emitWithAck` as `Promise<any>`). Rejects when no
 * ack arrives within `ms`.
 */
export function emitWithTimeout<
  L extends EventsMap,
  M extends EventsMap,
  E extends keyof M & string,
>(
  socket: Socket<L, M>,
  ms: number,
  event: E,
  ...args: ArgsBeforeAck<M[E]>
): Promise<AckReply<M[E]>> {
  return (socket.timeout(ms) as unknown as Socket).emitWithAck(event, ...(args as unknown[]));
}
