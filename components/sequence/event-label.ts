/**
 * Short, decoded one-line summaries of WireEvents for arrows and list rows
 * (`GET …/ws Upgrade`, `101 Switching Protocols`, `text "hello"`, `eio 4 · sio 2["chat",…]`).
 */
import type { EioPacketInfo, FaultEvent, WireEvent, WsFrameEvent } from '@/lib/mirror/types';
import { fromBase64 } from '@/lib/wire/bytes';
import { faultPreview } from './fault-preview';

/** Events the sequence diagram draws (one arrow or rule each). */
export function isDiagramEvent(e: WireEvent): boolean {
  if (e.kind === 'http-body') return e.final;
  return true;
}

/** Replaces the `/lab/<session>` prefix with `…` so targets stay short. */
export function shortTarget(target: string): string {
  return target.replace(/^\/lab\/[0-9a-f]{8,}/, '…');
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  return `${text.slice(0, max - 1)}…`;
}

export function eioPacketLabel(p: EioPacketInfo): string {
  if (p.type === 'message' && p.sio) return `eio 4 · sio ${truncate(p.sio.encoded, 40)}`;
  if (p.type === 'open') return `eio 0 open${p.open ? ` sid=${p.open.sid}` : ''}`;
  if (p.binary !== undefined) {
    const n = fromBase64(p.binary)?.length ?? 0;
    return `eio ${p.type} binary ${n} B${p.sioAttachment ? ' (attachment)' : ''}`;
  }
  if (p.encoded !== undefined) return `eio ${truncate(p.encoded, 40)}`;
  return `eio ${p.type}${p.data ? ` ${truncate(p.data, 30)}` : ''}`;
}

function frameLabel(e: WsFrameEvent): string {
  const f = e.frame;
  const eio = e.message?.eio;
  if (eio) return eioPacketLabel(eio);
  const fragment = !f.fin || f.opcodeName === 'continuation';
  switch (f.opcodeName) {
    case 'text': {
      if (e.message?.text !== undefined && !fragment) {
        return `text ${JSON.stringify(truncate(e.message.text, 30))}`;
      }
      return `text fragment ${f.payloadLength} B`;
    }
    case 'binary':
      return fragment ? `binary fragment ${f.payloadLength} B` : `binary ${f.payloadLength} B`;
    case 'continuation':
      return `continuation${f.fin ? ' (final)' : ''} ${f.payloadLength} B`;
    case 'close':
      if (f.close?.code === undefined) return 'close (no code)';
      return `close ${f.close.code}${f.close.reason ? ` ${JSON.stringify(truncate(f.close.reason, 20))}` : ''}`;
    case 'ping':
      return `ping ${f.payloadLength} B`;
    case 'pong':
      return `pong ${f.payloadLength} B`;
    default:
      return `opcode 0x${f.opcode.toString(16)} (reserved)`;
  }
}

export function eventLabel(e: WireEvent): string {
  switch (e.kind) {
    case 'http-request': {
      const upgrade = e.headers.some(
        ([n, v]) => n.toLowerCase() === 'upgrade' && v.toLowerCase().includes('websocket'),
      );
      return `${e.method} ${shortTarget(e.target)}${upgrade ? ' Upgrade' : ''}`;
    }
    case 'http-response':
      return `${e.status} ${e.reason}`;
    case 'http-body': {
      if (e.eio && e.eio.length > 0) {
        const first = e.eio[0] as EioPacketInfo;
        const more = e.eio.length > 1 ? ` +${e.eio.length - 1}` : '';
        return `body ${eioPacketLabel(first)}${more}`;
      }
      if (e.sse && e.sse.length > 0)
        return `SSE ${e.sse.length} event${e.sse.length > 1 ? 's' : ''}`;
      return `body ${e.size} B`;
    }
    case 'ws-frame':
      return frameLabel(e);
    case 'conn-open':
      return 'TCP open';
    case 'conn-close':
      return `TCP ${e.how === 'end' ? 'FIN' : e.how === 'reset' ? 'RST' : 'error'} by ${e.by}`;
    case 'protocol-error':
      return `error (${e.layer}): ${e.message}`;
    case 'marker':
      return e.label;
    case 'fault':
      return `⚡ ${faultShortLabel(e)}`;
  }
}

function ms(n: number): string {
  return `${Math.round(n)} ms`;
}

function withPreview(word: string, e: FaultEvent): string {
  const preview = faultPreview(e);
  return preview ? `${word} ${preview}` : word;
}

/** Summary events ("+37 drops") stand for many rate-limited occurrences. */
const FAULT_PLURAL: Partial<Record<FaultEvent['fault'], string>> = {
  loss: 'stalls',
  latency: 'delays',
  bandwidth: 'throttled',
  drop: 'drops',
  dup: 'duplicates',
  reorder: 'reorders',
  blackhole: 'vanished',
};

/** What a fault did, in a word or two, for the diagram: "drop", "stall 200 ms", "RST". */
export function faultShortLabel(e: FaultEvent): string {
  const count = (e as FaultEvent & { count?: number }).count;
  if (count !== undefined && count > 1) return `+${count} ${FAULT_PLURAL[e.fault] ?? e.fault}`;
  const d = e.delayMs;
  switch (e.fault) {
    case 'loss':
      return d !== undefined ? `stall ${ms(d)}` : 'segment lost';
    case 'latency':
      return d !== undefined ? `delay ${ms(d)}` : 'delay';
    case 'bandwidth':
      return d !== undefined ? `throttled ${ms(d)}` : 'throttled';
    case 'drop':
      return withPreview('drop', e);
    case 'dup':
      return withPreview('duplicate', e);
    case 'reorder':
      return d !== undefined ? `held back ${ms(d)}` : 'reorder';
    case 'blackhole':
      return 'blackhole';
    case 'reset':
      return 'RST';
    case 'idle-timeout':
      return 'idle timeout';
    case 'strip-upgrade':
      return 'Upgrade stripped';
    case 'restart-node':
      return 'node restart';
    case 'slow-close':
      return d !== undefined ? `FIN held ${ms(d)}` : 'FIN held';
    default:
      return String(e.fault);
  }
}

const HOP_NAMES = { 'browser-edge': ['Browser', 'Edge'], 'edge-node': ['Edge', 'Node'] } as const;

/** A full sentence for screen readers and tooltips. */
export function eventDescription(e: WireEvent): string {
  const [left, right] = HOP_NAMES[e.hop];
  const [from, to] = e.dir === 'up' ? [left, right] : [right, left];
  const when = `at ${formatMs(e.t)}`;
  if (e.kind === 'marker') return `Marker "${e.label}" ${when}`;
  if (e.kind === 'fault') {
    return `Fault ${faultShortLabel(e)}: ${e.detail}, ${from} to ${to}, connection ${e.conn}, ${when} (#${e.seq})`;
  }
  const prefix = e.kind === 'protocol-error' ? 'Protocol error: ' : '';
  return `${prefix}${eventLabel(e)}, ${from} to ${to}, connection ${e.conn}, ${when} (#${e.seq})`;
}

export function formatMs(t: number): string {
  if (t < 1000) return `${t.toFixed(1)} ms`;
  return `${(t / 1000).toFixed(3)} s`;
}
