/**
 * What the captured events prove of lesson 12's steps, as an incremental fold of the Socket.IO
 * packets on the browser ↔ edge hop:
 * - lost: the plain server's `feed` ids jump across a reconnect (a new connection whose first id
 *   is past the last one the previous connection delivered): at most once;
 * - recovered / refused: on the recovery server (`/csr.io/`), a CONNECT that carries the previous
 *   `pid` and `offset`, answered with the same `pid` (socket.io-client sets `recovered` on exactly
 *   that) or with a new one;
 * - once: a drop fault on the connection that carries `/once`, then an ack `{"ok":true,"dup":true}`:
 *   the message was sent again and the server's dedup caught the repeat.
 * A new run (the page's marker) starts the feed chains again, so the gap between two runs is not
 * taken for a loss.
 */
import { LAB_NAMESPACES, LAB_PATHS } from '@/lib/lab/endpoints';
import type { Reducer } from '@/lib/live/fold-store';
import type { SioPacketInfo, WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

/** The marker the page puts on the timeline when it opens the two feeds (read back here). */
export const FEEDS_MARK = 'two feeds';

type Server = 'plain' | 'csr';

interface Chain {
  conn: string;
  lastId: number;
  lastSeq: number;
}

export interface DeliverySteps {
  servers: ReadonlyMap<string, Server>;
  plain?: Chain;
  /** CONNECTs with a pid, waiting for their answer, per connection. */
  pending: ReadonlyMap<string, { pid: string; seq: number }>;
  /** Connections on which a drop fault hit, and the first one's seq. */
  drops: ReadonlyMap<string, number>;
  lost?: readonly number[];
  recovered?: readonly number[];
  refused?: readonly number[];
  once?: readonly number[];
}

export function serverOf(target: string): Server | undefined {
  if (target.includes(LAB_PATHS.csrio)) return 'csr';
  if (target.includes(LAB_PATHS.socketio)) return 'plain';
  return undefined;
}

function packetsOf(e: WireEvent): SioPacketInfo[] {
  if (e.kind === 'ws-frame') {
    const sio = e.message?.eio?.sio;
    return sio ? [sio] : [];
  }
  if (e.kind === 'http-body' && e.eio) {
    return e.eio.flatMap((p) => (p.sio ? [p.sio] : []));
  }
  return [];
}

const field = (data: unknown, key: string): unknown =>
  typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)[key]
    : undefined;

function feedId(p: SioPacketInfo): number | undefined {
  if (p.type !== 'EVENT' || p.nsp !== '/' || !Array.isArray(p.data) || p.data[0] !== 'feed')
    return undefined;
  const id = field(p.data[1], 'id');
  return typeof id === 'number' ? id : undefined;
}

function onPacket(s: DeliverySteps, e: WireEvent, server: Server, p: SioPacketInfo): DeliverySteps {
  const id = feedId(p);
  if (server === 'plain' && id !== undefined && e.dir === 'down') {
    const prev = s.plain;
    const out: DeliverySteps = { ...s, plain: { conn: e.conn, lastId: id, lastSeq: e.seq } };
    if (!s.lost && prev && prev.conn !== e.conn && id > prev.lastId + 1)
      out.lost = [prev.lastSeq, e.seq];
    return out;
  }
  if (server !== 'csr') return s;
  if (p.type === 'CONNECT' && p.nsp === '/') {
    const pid = field(p.data, 'pid');
    if (e.dir === 'up') {
      const offset = field(p.data, 'offset');
      if (typeof pid !== 'string' || offset === undefined) return s;
      return { ...s, pending: new Map(s.pending).set(e.conn, { pid, seq: e.seq }) };
    }
    const asked = s.pending.get(e.conn);
    if (!asked) return s;
    const pending = new Map(s.pending);
    pending.delete(e.conn);
    const out: DeliverySteps = { ...s, pending };
    if (pid === asked.pid) out.recovered ??= [asked.seq, e.seq];
    else out.refused ??= [asked.seq, e.seq];
    return out;
  }
  if (!s.once && p.type === 'ACK' && p.nsp === LAB_NAMESPACES.once && e.dir === 'down') {
    const args = Array.isArray(p.data) ? p.data[0] : p.data;
    const drop = s.drops.get(e.conn);
    if (drop !== undefined && field(args, 'ok') === true && field(args, 'dup') === true)
      return { ...s, once: [drop, e.seq] };
  }
  return s;
}

function step(s: DeliverySteps, e: WireEvent): DeliverySteps {
  if (e.kind === 'marker') {
    return e.label === FEEDS_MARK && (s.plain || s.pending.size > 0)
      ? { ...s, plain: undefined, pending: new Map() }
      : s;
  }
  if (e.kind === 'fault') {
    if (e.fault !== 'drop' || s.drops.has(e.conn) || !s.servers.has(e.conn)) return s;
    return { ...s, drops: new Map(s.drops).set(e.conn, e.seq) };
  }
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'http-request') {
    const server = serverOf(e.target);
    if (!server || s.servers.get(e.conn) === server) return s;
    return { ...s, servers: new Map(s.servers).set(e.conn, server) };
  }
  const server = s.servers.get(e.conn);
  if (!server) return s;
  let out = s;
  for (const p of packetsOf(e)) out = onPacket(out, e, server, p);
  return out;
}

export const deliverySteps: Reducer<DeliverySteps, WireEvent> = {
  init: () => ({ servers: new Map(), pending: new Map(), drops: new Map() }),
  step,
};

export function deliveryProofs(s: DeliverySteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
  });
  return {
    lost: proof(s.lost),
    recovered: proof(s.recovered),
    refused: proof(s.refused),
    once: proof(s.once),
  };
}
