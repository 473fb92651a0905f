/**
 * Delivery tallies for lesson 12: sent / delivered / lost / duplicated, per mode.
 *
 * A server → client stream (the session's numbered message stream, ids 1, 2, …): the server says
 * how many it published (its `lastId`); the client knows which ids it received. Between the first
 * id the client saw and the server's last id, every id is either delivered (received at least
 * once), lost (never received) or extra copies (duplicates).
 *
 * A client → server stream with ack + retry: the client knows what it sent and how many attempts
 * it took; the server says how many it received and how many distinct ids (it dedups by id).
 */

export interface Tally {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

/** Tally of a stream the client received, against the server's last published id. */
export function receivedTally(ids: readonly number[], serverLastId: number): Tally {
  if (ids.length === 0) return { sent: 0, delivered: 0, lost: 0, duplicated: 0 };
  const first = Math.min(...ids);
  const last = Math.max(serverLastId, ...ids);
  const unique = new Set(ids);
  const sent = last - first + 1;
  return {
    sent,
    delivered: unique.size,
    lost: sent - unique.size,
    duplicated: ids.length - unique.size,
  };
}

export interface OnceStats {
  received: number;
  unique: number;
  duplicates: number;
}

/** Tally of ack + retry + dedup: `sent` distinct messages the client tried to deliver. */
export function onceTally(sent: number, server: OnceStats): Tally {
  return {
    sent,
    delivered: server.unique,
    lost: Math.max(0, sent - server.unique),
    duplicated: server.duplicates,
  };
}
