/**
 * Socket.IO packets on the wire, for pure step folds: the packets an event carries (a WebSocket
 * message's Engine.IO packet, or a polling body's payload) and the Engine.IO session each belongs
 * to, tracked per hop and connection from the request's `sid=` and the `open` packet's sid.
 * Immutable: `nextSids` returns the same map when nothing changed.
 */
import { parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, SioPacketInfo, WireEvent } from '@/lib/mirror/types';

export type SidMap = ReadonlyMap<string, string>;

const keyOf = (e: WireEvent) => `${e.hop} ${e.conn}`;

/** The Engine.IO packets of one event (complete messages and final body pieces only). */
export function eioPacketsOf(e: WireEvent): readonly EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
}

export function sioPacketsOf(e: WireEvent): readonly SioPacketInfo[] {
  const out: SioPacketInfo[] = [];
  for (const p of eioPacketsOf(e)) if (p.sio) out.push(p.sio);
  return out;
}

/** The session map after `e`: a request naming a sid, or an open packet announcing one. */
export function nextSids(sids: SidMap, e: WireEvent): SidMap {
  let sid: string | undefined;
  if (e.kind === 'http-request') {
    const target = parseEioTarget(e.target);
    if (target.eio === undefined) return sids;
    sid = target.sid ?? '';
  } else {
    sid = eioPacketsOf(e).find((p) => p.type === 'open')?.open?.sid;
  }
  if (sid === undefined || sids.get(keyOf(e)) === sid) return sids;
  const out = new Map(sids);
  out.set(keyOf(e), sid);
  return out;
}

/** The Engine.IO session of an event's connection ('' while the handshake has not named it). */
export function sidOf(sids: SidMap, e: WireEvent): string {
  return sids.get(keyOf(e)) ?? '';
}

/** The first argument of an EVENT / ACK's data (`["room-chat", {…}]` → `{…}` for events). */
export function eventArgs(p: SioPacketInfo): { name?: string; args: unknown[] } {
  const data = Array.isArray(p.data) ? (p.data as unknown[]) : [];
  if (p.type === 'EVENT' || p.type === 'BINARY_EVENT') {
    return { ...(typeof data[0] === 'string' ? { name: data[0] } : {}), args: data.slice(1) };
  }
  return { args: data };
}

export const NO_SIDS: SidMap = new Map();
