/**
 * What the captured packets prove of lesson 4's steps, as an incremental fold over the browser ↔
 * edge hop: decoded Socket.IO packets inside Engine.IO messages, carried by WebSocket frames or
 * polling bodies, and the plain WebSockets the page aims at the Socket.IO path.
 */
import type { Reducer } from '@/lib/live/fold-store';
import type { EioPacketInfo, WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

/** The query each plain WebSocket adds, so its connection can be found in the capture. */
export const PLAIN_MARK = { eio: 'client=plain-eio', 'no-eio': 'client=plain-no-eio' } as const;

export interface StackSteps {
  /** EVENTs sent up with an ack id, waiting for the ACK: `${nsp}#${id}` → seq. */
  acks: Readonly<Record<string, number>>;
  /** CONNECTs sent up to a namespace other than '/': nsp → seq. */
  joins: Readonly<Record<string, number>>;
  /** A BINARY_EVENT sent up, waiting for its attachment. */
  binaryEvent?: number;
  /** Plain WebSockets: conn → kind, and the seq of the "hello" sent on the EIO=4 one. */
  plain: Readonly<
    Record<string, { kind: keyof typeof PLAIN_MARK; request: number; hello?: number }>
  >;
  emit?: readonly number[];
  ack?: readonly number[];
  namespace?: readonly number[];
  binary?: readonly number[];
  plainWs?: readonly number[];
}

function packetsOf(e: WireEvent): EioPacketInfo[] {
  if (e.kind === 'ws-frame') return e.message?.eio ? [e.message.eio] : [];
  if (e.kind === 'http-body' && e.final) return e.eio ?? [];
  return [];
}

function packetStep(s: StackSteps, e: WireEvent, p: EioPacketInfo): StackSteps {
  let out = s;
  const set = (patch: Partial<StackSteps>) => {
    out = { ...out, ...patch };
  };
  const sio = p.sio;
  if (e.dir === 'up' && p.sioAttachment && out.binaryEvent !== undefined && !out.binary)
    set({ binary: [out.binaryEvent, e.seq], binaryEvent: undefined });
  if (!sio) return out;
  const key = `${sio.nsp}#${sio.id}`;
  if (e.dir === 'up') {
    if (!out.emit && sio.type === 'EVENT') set({ emit: [e.seq] });
    if (sio.type === 'EVENT' && sio.id !== undefined) set({ acks: { ...out.acks, [key]: e.seq } });
    if (sio.type === 'CONNECT' && sio.nsp !== '/')
      set({ joins: { ...out.joins, [sio.nsp]: e.seq } });
    if (sio.type === 'BINARY_EVENT' && (sio.attachments ?? 0) > 0) set({ binaryEvent: e.seq });
  } else {
    const sent = out.acks[key];
    if (!out.ack && sio.type === 'ACK' && sent !== undefined) set({ ack: [sent, e.seq] });
    const joined = out.joins[sio.nsp];
    if (
      !out.namespace &&
      joined !== undefined &&
      (sio.type === 'CONNECT' || sio.type === 'CONNECT_ERROR')
    )
      set({ namespace: [joined, e.seq] });
  }
  return out;
}

function plainStep(s: StackSteps, e: WireEvent): StackSteps {
  if (e.kind === 'http-request') {
    const kind = (Object.keys(PLAIN_MARK) as (keyof typeof PLAIN_MARK)[]).find((k) =>
      e.target.includes(PLAIN_MARK[k]),
    );
    return kind ? { ...s, plain: { ...s.plain, [e.conn]: { kind, request: e.seq } } } : s;
  }
  const c = s.plain[e.conn];
  if (!c || s.plainWs) return s;
  // Without EIO: the server refuses the handshake itself.
  if (e.kind === 'http-response' && c.kind === 'no-eio' && e.status !== 101)
    return { ...s, plainWs: [c.request, e.seq] };
  // With EIO=4: the page's "hello" is not an Engine.IO packet, and the server closes.
  if (e.kind === 'ws-frame' && e.dir === 'up' && e.frame.opcodeName === 'text' && !e.message?.eio)
    return { ...s, plain: { ...s.plain, [e.conn]: { ...c, hello: e.seq } } };
  const serverCloses =
    (e.kind === 'conn-close' && e.by === 'server') ||
    (e.kind === 'ws-frame' && e.dir === 'down' && e.frame.opcodeName === 'close');
  if (c.kind === 'eio' && c.hello !== undefined && serverCloses)
    return { ...s, plainWs: [c.hello, e.seq] };
  return s;
}

function step(s: StackSteps, e: WireEvent): StackSteps {
  if (e.hop !== 'browser-edge') return s;
  let out = plainStep(s, e);
  if (out.plain[e.conn]) return out;
  for (const p of packetsOf(e)) out = packetStep(out, e, p);
  return out;
}

export const stackSteps: Reducer<StackSteps, WireEvent> = {
  init: () => ({ acks: {}, joins: {}, plain: {} }),
  step,
};

export function stackProofs(s: StackSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  return {
    emit: proof(s.emit, ['sio.connected']),
    ack: proof(s.ack, ['sio.connected']),
    namespace: proof(s.namespace, ['sio.connecting', 'sio.connected', 'sio.refused']),
    binary: proof(s.binary, ['sio.connected']),
    'plain-ws': proof(s.plainWs, []),
  };
}
