/**
 * What the captured events prove of lesson 3's steps, as an incremental fold. Deadlines are read
 * off the wire, not off a clock: a pong deadline is missed when the server's close crosses the
 * edge ↔ node hop `pingTimeout` (announced in the open packet) or more after a ping that no pong
 * answered; the page's clock plays no part.
 */

import type { Reducer } from '@/lib/live/fold-store';
import { parseHeartbeatMessage } from '@/lib/machines/app-heartbeat';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

export interface HeartbeatSteps {
  /** pingTimeout from the last open packet seen (either hop). */
  timeout?: number;
  /** Browser ↔ edge: the ping waiting for its pong, and the ping/pong pairs seen. */
  pingB?: number;
  pairs: readonly number[];
  /** Edge ↔ node: the server's last ping that no pong has answered yet. */
  pingN?: { seq: number; t: number };
  /** Connections (browser ↔ edge) that asked to upgrade to the raw echo endpoint. */
  wsConns: ReadonlySet<string>;
  /** App-level heartbeats sent up and not acknowledged yet: n → seq. */
  hbSent: Readonly<Record<number, number>>;
  /** idle-timeout faults announced per connection. */
  idleFaults: Readonly<Record<string, number>>;
  pings?: readonly number[];
  deadline?: readonly number[];
  reconnect?: readonly number[];
  app?: readonly number[];
  gaveUp?: readonly number[];
  idle?: readonly number[];
}

type Beat = 'ping' | 'pong' | 'open' | 'close';

/** Heartbeat-relevant things one event carries: Engine.IO packets or raw ping/pong/close frames. */
function beatsOf(e: WireEvent): { beat: Beat; timeout?: number }[] {
  const eio = (p: EioPacketInfo): { beat: Beat; timeout?: number }[] => {
    if (p.data === 'probe') return [];
    if (p.type === 'ping') return [{ beat: 'ping' }];
    if (p.type === 'pong') return [{ beat: 'pong' }];
    if (p.type === 'close') return [{ beat: 'close' }];
    if (p.type === 'open')
      return [{ beat: 'open', ...(p.open ? { timeout: p.open.pingTimeout } : {}) }];
    return [];
  };
  if (e.kind === 'http-body' && e.final) return (e.eio ?? []).flatMap(eio);
  if (e.kind !== 'ws-frame') return [];
  if (e.message?.eio) return eio(e.message.eio);
  const op = e.frame.opcodeName;
  if (op === 'ping' || op === 'pong' || op === 'close') return [{ beat: op }];
  return [];
}

const isEchoTarget = (target: string) => /\/ws(\?|$)/.test(target);

function browserStep(s: HeartbeatSteps, e: WireEvent): HeartbeatSteps {
  let out = s;
  const set = (patch: Partial<HeartbeatSteps>) => {
    out = { ...out, ...patch };
  };
  if (e.kind === 'http-request' && isWebSocketUpgrade(e) && isEchoTarget(e.target))
    set({ wsConns: new Set(out.wsConns).add(e.conn) });
  for (const { beat, timeout } of beatsOf(e)) {
    if (beat === 'open' && timeout !== undefined) set({ timeout });
    if (beat === 'open' && out.deadline && !out.reconnect) set({ reconnect: [e.seq] });
    if (out.pings) continue;
    if (beat === 'ping' && e.dir === 'down') set({ pingB: e.seq });
    if (beat === 'pong' && e.dir === 'up' && out.pingB !== undefined) {
      const pairs = [...out.pairs, out.pingB, e.seq];
      set({ pairs, pingB: undefined, ...(pairs.length >= 4 ? { pings: pairs } : {}) });
    }
  }
  // The raw WebSocket's next connection opening (its 101) after the server gave up.
  if (
    e.kind === 'http-response' &&
    e.status === 101 &&
    out.wsConns.has(e.conn) &&
    out.deadline &&
    !out.reconnect
  )
    set({ reconnect: [e.seq] });
  if (e.kind === 'ws-frame' && e.message?.text !== undefined && out.wsConns.has(e.conn)) {
    const hb = parseHeartbeatMessage(e.message.text);
    if (hb?.[0] === 'hb' && e.dir === 'up') set({ hbSent: { ...out.hbSent, [hb[1]]: e.seq } });
    const sent = hb ? out.hbSent[hb[1]] : undefined;
    if (hb?.[0] === 'hb-ack' && e.dir === 'down' && sent !== undefined) {
      const { [hb[1]]: _, ...rest } = out.hbSent;
      set({ hbSent: rest, ...(out.app ? {} : { app: [sent, e.seq] }) });
    }
  }
  // The page's app heartbeat gives up (close 4000) with heartbeats still unanswered.
  if (
    !out.gaveUp &&
    e.kind === 'ws-frame' &&
    e.dir === 'up' &&
    e.frame.opcodeName === 'close' &&
    e.frame.close?.code === 4000 &&
    Object.keys(out.hbSent).length > 0
  )
    set({ gaveUp: [...Object.values(out.hbSent), e.seq] });
  return out;
}

function nodeStep(s: HeartbeatSteps, e: WireEvent): HeartbeatSteps {
  let out = s;
  const set = (patch: Partial<HeartbeatSteps>) => {
    out = { ...out, ...patch };
  };
  const serverClose = (e.kind === 'conn-close' && e.by === 'server') || undefined;
  for (const { beat, timeout } of beatsOf(e)) {
    if (beat === 'open' && timeout !== undefined) set({ timeout, pingN: undefined });
    if (beat === 'ping' && e.dir === 'down') set({ pingN: { seq: e.seq, t: e.t } });
    if (beat === 'pong' && e.dir === 'up') set({ pingN: undefined });
    if (beat === 'close' && e.dir === 'down') closed();
  }
  if (serverClose) closed();
  function closed() {
    const ping = out.pingN;
    if (out.deadline || !ping) return;
    if (out.timeout !== undefined && e.t - ping.t < out.timeout) return;
    set({ deadline: [ping.seq, e.seq], pingN: undefined });
  }
  return out;
}

function step(s: HeartbeatSteps, e: WireEvent): HeartbeatSteps {
  if (e.kind === 'fault' && e.fault === 'idle-timeout')
    return { ...s, idleFaults: { ...s.idleFaults, [e.conn]: e.seq } };
  if (!s.idle && e.kind === 'conn-close' && e.by === 'edge') {
    const fault = s.idleFaults[e.conn];
    if (fault !== undefined) return { ...s, idle: [fault, e.seq] };
  }
  return e.hop === 'browser-edge' ? browserStep(s, e) : nodeStep(s, e);
}

export const heartbeatSteps: Reducer<HeartbeatSteps, WireEvent> = {
  init: () => ({ pairs: [], wsConns: new Set(), hbSent: {}, idleFaults: {} }),
  step,
};

export function heartbeatProofs(s: HeartbeatSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    pings: proof(s.pings, [
      'heartbeat.connected.awaitingPong',
      'heartbeat.connected.waitingForPing',
    ]),
    deadline: proof(s.deadline, ['heartbeat.connected.pongOverdue', 'heartbeat.closed']),
    reconnect: proof(s.reconnect, ['heartbeat.reconnecting', 'heartbeat.connected']),
    app: proof(s.app, ['appHeartbeat.connected.awaitingAck', 'appHeartbeat.connected.waiting']),
    'gives-up': proof(s.gaveUp, ['appHeartbeat.connected.dead', 'appHeartbeat.closed']),
    idle: proof(s.idle, ['heartbeat.closed']),
  };
}
