/**
 * The packet types of Engine.IO v4 and Socket.IO v5, each with the first real example seen on this
 * page's browser ↔ edge hop (or none yet). Pure.
 */
import type {
  Dir,
  EioPacketInfo,
  EioPacketType,
  SioPacketType,
  WireEvent,
} from '@/lib/mirror/types';
import { base64DecodedLength } from '@/lib/wire/bytes';

export interface Sighting {
  seq: number;
  dir: Dir;
  /** The packet as on the wire (text), or a description of a binary one. */
  wire: string;
}

export const EIO_TYPES: readonly { type: EioPacketType; digit: string; how: string }[] = [
  { type: 'open', digit: '0', how: 'the server’s first packet on every new session (Connect)' },
  {
    type: 'close',
    digit: '1',
    how: 'sent over polling when the client closes the session (polling only, then Disconnect)',
  },
  {
    type: 'ping',
    digit: '2',
    how: 'the server pings every pingInterval (set a short ping interval); also 2probe',
  },
  {
    type: 'pong',
    digit: '3',
    how: 'the browser’s socket.io-client answers each ping; also 3probe',
  },
  { type: 'message', digit: '4', how: 'every Socket.IO packet rides in one' },
  { type: 'upgrade', digit: '5', how: 'the default transport, after the 2probe/3probe test' },
  {
    type: 'noop',
    digit: '6',
    how: 'completes a held polling GET during the upgrade (not every run)',
  },
];

export const SIO_TYPES: readonly { type: SioPacketType; digit: string; how: string }[] = [
  { type: 'CONNECT', digit: '0', how: 'joining a namespace, and the server’s answer with a sid' },
  { type: 'DISCONNECT', digit: '1', how: 'Disconnect /, or the server ending a namespace' },
  { type: 'EVENT', digit: '2', how: 'Emit chat' },
  { type: 'ACK', digit: '3', how: 'the server acknowledging Emit chat (with ack)' },
  { type: 'CONNECT_ERROR', digit: '4', how: 'Join /admin without a token' },
  { type: 'BINARY_EVENT', digit: '5', how: 'Emit binary' },
  { type: 'BINARY_ACK', digit: '6', how: 'the server’s ack to Emit binary echoes the bytes' },
];

function packetsOf(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
}

function wireOf(p: EioPacketInfo): string {
  if (p.encoded !== undefined) return p.encoded;
  if (p.binary !== undefined) return `<binary ${base64DecodedLength(p.binary)} B>`;
  return p.type;
}

export interface Checklist {
  eio: Partial<Record<EioPacketType, Sighting>>;
  sio: Partial<Record<SioPacketType, Sighting>>;
  /** First binary attachment message. */
  attachment?: Sighting;
}

/** One event's first sightings added to `list` (a new object when something is new, else `list`). */
export function checklistStep(list: Checklist, e: WireEvent): Checklist {
  if (e.hop !== 'browser-edge') return list;
  let out = list;
  for (const p of packetsOf(e)) {
    const s = { seq: e.seq, dir: e.dir, wire: wireOf(p) };
    if (!out.eio[p.type]) out = { ...out, eio: { ...out.eio, [p.type]: s } };
    if (p.sio && !out.sio[p.sio.type])
      out = { ...out, sio: { ...out.sio, [p.sio.type]: { ...s, wire: p.sio.encoded } } };
    if (p.sioAttachment && !out.attachment) out = { ...out, attachment: s };
  }
  return out;
}

export function checklistOf(events: readonly WireEvent[]): Checklist {
  const out: Checklist = { eio: {}, sio: {} };
  for (const e of events) {
    if (e.hop !== 'browser-edge') continue;
    for (const p of packetsOf(e)) {
      const s = { seq: e.seq, dir: e.dir, wire: wireOf(p) };
      if (!out.eio[p.type]) out.eio[p.type] = s;
      if (p.sio && !out.sio[p.sio.type]) out.sio[p.sio.type] = { ...s, wire: p.sio.encoded };
      if (p.sioAttachment && !out.attachment) out.attachment = s;
    }
  }
  return out;
}
