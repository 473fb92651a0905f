import { describe, expect, it } from 'vitest';
import { fromHex, utf8Decode } from './bytes';
import {
  encodeRequestHead,
  encodeResponseHead,
  getHeader,
  headerHasToken,
  parseRequestHead,
  parseResponseHead,
} from './http-head';

const UPGRADE_REQUEST =
  'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('parseRequestHead', () => {
  it('reads the request line and keeps header order and case', () => {
    const result = parseRequestHead(UPGRADE_REQUEST);
    if (!result.ok) throw new Error(result.error);
    expect(result.head.method).toBe('GET');
    expect(result.head.target).toBe('/chat');
    expect(result.head.version).toBe('HTTP/1.1');
    expect(result.head.headers.map(([n]) => n)).toEqual([
      'Host',
      'Upgrade',
      'Connection',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
    ]);
  });

  it('trims optional whitespace around header values', () => {
    const result = parseRequestHead('GET / HTTP/1.1\r\nX-A:   padded \t\r\n\r\n');
    expect(result.ok && result.head.headers).toEqual([['X-A', 'padded']]);
  });

  it('joins obsolete folded header lines with a space', () => {
    const result = parseRequestHead('GET / HTTP/1.1\r\nX-Long: one\r\n  two\r\n\r\n');
    expect(result.ok && result.head.headers).toEqual([['X-Long', 'one two']]);
  });

  it('rejects a request line that is not METHOD target version', () => {
    const result = parseRequestHead('HELLO\r\n\r\n');
    expect(result).toEqual({
      ok: false,
      error: 'request line "HELLO" is not "METHOD target HTTP/x.y"',
    });
  });

  it('rejects whitespace between a header name and the colon', () => {
    const result = parseRequestHead('GET / HTTP/1.1\r\nHost : x\r\n\r\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('is not a token');
  });

  it('rejects a header line without a colon', () => {
    expect(parseRequestHead('GET / HTTP/1.1\r\nnocolon\r\n\r\n').ok).toBe(false);
  });

  it('shows bytes that are not UTF-8 as ISO-8859-1 instead of failing', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('GET / HTTP/1.1\r\nX: '),
      0xe9,
      13,
      10,
      13,
      10,
    ]);
    const result = parseRequestHead(bytes);
    expect(result.ok && result.head.headers).toEqual([['X', 'é']]);
  });
});

describe('parseResponseHead', () => {
  it('reads the RFC 6455 101 response', () => {
    const result = parseResponseHead(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.head.status).toBe(101);
    expect(result.head.reason).toBe('Switching Protocols');
    expect(getHeader(result.head.headers, 'sec-websocket-accept')).toBe(
      's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    );
  });

  it('accepts a status line with an empty reason', () => {
    const result = parseResponseHead('HTTP/1.1 204\r\n\r\n');
    expect(result.ok && result.head).toMatchObject({ status: 204, reason: '' });
  });

  it('rejects a status code that is not three digits', () => {
    expect(parseResponseHead('HTTP/1.1 20 OK\r\n\r\n').ok).toBe(false);
  });
});

describe('header helpers', () => {
  const headers: [string, string][] = [
    ['Connection', 'keep-alive, Upgrade'],
    ['X-Dup', 'first'],
    ['x-dup', 'second'],
  ];

  it('getHeader is case-insensitive and returns the first value', () => {
    expect(getHeader(headers, 'X-DUP')).toBe('first');
    expect(getHeader(headers, 'missing')).toBeUndefined();
  });

  it('headerHasToken finds a token in a comma-separated list regardless of case', () => {
    expect(headerHasToken(headers, 'connection', 'upgrade')).toBe(true);
    expect(headerHasToken(headers, 'connection', 'close')).toBe(false);
  });
});

describe('encode heads', () => {
  it('round-trips a request head through encode and parse', () => {
    const parsed = parseRequestHead(UPGRADE_REQUEST);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(utf8Decode(encodeRequestHead(parsed.head))).toBe(UPGRADE_REQUEST);
  });

  it('encodes a response head byte for byte', () => {
    const bytes = encodeResponseHead({
      version: 'HTTP/1.1',
      status: 200,
      reason: 'OK',
      headers: [['A', 'b']],
    });
    expect(bytes).toEqual(fromHex('485454502f312e3120323030204f4b0d0a413a20620d0a0d0a'));
  });
});
