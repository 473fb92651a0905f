import { describe, expect, it } from 'vitest';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import type { WireEvent } from '@/lib/mirror/types';
import { utf8Encode } from '@/lib/wire/bytes';
import { buildHar, type Har, harFileName, RAW_BODY_COMMENT } from './har';
import type { TapRecord } from './records';
import { clientFrame, SWITCHING, serverFrame, UPGRADE } from './test-captures';

const START = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function conn(
  id: string,
  script: [number, 'up' | 'down', string | Uint8Array][],
  close?: 'reset',
): TapRecord[] {
  const records: TapRecord[] = script.map(([t, dir, data]) => ({
    kind: 'bytes',
    t,
    conn: id,
    hop: 'browser-edge',
    dir,
    data: typeof data === 'string' ? utf8Encode(data) : data,
  }));
  if (close)
    records.push({
      kind: 'event',
      event: {
        kind: 'conn-close',
        how: close,
        by: 'server',
        t: 99,
        conn: id,
        hop: 'browser-edge',
        dir: 'down',
        message: 'ECONNRESET',
      },
    });
  return records;
}

const har = (records: TapRecord[]): Har =>
  buildHar(dissectRecords(records), { startEpochMs: START });

describe('buildHar', () => {
  it('makes one entry per exchange, keep-alive included, with de-chunked bodies and timings', () => {
    const { entries } = har(
      conn('c1', [
        [
          1,
          'up',
          'POST /api/x?a=1&b=two HTTP/1.1\r\nHost: lab.test\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n',
        ],
        [2, 'up', 'abc'],
        [
          5,
          'down',
          'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n',
        ],
        [7, 'down', '2\r\nlo\r\n0\r\n\r\n'],
        [8, 'up', 'GET /next HTTP/1.1\r\nHost: lab.test\r\n\r\n'],
        [9, 'down', 'HTTP/1.1 204 No Content\r\n\r\n'],
      ]),
    ).log;
    expect(entries).toHaveLength(2);
    const [post, next] = entries;
    expect(post).toMatchObject({
      startedDateTime: '2026-01-02T03:04:05.679Z',
      request: {
        method: 'POST',
        url: 'http://lab.test/api/x?a=1&b=two',
        queryString: [
          { name: 'a', value: '1' },
          { name: 'b', value: 'two' },
        ],
        postData: { mimeType: 'text/plain', text: 'abc' },
        bodySize: 3,
      },
      response: {
        status: 200,
        statusText: 'OK',
        content: { size: 5, mimeType: 'text/plain', text: 'hello' },
        bodySize: 20,
      },
      timings: { send: 1, wait: 3, receive: 2 },
      time: 6,
      connection: 'c1',
    });
    expect(next).toMatchObject({
      request: { method: 'GET', url: 'http://lab.test/next' },
      response: { status: 204 },
      connection: 'c1',
    });
  });

  it('writes binary bodies as base64 and leaves content-encoded bodies as sent, saying so', () => {
    const binary = new Uint8Array([0xff, 0x00, 0x80]);
    const { entries } = har([
      ...conn('c1', [
        [1, 'up', 'GET /bin HTTP/1.1\r\nHost: h\r\n\r\n'],
        [2, 'down', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n'],
        [2, 'down', binary],
      ]),
      ...conn('c2', [
        [3, 'up', 'GET /gz HTTP/1.1\r\nHost: h\r\n\r\n'],
        [
          4,
          'down',
          'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n\x1f\x8b',
        ],
      ]),
    ]).log;
    expect(entries[0]?.response.content).toEqual({
      size: 3,
      mimeType: 'x-unknown',
      text: '/wCA',
      encoding: 'base64',
    });
    expect(entries[1]?.response.content).toEqual({
      size: 2,
      mimeType: 'x-unknown',
      text: 'H8I=',
      encoding: 'base64',
      comment: RAW_BODY_COMMENT,
    });
  });

  it('gives a request the connection lost before any response status 0 and the reason', () => {
    const { entries } = har(
      conn('c4', [[1, 'up', 'GET / HTTP/1.1\r\nHost: h\r\n\r\n']], 'reset'),
    ).log;
    expect(entries[0]?.response).toMatchObject({ status: 0, headersSize: -1 });
    expect(entries[0]?._error).toBe('ECONNRESET');
  });

  it('lists a WebSocket’s messages as Chrome does, control frames with base64 payloads', () => {
    const { entries } = har(
      conn('c1', [
        [1, 'up', UPGRADE],
        [2, 'down', SWITCHING],
        [3, 'up', clientFrame('hello')],
        [3.5, 'up', clientFrame('p', 9)],
        [4, 'down', serverFrame(new Uint8Array([1, 2]), 2)],
      ]),
    ).log;
    expect(entries[0]).toMatchObject({
      _resourceType: 'websocket',
      request: { url: 'ws://localhost:3000/lab/s1/ws' },
      response: { status: 101 },
    });
    expect(entries[0]?._webSocketMessages).toEqual([
      { type: 'send', time: (START + 3) / 1000, opcode: 1, data: 'hello' },
      { type: 'send', time: (START + 3.5) / 1000, opcode: 9, data: 'cA==' },
      { type: 'receive', time: (START + 4) / 1000, opcode: 2, data: 'AQI=' },
    ]);
  });

  it('takes the hop it is asked for and ignores the other', () => {
    const events: WireEvent[] = dissectRecords(
      conn('c1', [[1, 'up', 'GET / HTTP/1.1\r\nHost: h\r\n\r\n']]),
    );
    expect(buildHar(events, { startEpochMs: 0, hop: 'edge-node' }).log.entries).toEqual([]);
    expect(harFileName('a b')).toBe('wirelab-ab.har');
  });
});
