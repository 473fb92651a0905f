/**
 * The inspector's only link to the grammars: picks the lib/wire dissector for a captured event and
 * returns the span trees to render (the unit on the wire first, then the bytes derived from it).
 * No field is named or measured here.
 */
import type { HttpBodyEvent, WireEvent, WsFrameEvent } from '@/lib/mirror/types';
import { fromBase64, utf8Encode } from '@/lib/wire/bytes';
import { RECORD_SEPARATOR } from '@/lib/wire/engineio';
import { dissectEioBinary, dissectEioPacket, dissectEioPayload } from '@/lib/wire/engineio-dissect';
import { dissectHttpHead } from '@/lib/wire/http-dissect';
import { allDissections, type Dissection, type Span } from '@/lib/wire/spans';
import { dissectWsFrame, type WsDissectOptions } from '@/lib/wire/ws-dissect';

export interface EventDissection {
  /** The unit's bytes first, then every derived dissection (unmasked payload, decoded base64). */
  dumps: Dissection[];
  /** What is wrong with the bytes, when something is. */
  error?: string;
}

/** One span over all of `bytes`: for bytes no grammar reads (offending bytes, a fault's bytes). */
function opaque(title: string, name: string, bytes: Uint8Array): Dissection {
  const span: Span = { name, offset: 0, length: bytes.length, value: `${bytes.length} bytes` };
  return { title, bytes, spans: bytes.length ? [span] : [] };
}

/** An Engine.IO connection's one-frame message: its payload is one Engine.IO packet. */
function wsOptions(event: WsFrameEvent): WsDissectOptions {
  const eio = event.message?.eio;
  if (!eio || event.message?.frames !== 1) return {};
  return {
    payload: (plain, header) =>
      header.opcode === 0x2
        ? dissectEioBinary(plain, eio.sioAttachment)
        : dissectEioPacket(plain, { sio: eio.sio ? true : 'auto' }),
  };
}

function bodyDissection(raw: Uint8Array, event: HttpBodyEvent): Dissection {
  const chunked = /^[0-9a-fA-F]+(;[^\r\n]*)?\r\n/.test(String.fromCharCode(...raw.subarray(0, 40)));
  const packets = event.eio ?? [];
  if (packets.length > 0 && !chunked && raw.length === event.size) {
    return { ...dissectEioPayload(raw), title: 'Body' };
  }
  const body = opaque('Body', chunked ? 'body (chunked framing included)' : 'body', raw);
  const span = body.spans[0];
  if (span) {
    span.value = `${raw.length} bytes on the wire, ${event.size} decoded`;
    if (event.sse?.length) span.meaning = `completes ${event.sse.length} server-sent event(s)`;
    const encoded = packets.map((p) => p.encoded);
    if (packets.length > 0 && encoded.every((e) => e !== undefined)) {
      const whole = dissectEioPayload(utf8Encode(encoded.join(RECORD_SEPARATOR)));
      span.derived = { ...whole, title: 'Whole body, de-chunked: Engine.IO payload' };
    }
  }
  return body;
}

/** Null for events that carry no bytes (connection open / close, markers). */
export function dissectEvent(event: WireEvent): EventDissection | null {
  let root: Dissection | null = null;
  let error: string | undefined;
  const bytes = (base64: string) => {
    const raw = fromBase64(base64);
    if (!raw) error = 'raw bytes are not valid base64';
    return raw;
  };
  switch (event.kind) {
    case 'ws-frame': {
      const raw = bytes(event.raw);
      if (raw) root = dissectWsFrame(raw, wsOptions(event));
      break;
    }
    case 'http-request':
    case 'http-response': {
      const raw = bytes(event.raw);
      if (raw) root = dissectHttpHead(raw);
      break;
    }
    case 'http-body': {
      const raw = bytes(event.raw);
      if (raw) root = bodyDissection(raw, event);
      break;
    }
    case 'protocol-error': {
      error = `${event.layer}: ${event.message}`;
      const raw = fromBase64(event.raw);
      if (raw && raw.length > 0) root = opaque('Offending bytes', 'offending bytes', raw);
      break;
    }
    case 'fault': {
      const raw = event.affected ? fromBase64(event.affected) : null;
      if (raw && raw.length > 0) root = opaque('Bytes the fault acted on', 'affected bytes', raw);
      break;
    }
    default:
      return null;
  }
  const dumps = root ? allDissections(root) : [];
  error ??= root?.error;
  return error ? { dumps, error } : { dumps };
}
