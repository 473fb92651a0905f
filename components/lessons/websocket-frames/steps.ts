/**
 * What the captured frames prove of lesson 2's steps, as an incremental fold over the browser ↔ edge
 * hop of the page's WebSockets to the lab echo server (`…/ws`). Each step is proven by frames with
 * the right header bits in the right order on one connection, never by a click.
 */
import type { Reducer } from '@/lib/live/fold-store';
import { framePayload } from '@/lib/mirror/message-bytes';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { WireEvent, WsFrameEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

/** An open question on one connection: the seqs seen so far. */
type Pending = Readonly<Record<string, readonly number[]>>;

export interface FramesSteps {
  /** Connections whose upgrade request asked for the echo endpoint. */
  conns: ReadonlySet<string>;
  /** Per connection: a masked text / binary message sent up, waiting for its unmasked echo. */
  textUp: Pending;
  binaryUp: Pending;
  /** Per connection + direction: a fragmented message in progress (its frames' seqs). */
  fragments: Pending;
  /** Per connection: a ping from the server waiting for the browser's pong. */
  pingDown: Readonly<Record<string, { seq: number; payload: string }>>;
  /** Per connection: the browser's close frame (with a code and a reason). */
  closeUp: Readonly<Record<string, { seq: number; code: number }>>;
  len16?: number;
  len64?: number;
  text?: readonly number[];
  binary?: readonly number[];
  lengths?: readonly number[];
  fragmented?: readonly number[];
  pingPong?: readonly number[];
  close?: readonly number[];
}

const isEchoTarget = (target: string) => /\/ws(\?|$)/.test(target);

const without = <T>(r: Readonly<Record<string, T>>, k: string): Readonly<Record<string, T>> => {
  const { [k]: _, ...rest } = r;
  return rest;
};

const hexOf = (e: WsFrameEvent) =>
  [...framePayload(e)].map((b) => b.toString(16).padStart(2, '0')).join('');

function frameStep(s: FramesSteps, e: WsFrameEvent): FramesSteps {
  const f = e.frame;
  const c = e.conn;
  let out = s;
  const set = (patch: Partial<FramesSteps>) => {
    out = { ...out, ...patch };
  };

  // Header sizes: the 16-bit and the 64-bit extended length, either direction.
  if (out.len16 === undefined && f.lengthBits === 16) set({ len16: e.seq });
  if (out.len64 === undefined && f.lengthBits === 64) set({ len64: e.seq });
  if (!out.lengths && out.len16 !== undefined && out.len64 !== undefined)
    set({ lengths: [out.len16, out.len64] });

  // A whole text / binary message sent up masked, echoed down unmasked.
  for (const [op, key, proof] of [
    ['text', 'textUp', 'text'],
    ['binary', 'binaryUp', 'binary'],
  ] as const) {
    if (f.opcodeName !== op || !f.fin || out[proof]) continue;
    if (e.dir === 'up' && f.masked) set({ [key]: { ...out[key], [c]: [e.seq] } });
    const up = out[key][c];
    if (e.dir === 'down' && !f.masked && up) set({ [proof]: [...up, e.seq], [key]: {} });
  }

  // Fragmentation: a data frame with FIN 0, continuations, the last with FIN 1.
  const fk = `${c} ${e.dir}`;
  if (!out.fragmented) {
    if ((f.opcodeName === 'text' || f.opcodeName === 'binary') && !f.fin)
      set({ fragments: { ...out.fragments, [fk]: [e.seq] } });
    else if (f.opcodeName === 'continuation') {
      const started = out.fragments[fk];
      if (started && f.fin) set({ fragmented: [...started, e.seq], fragments: {} });
      else if (started) set({ fragments: { ...out.fragments, [fk]: [...started, e.seq] } });
    } else if (f.opcodeName === 'text' || f.opcodeName === 'binary')
      set({ fragments: without(out.fragments, fk) });
  }

  // Ping from the server, the browser's pong with the same payload.
  if (!out.pingPong) {
    if (f.opcodeName === 'ping' && e.dir === 'down')
      set({ pingDown: { ...out.pingDown, [c]: { seq: e.seq, payload: hexOf(e) } } });
    const ping = out.pingDown[c];
    if (f.opcodeName === 'pong' && e.dir === 'up' && ping && ping.payload === hexOf(e))
      set({ pingPong: [ping.seq, e.seq], pingDown: {} });
  }

  // Close with a code and a reason, answered by the server's close with the same code.
  if (!out.close && f.opcodeName === 'close') {
    const code = f.close?.code;
    if (e.dir === 'up' && code !== undefined && (f.close?.reason ?? '') !== '')
      set({ closeUp: { ...out.closeUp, [c]: { seq: e.seq, code } } });
    const up = out.closeUp[c];
    if (e.dir === 'down' && up && code === up.code) set({ close: [up.seq, e.seq], closeUp: {} });
  }
  return out;
}

function step(s: FramesSteps, e: WireEvent): FramesSteps {
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'http-request') {
    if (!isWebSocketUpgrade(e) || !isEchoTarget(e.target) || s.conns.has(e.conn)) return s;
    return { ...s, conns: new Set(s.conns).add(e.conn) };
  }
  if (e.kind !== 'ws-frame' || !s.conns.has(e.conn)) return s;
  return frameStep(s, e);
}

export const framesSteps: Reducer<FramesSteps, WireEvent> = {
  init: (): FramesSteps => ({
    conns: new Set(),
    textUp: {},
    binaryUp: {},
    fragments: {},
    pingDown: {},
    closeUp: {},
  }),
  step,
};

export function framesProofs(s: FramesSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    text: proof(s.text, ['ws.open']),
    binary: proof(s.binary, ['ws.open']),
    lengths: proof(s.lengths, ['ws.open']),
    fragments: proof(s.fragmented, ['ws.open']),
    'ping-pong': proof(s.pingPong, ['ws.open']),
    close: proof(s.close, ['ws.closing', 'ws.closed']),
  };
}
