/**
 * What the captured packets prove of lesson 5's steps, as an incremental fold over the browser ↔
 * edge hop: Engine.IO requests (their `EIO`, `transport` and `sid` query), the packets their bodies
 * and frames carry, and the answer to each WebSocket upgrade request.
 */
import type { Reducer } from '@/lib/live/fold-store';
import { isWebSocketUpgrade, parseEioTarget } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

type Role = 'poll-handshake' | 'poll' | 'ws-handshake' | 'ws-probe';

export interface UpgradeSteps {
  /** Engine.IO connections by role, with the seq of the request that made them so. */
  conns: Readonly<Record<string, { role: Role; request: number }>>;
  /** `40` sent up over polling. */
  connectUp?: number;
  /** `2probe` sent up, and the `6` seen while upgrading. */
  probeUp?: { conn: string; seq: number };
  noop?: number;
  /** A probe WebSocket refused (request, response). */
  refused?: readonly number[];
  handshake?: readonly number[];
  connect?: readonly number[];
  pollingMessages?: readonly number[];
  probe?: readonly number[];
  upgrade?: readonly number[];
  websocketOnly?: readonly number[];
  blocked?: readonly number[];
}

function packetsOf(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
}

function roleOf(e: WireEvent & { kind: 'http-request' }): Role | undefined {
  const q = parseEioTarget(e.target);
  if (q.eio === undefined) return undefined;
  if (isWebSocketUpgrade(e)) return q.sid === undefined ? 'ws-handshake' : 'ws-probe';
  if (q.transport !== 'polling') return undefined;
  return q.sid === undefined ? 'poll-handshake' : 'poll';
}

function packetStep(s: UpgradeSteps, e: WireEvent, p: EioPacketInfo, role: Role): UpgradeSteps {
  let out = s;
  const set = (patch: Partial<UpgradeSteps>) => {
    out = { ...out, ...patch };
  };
  const request = out.conns[e.conn]?.request as number;
  const polling = role === 'poll' || role === 'poll-handshake';
  if (!out.handshake && role === 'poll-handshake' && e.dir === 'down' && p.type === 'open')
    set({ handshake: [request, e.seq] });
  if (!out.websocketOnly && role === 'ws-handshake' && e.dir === 'down' && p.type === 'open')
    set({ websocketOnly: [request, e.seq] });
  const sio = p.sio?.type;
  if (polling && sio === 'CONNECT') {
    if (e.dir === 'up') set({ connectUp: e.seq });
    else if (!out.connect && out.connectUp !== undefined) set({ connect: [out.connectUp, e.seq] });
  }
  const isMessage =
    sio === 'EVENT' || sio === 'ACK' || sio === 'BINARY_EVENT' || sio === 'BINARY_ACK';
  if (polling && isMessage) {
    if (!out.pollingMessages) set({ pollingMessages: [e.seq] });
    if (!out.blocked && out.refused) set({ blocked: [...out.refused, e.seq] });
  }
  if (role === 'ws-probe') {
    if (p.type === 'ping' && p.data === 'probe' && e.dir === 'up')
      set({ probeUp: { conn: e.conn, seq: e.seq } });
    const up = out.probeUp;
    if (!out.probe && p.type === 'pong' && p.data === 'probe' && e.dir === 'down' && up)
      set({ probe: [up.seq, e.seq] });
    if (!out.upgrade && p.type === 'upgrade' && e.dir === 'up' && out.probe)
      set({ upgrade: [e.seq, ...(out.noop !== undefined ? [out.noop] : [])] });
  }
  if (polling && p.type === 'noop' && e.dir === 'down' && out.probe && !out.upgrade)
    set({ noop: e.seq });
  return out;
}

function step(s: UpgradeSteps, e: WireEvent): UpgradeSteps {
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'http-request') {
    const role = roleOf(e);
    return role ? { ...s, conns: { ...s.conns, [e.conn]: { role, request: e.seq } } } : s;
  }
  const c = s.conns[e.conn];
  if (!c) return s;
  if (e.kind === 'http-response' && c.role === 'ws-probe' && e.status !== 101 && !s.refused)
    return { ...s, refused: [c.request, e.seq] };
  let out = s;
  for (const p of packetsOf(e)) out = packetStep(out, e, p, c.role);
  return out;
}

export const upgradeSteps: Reducer<UpgradeSteps, WireEvent> = {
  init: () => ({ conns: {} }),
  step,
};

export function upgradeProofs(s: UpgradeSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    handshake: proof(s.handshake, ['eio.session.handshaking', 'eio.session.polling']),
    connect: proof(s.connect, ['eio.session.polling']),
    'polling-messages': proof(s.pollingMessages, ['eio.session.polling']),
    probe: proof(s.probe, ['eio.session.probing']),
    upgrade: proof(s.upgrade, ['eio.session.upgrading', 'eio.session.websocket']),
    'websocket-only': proof(s.websocketOnly, ['eio.session.websocket']),
    blocked: proof(s.blocked, ['eio.session.polling']),
  };
}
