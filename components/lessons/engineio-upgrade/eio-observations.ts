/**
 * What the engineio-upgrade lesson reads off the capture of one run: the polling handshake request
 * and its query, the open packet, and the milestone packets (40, 2probe, 3probe, 6, 5) in the order
 * they crossed the browser-edge hop. Pure: the page and the tests use the same functions.
 */
import { parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, HttpRequestEvent, WireEvent } from '@/lib/mirror/types';
import { base64DecodedLength } from '@/lib/wire/bytes';

export interface PacketSighting {
  /** Seq of the event that carried the packet (an http-body or a ws-frame). */
  seq: number;
  t: number;
  dir: 'up' | 'down';
  transport: 'polling' | 'websocket';
  conn: string;
  packet: EioPacketInfo;
  /** The packet as text ('2probe', '42["chat",…]'); binary packets as 'binary N B'. */
  text: string;
}

export interface RunRange {
  label: string;
  /** Seq of the run's marker; the run is every event with fromSeq <= seq < toSeq. */
  fromSeq: number;
  toSeq: number;
}

/** Runs started by this page: markers labelled "run N", each up to the next one. */
export function runsOf(events: readonly WireEvent[]): RunRange[] {
  const markers = events.filter((e) => e.kind === 'marker' && /^run \d+$/.test(e.label));
  return markers.map((m, i) => ({
    label: m.kind === 'marker' ? m.label : '',
    fromSeq: m.seq,
    toSeq: markers[i + 1]?.seq ?? Number.POSITIVE_INFINITY,
  }));
}

export function eventsOfRun(events: readonly WireEvent[], run: RunRange | undefined): WireEvent[] {
  if (!run) return [...events];
  return events.filter((e) => e.seq >= run.fromSeq && e.seq < run.toSeq);
}

function packetText(p: EioPacketInfo): string {
  if (p.encoded !== undefined) return p.encoded;
  if (p.binary !== undefined) return `binary ${base64DecodedLength(p.binary)} B`;
  return p.type;
}

/** Every Engine.IO packet on the browser-edge hop, with the transport that carried it. */
export function eioPacketsOf(events: readonly WireEvent[]): PacketSighting[] {
  const out: PacketSighting[] = [];
  for (const e of events) {
    if (e.hop !== 'browser-edge') continue;
    const base = { seq: e.seq, t: e.t, dir: e.dir, conn: e.conn };
    if (e.kind === 'http-body' && e.final && e.eio) {
      for (const packet of e.eio)
        out.push({ ...base, transport: 'polling', packet, text: packetText(packet) });
    } else if (e.kind === 'ws-frame' && e.message?.eio) {
      const packet = e.message.eio;
      out.push({ ...base, transport: 'websocket', packet, text: packetText(packet) });
    }
  }
  return out;
}

export interface Milestone {
  id: string;
  /** What to look for, as on the wire. */
  wire: string;
  meaning: string;
  seen?: {
    seq: number;
    t: number;
    transport: 'polling' | 'websocket';
    dir: 'up' | 'down';
    text: string;
  };
}

interface MilestoneRule {
  id: string;
  wire: string;
  meaning: string;
  match: (s: PacketSighting) => boolean;
}

const RULES: MilestoneRule[] = [
  {
    id: 'open',
    wire: '0{"sid",…}',
    meaning: 'open packet: the handshake answer',
    match: (s) => s.dir === 'down' && s.packet.type === 'open',
  },
  {
    id: 'connect',
    wire: '40',
    meaning: 'Socket.IO CONNECT to "/" (client)',
    match: (s) => s.dir === 'up' && s.packet.sio?.type === 'CONNECT',
  },
  {
    id: 'connected',
    wire: '40{"sid",…}',
    meaning: 'Socket.IO CONNECT answer (server)',
    match: (s) => s.dir === 'down' && s.packet.sio?.type === 'CONNECT',
  },
  {
    id: 'probe-ping',
    wire: '2probe',
    meaning: 'probe ping on the new WebSocket (client)',
    match: (s) => s.dir === 'up' && s.packet.type === 'ping' && s.packet.data === 'probe',
  },
  {
    id: 'probe-pong',
    wire: '3probe',
    meaning: 'probe answer (server): the WebSocket works',
    match: (s) => s.dir === 'down' && s.packet.type === 'pong' && s.packet.data === 'probe',
  },
  {
    id: 'noop',
    wire: '6',
    meaning: 'noop: completes a long-poll GET still waiting (only if one is)',
    match: (s) => s.dir === 'down' && s.packet.type === 'noop',
  },
  {
    id: 'upgrade',
    wire: '5',
    meaning: 'upgrade: from now on, WebSocket only',
    match: (s) => s.dir === 'up' && s.packet.type === 'upgrade',
  },
];

/** The milestones in the order they were seen; those not seen (yet) follow in protocol order. */
export function milestonesOf(sightings: readonly PacketSighting[]): Milestone[] {
  const seen: Milestone[] = [];
  const unseen: Milestone[] = [];
  for (const rule of RULES) {
    const s = sightings.find(rule.match);
    const m: Milestone = { id: rule.id, wire: rule.wire, meaning: rule.meaning };
    if (s) {
      m.seen = { seq: s.seq, t: s.t, transport: s.transport, dir: s.dir, text: s.text };
      seen.push(m);
    } else unseen.push(m);
  }
  seen.sort((a, b) => (a.seen?.seq ?? 0) - (b.seen?.seq ?? 0));
  return [...seen, ...unseen];
}

/** Application messages (Socket.IO EVENT / ACK, binary too) and the transport each used. */
export function appMessagesOf(sightings: readonly PacketSighting[]): PacketSighting[] {
  return sightings.filter((s) => {
    const t = s.packet.sio?.type;
    return t === 'EVENT' || t === 'ACK' || t === 'BINARY_EVENT' || t === 'BINARY_ACK';
  });
}

export interface HandshakeObservation {
  request: HttpRequestEvent;
  query: Record<string, string>;
  open?: NonNullable<EioPacketInfo['open']> & { seq: number };
}

/** The first Engine.IO handshake request (no sid) on browser-edge, and the open packet answering it. */
export function handshakeOf(events: readonly WireEvent[]): HandshakeObservation | undefined {
  let request: HttpRequestEvent | undefined;
  for (const e of events) {
    if (e.hop !== 'browser-edge') continue;
    if (!request) {
      if (e.kind !== 'http-request') continue;
      const q = parseEioTarget(e.target);
      if (q.eio !== undefined && q.sid === undefined) request = e;
      continue;
    }
    if (e.conn !== request.conn) continue;
    const open =
      e.kind === 'http-body' && e.final
        ? e.eio?.find((p) => p.type === 'open')?.open
        : e.kind === 'ws-frame'
          ? e.message?.eio?.open
          : undefined;
    if (open)
      return {
        request,
        query: parseEioTarget(request.target).query,
        open: { ...open, seq: e.seq },
      };
  }
  return request ? { request, query: parseEioTarget(request.target).query } : undefined;
}
