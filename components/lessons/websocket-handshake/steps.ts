/**
 * What the captured events prove of lesson 1's steps, as an incremental fold: every WebSocket
 * connection seen on the browser ↔ edge hop runs through the real `wsConnectionMachine`, and a
 * step is proven by the machine's state and context, not by a click.
 */
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import type { Reducer } from '@/lib/live/fold-store';
import { wsConnectionMachine } from '@/lib/machines/ws-connection';
import { toWsConnectionEvents } from '@/lib/machines/ws-connection-events';
import { isWebSocketUpgrade } from '@/lib/mirror/select-eio';
import type { WireEvent } from '@/lib/mirror/types';
import { computeAccept } from '@/lib/wire/websocket-accept';
import type { StepProof } from '../../lesson/steps-store';

type Snapshot = SnapshotFrom<typeof wsConnectionMachine>;

interface Conn {
  snapshot: Snapshot;
  requestSeq?: number;
  responseSeq?: number;
  key?: string;
  firstFrameSeqs: number[];
  closeSeqs: number[];
}

export interface HandshakeSteps {
  conns: ReadonlyMap<string, Conn>;
  upgrade?: readonly number[];
  accept?: readonly number[];
  frames?: readonly number[];
  close?: readonly number[];
  refused?: readonly number[];
}

function initialSnapshot(): Snapshot {
  return wsConnectionMachine.resolveState({
    value: 'idle',
    context: wsConnectionMachine.config.context as Snapshot['context'],
  });
}

function step(s: HandshakeSteps, e: WireEvent): HandshakeSteps {
  if (e.hop !== 'browser-edge') return s;
  // Everything proven: nothing more to learn from the wire.
  if (s.upgrade && s.accept && s.frames && s.close && s.refused) return s;
  let c = s.conns.get(e.conn);
  if (!c) {
    // Only connections that start with a WebSocket upgrade request (or their TCP open) matter.
    if (!(e.kind === 'conn-open' || (e.kind === 'http-request' && isWebSocketUpgrade(e)))) return s;
    c = { snapshot: initialSnapshot(), firstFrameSeqs: [], closeSeqs: [] };
  }
  let snapshot = c.snapshot;
  for (const me of toWsConnectionEvents(e))
    snapshot = getNextSnapshot(wsConnectionMachine, snapshot, me);
  const next: Conn = { ...c, snapshot };
  if (e.kind === 'http-request') {
    next.requestSeq = e.seq;
    const key = e.headers.find(([k]) => k.toLowerCase() === 'sec-websocket-key')?.[1];
    if (key !== undefined) next.key = key.trim();
  }
  if (e.kind === 'http-response' && next.responseSeq === undefined) next.responseSeq = e.seq;
  if (e.kind === 'ws-frame') {
    if (e.frame.opcodeName === 'close') next.closeSeqs = [...c.closeSeqs, e.seq];
    else if (
      e.frame.opcodeName !== 'ping' &&
      e.frame.opcodeName !== 'pong' &&
      c.firstFrameSeqs.length < 2
    )
      next.firstFrameSeqs = [...c.firstFrameSeqs, e.seq];
  }
  // A connection whose machine has ended can prove nothing more: forget it, so the state stays as
  // small as the number of open connections.
  const conns = new Map(s.conns);
  if (snapshot.status === 'done') conns.delete(e.conn);
  else conns.set(e.conn, next);
  const out: HandshakeSteps = { ...s, conns };
  const pair = [next.requestSeq, next.responseSeq].filter((x): x is number => x !== undefined);
  const ctx = snapshot.context;
  if (
    !s.upgrade &&
    ctx.status === 101 &&
    !snapshot.matches('idle') &&
    !snapshot.matches('handshake')
  )
    out.upgrade = pair;
  if (!s.accept && e.kind === 'http-response' && e.status === 101 && next.key) {
    const accept = e.headers.find(([k]) => k.toLowerCase() === 'sec-websocket-accept')?.[1];
    if (accept !== undefined && accept.trim() === computeAccept(next.key)) out.accept = pair;
  }
  if (!s.frames && ctx.framesUp > 0 && ctx.framesDown > 0) out.frames = next.firstFrameSeqs;
  if (!s.close && snapshot.matches('closed') && ctx.clean && ctx.code === 1000)
    out.close = next.closeSeqs;
  if (!s.refused && snapshot.matches('failed') && ctx.status !== undefined && ctx.status !== 101)
    out.refused = pair;
  return out;
}

export const handshakeSteps: Reducer<HandshakeSteps, WireEvent> = {
  init: () => ({ conns: new Map() }),
  step,
};

export function handshakeProofs(s: HandshakeSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    upgrade: proof(s.upgrade, ['ws.handshake.requestSent', 'ws.open']),
    accept: proof(s.accept, ['ws.open']),
    frames: proof(s.frames, ['ws.open']),
    close: proof(s.close, ['ws.closing', 'ws.closed']),
    refused: proof(s.refused, ['ws.failed']),
  };
}
