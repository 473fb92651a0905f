import { describe, expect, it } from 'vitest';
import type { EventBase, WireEvent } from '@/lib/mirror/types';
import { concatBytes, fromHex, toBase64, utf8Encode } from '@/lib/wire/bytes';
import { findSpan, spanProblems } from '@/lib/wire/spans';
import { dissectEvent } from './dissect-event';

const base: EventBase = { seq: 1, t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up' };

function dumps(event: WireEvent) {
  const out = dissectEvent(event);
  if (!out) throw new Error('no dissection');
  for (const d of out.dumps) expect(spanProblems(d)).toEqual([]);
  return out;
}

const frame = (raw: Uint8Array, message?: Extract<WireEvent, { kind: 'ws-frame' }>['message']) =>
  ({
    ...base,
    kind: 'ws-frame',
    raw: toBase64(raw),
    frame: {
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: (raw[0] as number) & 0x0f,
      opcodeName: 'text',
      masked: false,
      payloadLength: 0,
      lengthBits: 7,
      headerLength: 2,
    },
    ...(message ? { message } : {}),
  }) as WireEvent;

describe('dissectEvent', () => {
  it('a masked WebSocket frame: the frame, then its unmasked payload', () => {
    const out = dumps(frame(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')));
    expect(out.dumps.map((d) => d.title)).toEqual(['Frame on the wire', 'Payload, unmasked']);
    expect(findSpan(out.dumps[1]?.spans ?? [], 'payload text')?.value).toBe('"Hello"');
  });

  it('reads an Engine.IO connection’s one-frame message as Engine.IO + Socket.IO', () => {
    const payload = utf8Encode('42["chat"]');
    const raw = concatBytes([Uint8Array.of(0x81, payload.length), payload]);
    const plain = dumps(frame(raw, { type: 'text', text: '42["chat"]', frames: 1 }));
    expect(findSpan(plain.dumps[1]?.spans ?? [], 'Engine.IO type')).toBeUndefined();
    const eio = dumps(
      frame(raw, {
        type: 'text',
        text: '42["chat"]',
        frames: 1,
        eio: { type: 'message', data: '2["chat"]' },
      }),
    );
    const spans = eio.dumps[1]?.spans ?? [];
    expect(findSpan(spans, 'Engine.IO type')?.value).toBe('4 message');
    expect(findSpan(spans, 'Socket.IO type')?.value).toBe('2 EVENT');
  });

  it('an HTTP request head and a whole Engine.IO polling body', () => {
    const head = utf8Encode('GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n');
    const req = dumps({
      ...base,
      kind: 'http-request',
      method: 'GET',
      target: '/ws',
      version: 'HTTP/1.1',
      headers: [],
      raw: toBase64(head),
    });
    expect(req.dumps[0]?.spans.map((s) => s.name)).toEqual([
      'request line',
      'Host',
      'Upgrade',
      'end of head',
    ]);
    const body = utf8Encode('0{"sid":"x"}\x1e40');
    const out = dumps({
      ...base,
      kind: 'http-body',
      raw: toBase64(body),
      size: body.length,
      final: true,
      eio: [{ type: 'open' }, { type: 'message' }],
    });
    expect(out.dumps[0]?.title).toBe('Body');
    expect(findSpan(out.dumps[0]?.spans ?? [], 'handshake JSON')?.value).toBe('{"sid":"x"}');
  });

  it('a chunked body piece: the framing as one span, the packets from the whole body derived', () => {
    const raw = utf8Encode('2\r\n40\r\n');
    const out = dumps({
      ...base,
      kind: 'http-body',
      raw: toBase64(raw),
      size: 2,
      final: true,
      eio: [{ type: 'message', encoded: '40' }],
    });
    expect(out.dumps.map((d) => d.title)).toEqual([
      'Body',
      'Whole body, de-chunked: Engine.IO payload',
    ]);
    expect(out.dumps[0]?.spans[0]).toMatchObject({
      name: 'body (chunked framing included)',
      value: '7 bytes on the wire, 2 decoded',
    });
  });

  it('a protocol error shows its message and the offending bytes; markers carry none', () => {
    const out = dumps({
      ...base,
      kind: 'protocol-error',
      layer: 'ws',
      message: 'reserved opcode 0x3',
      raw: toBase64(fromHex('83 00')),
    });
    expect(out.error).toBe('ws: reserved opcode 0x3');
    expect(out.dumps[0]?.spans[0]).toMatchObject({ name: 'offending bytes', length: 2 });
    expect(dissectEvent({ ...base, kind: 'marker', label: 'run' })).toBeNull();
  });

  it('says so when the raw bytes are not base64', () => {
    expect(dissectEvent({ ...frame(new Uint8Array(2)), raw: '!!' } as WireEvent)?.error).toBe(
      'raw bytes are not valid base64',
    );
  });
});
