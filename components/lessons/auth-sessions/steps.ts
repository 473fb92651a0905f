/**
 * What the captured events prove of lesson 13's steps, as an incremental fold of the `/secure`
 * namespace's Socket.IO packets on the browser ↔ edge hop (WebSocket frames and polling bodies):
 * the token in CONNECT and its answer, `auth-expired` then a DISCONNECT the server sent, the same
 * token refused on a new CONNECT (re-validation), a room broadcast after `revoked` (the membership
 * lingered) and `revoked` then the server's DISCONNECT. A packet's answer is looked for on the
 * same connection (one Engine.IO WebSocket, or one polling response).
 */
import { LAB_NAMESPACES } from '@/lib/lab/endpoints';
import type { Reducer } from '@/lib/live/fold-store';
import type { SioPacketInfo, WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

const NSP = LAB_NAMESPACES.secure;

interface Pending {
  token: string;
  seq: number;
}

export interface AuthSteps {
  /** The last CONNECT with a token not answered yet (per connection, and the latest overall). */
  pending: ReadonlyMap<string, Pending>;
  latest?: Pending;
  /** Tokens the middleware accepted once. */
  accepted: ReadonlySet<string>;
  /** `auth-expired` / `revoked` events received, per connection, not yet followed by a CONNECT. */
  expired: ReadonlyMap<string, number>;
  revoked: ReadonlyMap<string, number>;
  token?: readonly number[];
  expiry?: readonly number[];
  revalidate?: readonly number[];
  lingered?: readonly number[];
  disconnect?: readonly number[];
}

function packetsOf(e: WireEvent): SioPacketInfo[] {
  if (e.kind === 'ws-frame') {
    const sio = e.message?.eio?.sio;
    return sio ? [sio] : [];
  }
  if (e.kind === 'http-body' && e.eio) return e.eio.flatMap((p) => (p.sio ? [p.sio] : []));
  return [];
}

const eventName = (p: SioPacketInfo): string | undefined =>
  p.type === 'EVENT' && Array.isArray(p.data) && typeof p.data[0] === 'string'
    ? p.data[0]
    : undefined;

function without<K, V>(m: ReadonlyMap<K, V>, k: K): ReadonlyMap<K, V> {
  if (!m.has(k)) return m;
  const out = new Map(m);
  out.delete(k);
  return out;
}

function onPacket(s: AuthSteps, e: WireEvent, p: SioPacketInfo): AuthSteps {
  if (p.nsp !== NSP) return s;
  const conn = e.conn;
  if (e.dir === 'up') {
    if (p.type !== 'CONNECT') return s;
    const token = (p.data as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') return s;
    const pend = { token, seq: e.seq };
    return { ...s, pending: new Map(s.pending).set(conn, pend), latest: pend };
  }
  if (p.type === 'CONNECT' || p.type === 'CONNECT_ERROR') {
    const asked = s.pending.get(conn) ?? s.latest;
    if (!asked) return s;
    const out: AuthSteps = {
      ...s,
      pending: without(s.pending, conn),
      expired: without(s.expired, conn),
      revoked: without(s.revoked, conn),
    };
    if (asked === s.latest) delete out.latest;
    if (p.type === 'CONNECT') {
      out.accepted = new Set(s.accepted).add(asked.token);
      out.token ??= [asked.seq, e.seq];
    } else if (s.accepted.has(asked.token)) {
      out.revalidate ??= [asked.seq, e.seq];
    }
    return out;
  }
  if (p.type === 'DISCONNECT') {
    const exp = s.expired.get(conn);
    const rev = s.revoked.get(conn);
    const out: AuthSteps = {
      ...s,
      expired: without(s.expired, conn),
      revoked: without(s.revoked, conn),
    };
    if (exp !== undefined) out.expiry ??= [exp, e.seq];
    else if (rev !== undefined) out.disconnect ??= [rev, e.seq];
    return out;
  }
  const name = eventName(p);
  if (name === 'auth-expired') return { ...s, expired: new Map(s.expired).set(conn, e.seq) };
  if (name === 'revoked') return { ...s, revoked: new Map(s.revoked).set(conn, e.seq) };
  const rev = s.revoked.get(conn);
  if (name === 'room-chat' && rev !== undefined && !s.lingered)
    return { ...s, lingered: [rev, e.seq] };
  return s;
}

function step(s: AuthSteps, e: WireEvent): AuthSteps {
  if (e.hop !== 'browser-edge') return s;
  let out = s;
  for (const p of packetsOf(e)) out = onPacket(out, e, p);
  return out;
}

export const authSteps: Reducer<AuthSteps, WireEvent> = {
  init: () => ({
    pending: new Map(),
    accepted: new Set(),
    expired: new Map(),
    revoked: new Map(),
  }),
  step,
};

export function authProofs(s: AuthSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
  });
  return {
    token: proof(s.token),
    expiry: proof(s.expiry),
    revalidate: proof(s.revalidate),
    lingered: proof(s.lingered),
    disconnect: proof(s.disconnect),
  };
}
