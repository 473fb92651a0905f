/**
 * What the captured events prove of lesson 9's steps, folded from the browser ↔ edge hop:
 *
 * - reconnect: after a node restart (the edge's `restart-node` fault event), a handshake of your
 *   socket (`GET …/socket.io/?EIO=4…&who=you`, no sid) answered `101`;
 * - spike / spread: a herd run (the page's `herd: N clients, jitter J` marker, then the restart)
 *   whose N simulated clients' reconnect handshakes arrived packed (jitter 0: at least half of them
 *   in one 100 ms window) or spread (jitter > 0: over 250 ms or more, no 100 ms window holding
 *   more than half);
 * - capped: two successive gaps between your handshakes equal within 50 ms (the waits stopped
 *   growing); `reconnectProofs` checks them against the Cap knob;
 * - rejoin: on `/secure`, CONNECT_ERROR "token expired", then `POST …/auth/token` answered, then a
 *   CONNECT answered, a `join` acked ok, and `GET …/poll?cursor=N` answered: the resume.
 */
import { LAB_NAMESPACES, LAB_PATHS } from '@/lib/lab/endpoints';
import type { Reducer } from '@/lib/live/fold-store';
import { HERD_MARK, isHandshake } from '@/lib/machines/reconnect-arrivals';
import { parseEioTarget } from '@/lib/mirror/select-eio';
import type { WireEvent } from '@/lib/mirror/types';
import {
  eventArgs,
  NO_SIDS,
  nextSids,
  type SidMap,
  sidOf,
  sioPacketsOf,
} from '../../../lib/mirror/sio-wire';
import type { StepProof } from '../../lesson/steps-store';

interface Run {
  t: number;
  seq: number;
  clients?: number;
  jitter?: number;
  simConns: ReadonlySet<string>;
  simDts: readonly number[];
  simSeqs: readonly number[];
  you: readonly { t: number; seq: number }[];
}

interface Plateau {
  gap: number;
  seqs: readonly number[];
}

type Stage = 'expired' | 'refresh' | 'connected' | 'joined' | 'resumed';
const STAGES: readonly Stage[] = ['expired', 'refresh', 'connected', 'joined', 'resumed'];

export interface ReconnectSteps {
  label: { clients: number; jitter: number } | null;
  run?: Run;
  /** Your handshakes waiting for their answer: conn → request seq. */
  yours: ReadonlyMap<string, number>;
  plateaus: readonly Plateau[];
  sids: SidMap;
  /** Requests of the rejoin waiting for their answer: conn → [stage, seq]. */
  asks: ReadonlyMap<string, readonly [Stage, number]>;
  /** `${sid}|${id}` of joins sent on /secure after the reconnect. */
  joins: ReadonlyMap<string, number>;
  auth: readonly number[];
  reconnect?: readonly number[];
  spike?: readonly number[];
  spread?: readonly number[];
  rejoin?: readonly number[];
}

const WINDOW = 100;

function peakWindow(dts: readonly number[]): number {
  let peak = 0;
  for (let i = 0, j = 0; j < dts.length; j += 1) {
    while ((dts[j] as number) - (dts[i] as number) >= WINDOW) i += 1;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

function judgeHerd(s: ReconnectSteps, run: Run): ReconnectSteps {
  const n = run.clients;
  if (n === undefined || run.jitter === undefined || run.simDts.length < n || n < 2) return s;
  const sorted = [...run.simDts].sort((a, b) => a - b);
  const peak = peakWindow(sorted);
  const span = (sorted.at(-1) as number) - (sorted[0] as number);
  const seqs = [run.seq, ...run.simSeqs];
  if (!s.spike && run.jitter === 0 && peak * 2 >= n) return { ...s, spike: seqs };
  if (!s.spread && run.jitter > 0 && span >= 250 && peak * 2 <= n) return { ...s, spread: seqs };
  return s;
}

function advance(s: ReconnectSteps, stage: Stage, seq: number): ReconnectSteps {
  if (s.rejoin) return s;
  const at = STAGES.indexOf(stage);
  if (stage === 'expired') return { ...s, auth: [seq] };
  if (s.auth.length !== at) return s;
  const auth = [...s.auth, seq];
  return at === STAGES.length - 1 ? { ...s, auth, rejoin: auth } : { ...s, auth };
}

function onRequest(s: ReconnectSteps, e: Extract<WireEvent, { kind: 'http-request' }>) {
  let out = s;
  if (isHandshake(e.target) && parseEioTarget(e.target).query.who === 'you' && s.run) {
    const run = s.run;
    const you = [...run.you, { t: e.t, seq: e.seq }];
    out = { ...out, run: { ...run, you }, yours: new Map(s.yours).set(e.conn, e.seq) };
    const [a, b, c] = you.slice(-3);
    if (a && b && c) {
      const g1 = b.t - a.t;
      const g2 = c.t - b.t;
      if (Math.abs(g2 - g1) <= 50)
        out.plateaus = [...s.plateaus, { gap: g2, seqs: [a.seq, b.seq, c.seq] }].slice(-10);
    }
  } else if (isHandshake(e.target) && s.run && !s.run.simConns.has(e.conn)) {
    const run = s.run;
    const sim: Run = {
      ...run,
      simConns: new Set([...run.simConns, e.conn]),
      simDts: [...run.simDts, e.t - run.t],
      simSeqs: [...run.simSeqs, e.seq],
    };
    out = judgeHerd({ ...out, run: sim }, sim);
  }
  const path = parseEioTarget(e.target).path;
  if (e.method === 'POST' && path.endsWith(LAB_PATHS.authToken) && s.auth.length === 1)
    out = { ...out, asks: new Map(s.asks).set(e.conn, ['refresh', e.seq] as const) };
  if (e.method === 'GET' && path.endsWith(LAB_PATHS.poll) && s.auth.length === 4)
    out = { ...out, asks: new Map(s.asks).set(e.conn, ['resumed', e.seq] as const) };
  return out;
}

function onResponse(s: ReconnectSteps, e: Extract<WireEvent, { kind: 'http-response' }>) {
  let out = s;
  const mine = s.yours.get(e.conn);
  if (mine !== undefined) {
    const yours = new Map(s.yours);
    yours.delete(e.conn);
    out = { ...out, yours };
    if (!s.reconnect && e.status === 101 && s.run) out.reconnect = [s.run.seq, mine, e.seq];
  }
  const ask = s.asks.get(e.conn);
  if (ask) {
    const asks = new Map(s.asks);
    asks.delete(e.conn);
    out = { ...out, asks };
    if (e.status >= 200 && e.status < 300) out = advance(out, ask[0], e.seq);
  }
  return out;
}

function onSio(s: ReconnectSteps, e: WireEvent): ReconnectSteps {
  let out = s;
  const sid = sidOf(s.sids, e);
  for (const p of sioPacketsOf(e)) {
    if (p.nsp !== LAB_NAMESPACES.secure) continue;
    if (p.type === 'CONNECT_ERROR' && e.dir === 'down') {
      const message = (p.data as { message?: unknown } | undefined)?.message;
      if (message === 'token expired') out = advance(out, 'expired', e.seq);
    } else if (p.type === 'CONNECT' && e.dir === 'down' && out.auth.length === 2) {
      out = advance(out, 'connected', e.seq);
    } else if (p.type === 'EVENT' && e.dir === 'up' && p.id !== undefined) {
      if (eventArgs(p).name === 'join' && out.auth.length === 3)
        out = { ...out, joins: new Map(out.joins).set(`${sid}|${p.id}`, e.seq) };
    } else if (p.type === 'ACK' && e.dir === 'down' && p.id !== undefined) {
      const ok = (eventArgs(p).args[0] as { ok?: unknown } | undefined)?.ok === true;
      if (ok && out.joins.has(`${sid}|${p.id}`)) out = advance(out, 'joined', e.seq);
    }
  }
  return out;
}

function step(s: ReconnectSteps, e: WireEvent): ReconnectSteps {
  if (e.kind === 'marker' && e.label.startsWith(HERD_MARK)) {
    const m = /(\d+) clients, jitter ([\d.]+)/.exec(e.label);
    const label = m ? { clients: Number(m[1]), jitter: Number(m[2]) } : null;
    const { run: _, ...rest } = s;
    return { ...rest, label };
  }
  if (e.kind === 'fault' && e.fault === 'restart-node') {
    const run: Run = {
      t: e.t,
      seq: e.seq,
      ...(s.label ?? {}),
      simConns: new Set(),
      simDts: [],
      simSeqs: [],
      you: [],
    };
    return { ...s, label: null, run };
  }
  if (e.hop !== 'browser-edge') return s;
  const sids = nextSids(s.sids, e);
  let out = sids === s.sids ? s : { ...s, sids };
  if (e.kind === 'http-request') out = onRequest(out, e);
  else if (e.kind === 'http-response') out = onResponse(out, e);
  else if (e.kind === 'ws-frame' || e.kind === 'http-body') out = onSio(out, e);
  return out;
}

export const reconnectSteps: Reducer<ReconnectSteps, WireEvent> = {
  init: () => ({
    label: null,
    yours: new Map(),
    plateaus: [],
    sids: NO_SIDS,
    asks: new Map(),
    joins: new Map(),
    auth: [],
  }),
  step,
};

/** `cap`: the Cap knob (ms); the waits that stopped growing must be that long. */
export function reconnectProofs(s: ReconnectSteps, cap: number): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  const capped = s.plateaus.find((p) => p.gap >= cap - 5 && p.gap <= cap + 1000)?.seqs;
  return {
    reconnect: proof(s.reconnect, ['reconnect.waiting', 'reconnect.attempting']),
    spike: proof(s.spike, []),
    spread: proof(s.spread, []),
    capped: proof(capped, ['reconnect.waiting']),
    rejoin: proof(s.rejoin, ['reconnect.attempting', 'reconnect.connected']),
  };
}
