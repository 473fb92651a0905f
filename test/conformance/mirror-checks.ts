/**
 * After the suites ran through the edge: did the session's mirror see their traffic on both hops,
 * decoded down to Engine.IO and Socket.IO packets, and was it the same traffic on both? Counts and
 * sequences only (no timings).
 */
import { messageBytes } from '../../lib/mirror/message-bytes';
import type { EioPacketInfo, Header, Hop, WireEvent } from '../../lib/mirror/types';
import { HOPS } from '../../lib/mirror/types';
import type { MirrorClient } from '../integration/mirror-client';

export interface MirrorCheck {
  what: string;
  ok: boolean;
  detail: string;
}

interface HopCounts {
  httpRequests: number;
  wsMessages: number;
  eioPackets: number;
  eioOpens: number;
  sioPackets: number;
  pollingBodies: number;
  protocolErrors: number;
}

function countHop(events: WireEvent[], hop: Hop): HopCounts {
  const c: HopCounts = {
    httpRequests: 0,
    wsMessages: 0,
    eioPackets: 0,
    eioOpens: 0,
    sioPackets: 0,
    pollingBodies: 0,
    protocolErrors: 0,
  };
  const packet = (p: EioPacketInfo) => {
    c.eioPackets += 1;
    if (p.type === 'open') c.eioOpens += 1;
    if (p.sio !== undefined) c.sioPackets += 1;
  };
  for (const e of events) {
    if (e.hop !== hop) continue;
    if (e.kind === 'http-request') c.httpRequests += 1;
    else if (e.kind === 'protocol-error') c.protocolErrors += 1;
    else if (e.kind === 'http-body' && e.eio !== undefined) {
      c.pollingBodies += 1;
      e.eio.forEach(packet);
    } else if (e.kind === 'ws-frame' && e.message !== undefined) {
      c.wsMessages += 1;
      if (e.message.eio !== undefined) packet(e.message.eio);
    }
  }
  return c;
}

const headerLines = (headers: readonly Header[]) => headers.map(([n, v]) => `${n}: ${v}`);

/** What a hop carried for one connection and direction, as comparable lines. */
function lineOf(e: WireEvent): string[] {
  switch (e.kind) {
    case 'http-request':
      // The session's key cookie is the edge's business (it may keep it from the lab node).
      return [
        `${e.method} ${e.target}`,
        ...headerLines(e.headers.filter(([n]) => !/^cookie$/i.test(n))),
      ];
    case 'http-response':
      return [`${e.status} ${e.reason}`, ...headerLines(e.headers)];
    case 'http-body':
      return (e.eio ?? []).map((p) => `eio ${p.encoded ?? `${p.type} ${p.binary ?? ''}`}`);
    case 'ws-frame': {
      if (e.message === undefined) return e.frame.opcodeName === 'close' ? ['close frame'] : [];
      const bytes = messageBytes(e) ?? new Uint8Array(0);
      return [`${e.message.type} ${Buffer.from(bytes).toString('hex')}`];
    }
    case 'conn-close':
      return [`closed (${e.how})`];
    default:
      return [];
  }
}

/** Connections (and directions) whose requests, statuses, messages or closes differ between hops. */
function differences(events: WireEvent[]): string[] {
  const lines = new Map<string, Record<Hop, string[]>>();
  for (const e of events) {
    const key = `${e.conn} ${e.dir}`;
    let entry = lines.get(key);
    if (entry === undefined) {
      entry = { 'browser-edge': [], 'edge-node': [] };
      lines.set(key, entry);
    }
    entry[e.hop].push(...lineOf(e));
  }
  const differ: string[] = [];
  for (const [key, hops] of lines) {
    if (hops['browser-edge'].join('\n') !== hops['edge-node'].join('\n')) differ.push(key);
  }
  return differ;
}

const show = (a: number, b: number) => `browser-edge ${a}, edge-node ${b}`;

export async function mirrorChecks(mirror: MirrorClient): Promise<MirrorCheck[]> {
  // Events reach the mirror in batches, and the suites' last sockets close as their process ends:
  // wait (by content, not time) until both hops tell the same story, or give up after 10 s.
  await mirror
    .waitFor((events) => differences(events).length === 0, 'both hops to match', 10_000)
    .catch(() => {});
  const events = mirror.events;
  const [a, b] = HOPS.map((hop) => countHop(events, hop)) as [HopCounts, HopCounts];
  const both = (what: string, key: keyof HopCounts): MirrorCheck => ({
    what,
    ok: a[key] > 0 && b[key] > 0,
    detail: show(a[key], b[key]),
  });
  const same = (what: string, key: keyof HopCounts): MirrorCheck => ({
    what,
    ok: a[key] > 0 && a[key] === b[key],
    detail: show(a[key], b[key]),
  });
  const differ = differences(events);
  const connections = new Set(events.map((e) => e.conn).filter((c) => c !== '-')).size;
  return [
    { what: 'mirror dropped no events', ok: mirror.dropped === 0, detail: `${mirror.dropped}` },
    {
      what: 'each connection carried the same requests, responses (heads), messages and closes on both hops',
      ok: connections > 0 && differ.length === 0,
      detail:
        differ.length === 0
          ? `${connections} connections`
          : `differ: ${differ.slice(0, 5).join(', ')}${differ.length > 5 ? '…' : ''}`,
    },
    same('HTTP requests', 'httpRequests'),
    same('Engine.IO handshakes (open packets)', 'eioOpens'),
    both('WebSocket messages', 'wsMessages'),
    both('polling bodies decoded as Engine.IO payloads', 'pollingBodies'),
    both('Engine.IO packets decoded', 'eioPackets'),
    both('Socket.IO packets decoded', 'sioPackets'),
    {
      what: 'protocol errors flagged (the suites send malformed packets on purpose)',
      ok: a.protocolErrors === b.protocolErrors,
      detail: show(a.protocolErrors, b.protocolErrors),
    },
  ];
}
