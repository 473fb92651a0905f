import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8Decode, utf8Encode } from './bytes';
import { type HttpItem, HttpStreamDecoder } from './http-stream';

function pushAll(decoder: HttpStreamDecoder, ...parts: string[]): HttpItem[] {
  return parts.flatMap((p) => decoder.push(utf8Encode(p)));
}

function types(items: HttpItem[]): string[] {
  return items.map((i) => (i.type === 'body' ? `body${i.final ? '!' : ''}` : i.type));
}

function rawOf(item: HttpItem): Uint8Array {
  switch (item.type) {
    case 'head':
    case 'body':
    case 'passthrough':
    case 'error':
      return item.raw;
    case 'upgrade':
      return item.rest;
    default:
      return new Uint8Array(0);
  }
}

function endBody(items: HttpItem[]): string[] {
  return items.flatMap((i) => (i.type === 'end' ? [utf8Decode(i.body)] : []));
}

const POST = 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello';
const GET = 'GET /y HTTP/1.1\r\nHost: a\r\n\r\n';
const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '5;ext=1\r\nhello\r\n' +
  '6\r\n world\r\n' +
  '0\r\nX-Trailer: yes\r\n\r\n';

describe('HttpStreamDecoder', () => {
  it('reads a request with Content-Length as head, one final body piece, end', () => {
    const items = pushAll(new HttpStreamDecoder('request'), POST);
    expect(types(items)).toEqual(['head', 'body!', 'end']);
    expect(endBody(items)).toEqual(['hello']);
  });

  it('reads a GET without a length as a message with no body', () => {
    expect(types(pushAll(new HttpStreamDecoder('request'), GET))).toEqual(['head', 'end']);
  });

  it('reads several keep-alive messages from one push', () => {
    const items = pushAll(new HttpStreamDecoder('request'), POST + GET + POST);
    expect(types(items)).toEqual(['head', 'body!', 'end', 'head', 'end', 'head', 'body!', 'end']);
  });

  it('emits one body piece per push and marks the piece that completes the body final', () => {
    const items = pushAll(
      new HttpStreamDecoder('request'),
      POST.slice(0, -3),
      'hel'.slice(0, 1),
      'lo',
    );
    expect(types(items)).toEqual(['head', 'body', 'body', 'body!', 'end']);
  });

  it('de-chunks a chunked body with extensions and keeps the trailers', () => {
    const items = pushAll(new HttpStreamDecoder('response'), CHUNKED);
    expect(endBody(items)).toEqual(['hello world']);
    const end = items.find((i) => i.type === 'end');
    expect(end?.type === 'end' && end.trailers).toEqual([['X-Trailer', 'yes']]);
    const body = items.find((i) => i.type === 'body');
    expect(body?.type === 'body' && utf8Decode(body.raw)).toContain('5;ext=1\r\n');
  });

  it('reads a response with no length until the stream ends', () => {
    const decoder = new HttpStreamDecoder('response');
    const items = pushAll(decoder, 'HTTP/1.1 200 OK\r\n\r\nabc', 'def');
    expect(types(items)).toEqual(['head', 'body', 'body']);
    expect(endBody(decoder.end())).toEqual(['abcdef']);
  });

  it('knows 204, 304 and 1xx responses have no body', () => {
    const items = pushAll(
      new HttpStreamDecoder('response'),
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n',
    );
    expect(types(items)).toEqual(['head', 'end', 'head', 'end', 'head', 'end']);
  });

  it('gives a response to HEAD no body when told with noBodyNext', () => {
    const decoder = new HttpStreamDecoder('response');
    decoder.noBodyNext();
    const items = pushAll(
      decoder,
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx',
    );
    expect(types(items)).toEqual(['head', 'end', 'head', 'body!', 'end']);
  });

  it('switches to passthrough after a WebSocket upgrade request, handing back bytes after the head', () => {
    const decoder = new HttpStreamDecoder('request');
    const head = utf8Encode(
      'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    const items = decoder.push(concatBytes([head, new Uint8Array([0x81, 0x00])]));
    expect(types(items)).toEqual(['head', 'upgrade']);
    expect(items[1]?.type === 'upgrade' && Array.from(items[1].rest)).toEqual([0x81, 0x00]);
    expect(decoder.upgraded).toBe(true);
    expect(types(decoder.push(new Uint8Array([1])))).toEqual(['passthrough']);
  });

  it('switches after a 101 response', () => {
    const items = pushAll(
      new HttpStreamDecoder('response'),
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    );
    expect(types(items)).toEqual(['head', 'upgrade']);
  });

  it('caps the kept body and says it was truncated', () => {
    const decoder = new HttpStreamDecoder('request', { maxBodyKept: 3 });
    const end = pushAll(decoder, POST).find((i) => i.type === 'end');
    expect(end?.type === 'end' && [utf8Decode(end.body), end.truncated]).toEqual(['hel', true]);
  });

  const errors: [string, string, string][] = [
    ['a garbage request line', 'HELLO WORLD\r\n\r\n', 'request line'],
    [
      'a bad Content-Length',
      'POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n',
      'Content-Length "abc" is not a number',
    ],
    [
      'conflicting Content-Lengths',
      'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'conflicting',
    ],
    [
      'a bad chunk size',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'chunk-size line "zz"',
    ],
    [
      'chunk data without CRLF',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY',
      'not followed by CRLF',
    ],
  ];
  for (const [label, input, message] of errors) {
    it(`reports ${label} as an error carrying the bytes`, () => {
      const decoder = new HttpStreamDecoder('request');
      const items = pushAll(decoder, input);
      const error = items.find((i) => i.type === 'error');
      expect(error?.type === 'error' && error.message).toContain(message);
      expect(concatBytes(items.map(rawOf))).toEqual(utf8Encode(input));
      expect(decoder.errored).toBe(true);
    });
  }

  it('reports a head that never ends once it passes the size cap', () => {
    const items = pushAll(
      new HttpStreamDecoder('request'),
      `GET / HTTP/1.1\r\nX: ${'a'.repeat(70_000)}`,
    );
    expect(items[0]?.type === 'error' && items[0].message).toContain('header section longer');
  });

  it('reports a stream that ends mid-body', () => {
    const decoder = new HttpStreamDecoder('request');
    pushAll(decoder, POST.slice(0, -2));
    expect(decoder.end()).toMatchObject([
      { type: 'error', message: 'stream ended 2 bytes short of Content-Length' },
    ]);
  });
});

describe('HttpStreamDecoder properties', () => {
  const streams = [
    POST + GET + POST,
    `${CHUNKED}HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok${CHUNKED}`,
  ];

  it('yields the same messages and accounts for every byte however the stream is split', () => {
    for (const [index, text] of streams.entries()) {
      const bytes = utf8Encode(text);
      const role = index === 0 ? 'request' : 'response';
      const whole = new HttpStreamDecoder(role).push(bytes);
      fc.assert(
        fc.property(fc.array(fc.nat(bytes.length), { maxLength: 30 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const decoder = new HttpStreamDecoder(role);
          const items: HttpItem[] = [];
          let start = 0;
          for (const p of [...points, bytes.length]) {
            items.push(...decoder.push(bytes.subarray(start, p)));
            start = p;
          }
          expect(concatBytes(items.map(rawOf))).toEqual(bytes);
          expect(endBody(items)).toEqual(endBody(whole));
          expect(items.filter((i) => i.type === 'head')).toHaveLength(
            whole.filter((i) => i.type === 'head').length,
          );
          expect(items.some((i) => i.type === 'body' && i.raw.length === 0)).toBe(false);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('never throws on random garbage and accounts for every byte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'request' | 'response'>('request', 'response'),
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 40 }),
            fc.constantFrom(...[POST, CHUNKED, '\r\n', '0\r\n'].map(utf8Encode)),
          ),
          {
            maxLength: 8,
          },
        ),
        (role, chunks) => {
          const decoder = new HttpStreamDecoder(role);
          const items = [...chunks.flatMap((c) => decoder.push(c)), ...decoder.end()];
          expect(concatBytes(items.map(rawOf))).toEqual(concatBytes(chunks));
        },
      ),
      { numRuns: 300 },
    );
  });
});
