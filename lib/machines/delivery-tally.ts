/**
 * Delivery tallies for lesson 12: sent / delivered / lost / duplicated, per mode.
 *
 * A server → client stream (the session's numbered message stream, ids 1, 2, …): the server says
 * how many it published (its `lastId`); the client knows which ids it received. Between the first
 * id the client saw and the server's last id, every id is delivered (received at least once), lost
 * or still in flight; extra copies are duplicates. An id counts as lost only once it can no longer
 * arrive: when a later id has arrived. Socket.IO delivers one connection's packets in order, and a
 * recovered connection replays the missed packets before the live ones, so a gap below the highest
 * id received stays a gap. Ids above it may still be on their way (or wait for a reconnect and a
 * replay): in flight, not lost.
 *
 * A client → server stream with ack + retry: the client knows what it sent and how many attempts
 * it took; the server says how many it received and how many distinct ids (it dedups by id).
 */
import type { OnceStats } from '../lab/socketio-events';

export interface Tally {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Published but not received yet, and still able to arrive. */
  inFlight: number;
}

/** Tally of a stream the client received, against the server's last published id. */
export function receivedTally(ids: readonly number[], serverLastId: number): Tally {
  if (ids.length === 0) return { sent: 0, delivered: 0, lost: 0, duplicated: 0, inFlight: 0 };
  let first = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const id of ids) {
    if (id < first) first = id;
    if (id > highest) highest = id;
  }
  const last = Math.max(serverLastId, highest);
  const unique = new Set(ids);
  const sent = last - first + 1;
  return {
    sent,
    delivered: unique.size,
    lost: highest - first + 1 - unique.size,
    duplicated: ids.length - unique.size,
    inFlight: last - highest,
  };
}

export type { OnceStats };

/**
 * Tally of ack + retry + dedup: `sent` distinct messages the client tried to deliver, every one of
 * them settled (acked, or retried until the client gave up) before the server's counts were read.
 */
export function onceTally(sent: number, server: OnceStats): Tally {
  return {
    sent,
    delivered: server.unique,
    lost: Math.max(0, sent - server.unique),
    duplicated: server.duplicates,
    inFlight: 0,
  };
}
