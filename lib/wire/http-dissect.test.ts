import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { dissectHttpHead } from './http-dissect';
import { findSpan } from './spans';

const UPGRADE =
  'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('dissectHttpHead', () => {
  it('gives the RFC 6455 §1.3 request line, each header and the blank line a span', () => {
    const d = dissectHttpHead(utf8Encode(UPGRADE));
    expect(d.title).toBe('Request head');
    expect(d.error).toBeUndefined();
    expect(d.spans.map((s) => [s.name, s.value])).toEqual([
      ['request line', 'GET /chat HTTP/1.1'],
      ['Host', 'server.example.com'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['Sec-WebSocket-Version', '13'],
      ['end of head', 'CRLF'],
    ]);
    expect(d.spans[1]).toMatchObject({ offset: 20, length: 26 });
    expect(d.spans[2]?.meaning).toMatch(/RFC 6455 §4\.1/);
    expect(d.spans[0]?.children?.map((s) => [s.name, s.offset, s.length, s.value])).toEqual([
      ['method', 0, 3, 'GET'],
      ['request target', 4, 5, '/chat'],
      ['HTTP version', 10, 8, 'HTTP/1.1'],
    ]);
  });

  it('reads a status line into version, status code and reason', () => {
    const d = dissectHttpHead(
      utf8Encode('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'),
    );
    expect(d.title).toBe('Response head');
    expect(d.spans[0]?.children?.map((s) => [s.name, s.offset, s.value])).toEqual([
      ['HTTP version', 0, 'HTTP/1.1'],
      ['status code', 9, '101'],
      ['reason phrase', 13, 'Switching Protocols'],
    ]);
    expect(findSpan(d.spans, 'status code')?.meaning).toMatch(/^informational/);
  });

  it('counts bytes, not characters, after a non-ASCII value', () => {
    const d = dissectHttpHead(utf8Encode('GET / HTTP/1.1\r\nX-Name: é\r\nHost: a\r\n\r\n'));
    expect(findSpan(d.spans, 'X-Name')).toMatchObject({ offset: 16, length: 12 });
    expect(findSpan(d.spans, 'Host')).toMatchObject({ offset: 28, length: 9 });
  });

  it('marks a malformed field line and an incomplete head', () => {
    const bad = dissectHttpHead(utf8Encode('GET / HTTP/1.1\r\nNo colon here\r\n\r\n'));
    expect(bad.error).toMatch(/has no "name:"/);
    expect(findSpan(bad.spans, 'malformed field line')?.problem).toMatch(/has no "name:"/);
    expect(dissectHttpHead(utf8Encode('GET / HTTP/1.1\r\nHost: a\r\n')).error).toMatch(
      /no blank line/,
    );
  });

  it('keeps bytes after the blank line apart', () => {
    const d = dissectHttpHead(utf8Encode('HTTP/1.1 200 OK\r\n\r\n40'));
    expect(d.spans.at(-1)).toMatchObject({ name: 'bytes after the head', offset: 19, length: 2 });
  });
});
