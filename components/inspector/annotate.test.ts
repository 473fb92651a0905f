import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, utf8Encode } from '@/lib/wire/bytes';
import { annotateEioPayload, annotateEioText } from './annotate-eio';
import { annotateHttpBody, annotateHttpHead } from './annotate-http';
import { annotateWsFrame } from './annotate-ws';
import type { ByteField } from './fields';

const byName = (fields: readonly ByteField[], name: string) => fields.find((f) => f.name === name);

describe('annotateWsFrame', () => {
  it('annotates the RFC 6455 §5.7 masked "Hello" frame and unmasks it', () => {
    const a = annotateWsFrame(fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    const f = a.frame.fields;
    expect(byName(f, 'FIN')?.value).toBe('1');
    expect(byName(f, 'opcode')?.value).toBe('0x1 text');
    expect(byName(f, 'MASK')?.value).toBe('1');
    expect(byName(f, 'payload length')?.value).toBe('5 bytes (7-bit)');
    expect(byName(f, 'masking key')).toMatchObject({ start: 2, end: 6, value: '37 fa 21 3d' });
    expect(byName(f, 'masked payload')).toMatchObject({ start: 6, end: 11 });
    expect(byName(f, 'header size')?.value).toBe('6 bytes');
    expect(byName(a.payload?.fields ?? [], 'payload text')?.value).toBe('"Hello"');
  });

  it('reads the 16-bit extended length (256-byte binary, unmasked)', () => {
    const raw = concatBytes([fromHex('82 7e 01 00'), new Uint8Array(256)]);
    const f = annotateWsFrame(raw).frame.fields;
    expect(byName(f, 'payload length')?.value).toBe('126: 16-bit length follows');
    expect(byName(f, 'extended payload length (16-bit)')).toMatchObject({
      start: 2,
      end: 4,
      value: '256 bytes',
    });
    expect(byName(f, 'MASK')?.value).toBe('0');
  });

  it('reads the 64-bit extended length (65536 bytes)', () => {
    const raw = concatBytes([fromHex('82 7f 00 00 00 00 00 01 00 00'), new Uint8Array(65536)]);
    const f = annotateWsFrame(raw).frame.fields;
    expect(byName(f, 'extended payload length (64-bit)')?.value).toBe('65536 bytes');
    expect(byName(f, 'header size')?.value).toBe('10 bytes');
  });

  it('decodes a close frame code and reason', () => {
    const a = annotateWsFrame(fromHex('88 05 03 e8 62 79 65'));
    expect(byName(a.payload?.fields ?? [], 'close code')?.value).toBe('1000');
    expect(byName(a.payload?.fields ?? [], 'close reason')?.value).toBe('"bye"');
  });

  it('reports a truncated frame instead of throwing', () => {
    expect(annotateWsFrame(fromHex('81')).error).toMatch(/fewer than 2 bytes/);
    expect(annotateWsFrame(fromHex('81 05 48 65')).error).toMatch(/2 of 5/);
  });

  it('annotates the Engine.IO and Socket.IO layers of a text payload', () => {
    const payload = utf8Encode('420["chat",{"msg":"hello"}]');
    const raw = concatBytes([new Uint8Array([0x81, payload.length]), payload]);
    const fields = annotateWsFrame(raw).payload?.fields ?? [];
    expect(byName(fields, 'Engine.IO type')?.value).toBe('4 message');
    expect(byName(fields, 'Socket.IO type')?.value).toBe('2 EVENT');
    expect(byName(fields, 'ack id')).toMatchObject({ value: '0', start: 2, end: 3 });
    expect(byName(fields, 'JSON data')?.value).toBe('["chat",{"msg":"hello"}]');
  });
});

describe('annotateEioText', () => {
  it('reads a namespace and a binary attachment count', () => {
    const fields = annotateEioText('451-/admin,3["up",{"_placeholder":true,"num":0}]', 10, 0);
    expect(byName(fields, 'Socket.IO type')?.value).toBe('5 BINARY_EVENT');
    expect(byName(fields, 'attachments')?.value).toBe('1');
    expect(byName(fields, 'namespace')?.value).toBe('/admin');
    expect(byName(fields, 'ack id')?.value).toBe('3');
    expect(byName(fields, 'Engine.IO type')?.start).toBe(10);
  });

  it('reads ping probe as data', () => {
    const fields = annotateEioText('2probe', 0, 0);
    expect(byName(fields, 'Engine.IO type')?.value).toBe('2 ping');
    expect(byName(fields, 'data')?.value).toBe('probe');
  });

  it('returns nothing for text that is not an Engine.IO packet', () => {
    expect(annotateEioText('hello', 0, 0)).toEqual([]);
  });
});

describe('annotateEioPayload', () => {
  it('splits a polling payload at the record separator with byte offsets', () => {
    const fields = annotateEioPayload('40\x1e6', 0);
    expect(
      fields.filter((f) => f.name === 'Engine.IO type').map((f) => [f.start, f.value]),
    ).toEqual([
      [0, '4 message'],
      [3, '6 noop'],
    ]);
    expect(byName(fields, 'record separator')).toMatchObject({ start: 2, end: 3 });
  });
});

describe('annotateHttpHead', () => {
  it('gives the request line and each header its own row', () => {
    const raw = utf8Encode('GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n');
    const a = annotateHttpHead(raw, 'request');
    expect(a.fields.map((f) => [f.name, f.value])).toEqual([
      ['request line', 'GET /ws HTTP/1.1'],
      ['Host', 'a'],
      ['Upgrade', 'websocket'],
      ['end of head', 'CRLF'],
    ]);
    expect(byName(a.fields, 'Host')).toMatchObject({ start: 18, end: 27 });
    expect(byName(a.fields, 'Upgrade')?.meaning).toMatch(/websocket/);
  });
});

describe('annotateHttpBody', () => {
  it('annotates a whole Engine.IO polling body', () => {
    const raw = utf8Encode('0{"sid":"x"}');
    const a = annotateHttpBody(raw, { size: raw.length, final: true, eio: [{ type: 'open' }] });
    expect(byName(a.fields, 'Engine.IO type')?.value).toBe('0 open');
    expect(byName(a.fields, 'handshake JSON')?.value).toBe('{"sid":"x"}');
  });
});
