/**
 * What the captured events prove of lesson 8's steps, folded from the Socket.IO packets of both
 * hops (sessions matched by their Engine.IO sid, which both hops carry):
 *
 * - connect: a CONNECT to `/` answered with a Socket.IO id (browser ↔ edge);
 * - join: a `join` event sent with an ack id, answered by the ACK `{ok:true}` (the page's Join
 *   room; the simulated clients join without an ack);
 * - fanout: a `room-chat` sent up whose ack says `delivered: N ≥ 2`, and N copies of that message
 *   leaving the server (edge ↔ node) on N different sessions;
 * - members: a broadcast whose sender got its ack without a copy of its own message (it is no
 *   member: on one session the server's copy would come before the ack), while members got one;
 * - refused: a CONNECT to another namespace answered with CONNECT_ERROR.
 */
import type { Reducer } from '@/lib/live/fold-store';
import type { SioPacketInfo, WireEvent } from '@/lib/mirror/types';
import {
  eventArgs,
  NO_SIDS,
  nextSids,
  type SidMap,
  sidOf,
  sioPacketsOf,
} from '../../../lib/mirror/sio-wire';
import type { StepProof } from '../../lesson/steps-store';

interface Chat {
  sid: string;
  msg: string;
  seq: number;
  /** The sender received a copy of its own message before the ack. */
  selfGot: boolean;
  ackSeq?: number;
  delivered?: number;
}

export interface RoomsSteps {
  sids: SidMap;
  /** `${sid}|${nsp}` → seq of the CONNECT sent. */
  connects: ReadonlyMap<string, number>;
  /** `${sid}|${id}` → seq of a `join` sent with an ack. */
  joins: ReadonlyMap<string, number>;
  /** `${sid}|${id}` → a `room-chat` sent with an ack (recent ones). */
  chats: ReadonlyMap<string, Chat>;
  /** msg → sessions the server sent a copy to (edge ↔ node), with the copies' seqs. */
  copies: ReadonlyMap<string, { sids: readonly string[]; seqs: readonly number[] }>;
  connect?: readonly number[];
  join?: readonly number[];
  fanout?: readonly number[];
  members?: readonly number[];
  refused?: readonly number[];
}

const KEEP = 20;

function capped<K, V>(map: Map<K, V>): Map<K, V> {
  while (map.size > KEEP) map.delete(map.keys().next().value as K);
  return map;
}

function chatMsg(args: readonly unknown[]): string | undefined {
  const a = args[0] as { msg?: unknown } | undefined;
  if (typeof a !== 'object' || a === null) return undefined;
  return typeof a.msg === 'string' ? a.msg : JSON.stringify(a.msg);
}

/** Checks the acked broadcasts against the copies seen leaving the server. */
function judge(s: RoomsSteps): RoomsSteps {
  if (s.fanout && s.members) return s;
  let out = s;
  for (const c of s.chats.values()) {
    if (c.ackSeq === undefined || c.delivered === undefined) continue;
    const copies = s.copies.get(c.msg);
    const others = copies ? copies.sids.filter((x) => x !== c.sid).length : 0;
    const seqs = [c.seq, ...(copies?.seqs ?? []), c.ackSeq].sort((a, b) => a - b);
    if (!out.fanout && c.delivered >= 2 && (copies?.sids.length ?? 0) >= c.delivered)
      out = { ...out, fanout: seqs };
    if (!out.members && !c.selfGot && c.delivered >= 1 && others >= c.delivered)
      out = { ...out, members: seqs };
  }
  return out;
}

function onPacket(s: RoomsSteps, e: WireEvent, p: SioPacketInfo, sid: string): RoomsSteps {
  const browser = e.hop === 'browser-edge';
  const { name, args } = eventArgs(p);
  if (p.type === 'CONNECT' && browser) {
    if (e.dir === 'up')
      return { ...s, connects: new Map(s.connects).set(`${sid}|${p.nsp}`, e.seq) };
    const sent = s.connects.get(`${sid}|${p.nsp}`);
    if (!s.connect && p.nsp === '/' && sent !== undefined) return { ...s, connect: [sent, e.seq] };
    return s;
  }
  if (p.type === 'CONNECT_ERROR' && browser && e.dir === 'down' && p.nsp !== '/') {
    const sent = s.connects.get(`${sid}|${p.nsp}`);
    if (!s.refused && sent !== undefined) return { ...s, refused: [sent, e.seq] };
    return s;
  }
  if (p.nsp !== '/') return s;
  if (p.type === 'EVENT' && e.dir === 'up' && browser && p.id !== undefined) {
    const key = `${sid}|${p.id}`;
    if (name === 'join') return { ...s, joins: capped(new Map(s.joins).set(key, e.seq)) };
    const msg = name === 'room-chat' ? chatMsg(args) : undefined;
    if (msg !== undefined)
      return {
        ...s,
        chats: capped(new Map(s.chats).set(key, { sid, msg, seq: e.seq, selfGot: false })),
      };
    return s;
  }
  if (p.type === 'EVENT' && e.dir === 'down' && name === 'room-chat') {
    const msg = chatMsg(args);
    if (msg === undefined) return s;
    if (!browser) {
      const was = s.copies.get(msg) ?? { sids: [], seqs: [] };
      if (was.sids.includes(sid)) return s;
      const copies = capped(
        new Map(s.copies).set(msg, { sids: [...was.sids, sid], seqs: [...was.seqs, e.seq] }),
      );
      return judge({ ...s, copies });
    }
    let chats: Map<string, Chat> | undefined;
    for (const [k, c] of s.chats) {
      if (c.sid !== sid || c.msg !== msg || c.ackSeq !== undefined || c.selfGot) continue;
      chats ??= new Map(s.chats);
      chats.set(k, { ...c, selfGot: true });
    }
    return chats ? { ...s, chats } : s;
  }
  if (p.type === 'ACK' && e.dir === 'down' && browser && p.id !== undefined) {
    const key = `${sid}|${p.id}`;
    const ok = (args[0] as { ok?: unknown } | undefined)?.ok === true;
    const joined = s.joins.get(key);
    if (joined !== undefined) {
      return !s.join && ok ? { ...s, join: [joined, e.seq] } : s;
    }
    const chat = s.chats.get(key);
    if (chat && ok) {
      const delivered = Number((args[0] as { delivered?: unknown }).delivered ?? 0);
      const chats = new Map(s.chats).set(key, { ...chat, ackSeq: e.seq, delivered });
      return judge({ ...s, chats });
    }
  }
  return s;
}

function step(s: RoomsSteps, e: WireEvent): RoomsSteps {
  const sids = nextSids(s.sids, e);
  const packets = sioPacketsOf(e);
  if (packets.length === 0) return sids === s.sids ? s : { ...s, sids };
  let out: RoomsSteps = sids === s.sids ? s : { ...s, sids };
  const sid = sidOf(sids, e);
  for (const p of packets) out = onPacket(out, e, p, sid);
  return out;
}

export const roomsSteps: Reducer<RoomsSteps, WireEvent> = {
  init: () => ({
    sids: NO_SIDS,
    connects: new Map(),
    joins: new Map(),
    chats: new Map(),
    copies: new Map(),
  }),
  step,
};

export function roomsProofs(s: RoomsSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    connect: proof(s.connect, ['sio.connecting', 'sio.connected']),
    join: proof(s.join, ['sio.connected']),
    fanout: proof(s.fanout, ['sio.connected']),
    members: proof(s.members, ['sio.connected']),
    refused: proof(s.refused, ['sio.refused']),
  };
}
