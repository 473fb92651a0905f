import { describe, expect, it } from 'vitest';
import { framePayload } from '@/lib/mirror/message-bytes';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import type { WireEvent, WsFrameEvent } from '@/lib/mirror/types';
import { buildHar, type Har } from './har';
import { HAR_MASK, readHar } from './har-import';
import { recordTraffic } from './test-traffic';

/** A HAR as Chrome writes one: HTTP/2 with pseudo-headers, a gzip header over decoded text, a WebSocket. */
const CHROME: unknown = {
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    entries: [
      {
        startedDateTime: '2026-01-02T03:04:05.000Z',
        time: 12,
        request: {
          method: 'POST',
          url: 'https://lab.test/form?x=1',
          httpVersion: 'http/2.0',
          headers: [
            { name: ':method', value: 'POST' },
            { name: ':authority', value: 'lab.test' },
            { name: 'content-type', value: 'application/x-www-form-urlencoded' },
          ],
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            params: [{ name: 'a', value: 'b c' }],
          },
        },
        response: {
          status: 200,
          statusText: '',
          httpVersion: 'http/2.0',
          headers: [
            { name: 'content-encoding', value: 'gzip' },
            { name: 'content-length', value: '999' },
            { name: 'content-type', value: 'text/html' },
          ],
          content: { size: 5, mimeType: 'text/html', text: '<b/>!' },
        },
        timings: { blocked: 1, dns: -1, connect: -1, send: 1, wait: 8, receive: 2 },
      },
      {
        startedDateTime: '2026-01-02T03:04:05.100Z',
        time: 0,
        request: {
          method: 'GET',
          url: 'wss://lab.test/ws',
          httpVersion: 'HTTP/1.1',
          headers: [
            { name: 'Host', value: 'lab.test' },
            {
              name: 'Sec-WebSocket-Extensions',
              value: 'permessage-deflate; client_max_window_bits',
            },
          ],
        },
        response: {
          status: 101,
          statusText: 'Switching Protocols',
          httpVersion: 'HTTP/1.1',
          headers: [],
          content: { size: 0, mimeType: '' },
        },
        _resourceType: 'websocket',
        _webSocketMessages: [
          { type: 'send', time: 1767323045.2, opcode: 1, data: 'hi' },
          { type: 'receive', time: 1767323045.25, opcode: 2, data: 'AAEC' },
        ],
      },
    ],
  },
};

describe('readHar', () => {
  const imported = readHar(CHROME);
  const events = dissectRecords(imported.records);
  const of = <K extends WireEvent['kind']>(kind: K) =>
    events.filter((e): e is Extract<WireEvent, { kind: K }> => e.kind === kind);

  it('writes each entry as HTTP/1.1 bytes on its own connection, at the entry’s times', () => {
    expect(imported.startEpochMs).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    const [post, ws] = of('http-request');
    expect(post).toMatchObject({
      conn: 'c1',
      t: 1,
      method: 'POST',
      target: '/form?x=1',
      version: 'HTTP/1.1',
    });
    expect(post?.headers).toEqual([
      ['Host', 'lab.test'],
      ['content-type', 'application/x-www-form-urlencoded'],
      ['Content-Length', '5'],
    ]);
    expect(of('http-body').find((b) => b.dir === 'up')?.raw).toBe(btoa('a=b+c'.padEnd(5)));
    const [ok] = of('http-response');
    expect(ok).toMatchObject({ conn: 'c1', t: 10, status: 200 });
    expect(ok?.headers).toEqual([
      ['content-length', '5'],
      ['content-type', 'text/html'],
    ]);
    expect(ws).toMatchObject({ conn: 'c2', t: 100, target: '/ws' });
    expect(ws?.headers.map(([n]) => n.toLowerCase())).toEqual([
      'host',
      'upgrade',
      'connection',
      'sec-websocket-version',
      'sec-websocket-key',
    ]);
  });

  it('frames the WebSocket messages: masked with the fixed key going up, unmasked coming down', () => {
    const frames = of('ws-frame');
    expect(
      frames.map((f) => [f.dir, f.t, f.frame.opcode, f.frame.maskKey, f.message?.text]),
    ).toEqual([
      ['up', 200, 1, '57697265', 'hi'],
      ['down', 250, 2, undefined, undefined],
    ]);
    expect([...framePayload(frames[1] as WsFrameEvent)]).toEqual([0, 1, 2]);
    expect(HAR_MASK).toHaveLength(4);
    expect(events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
  });

  it('says what it had to leave out', () => {
    expect(imported.warnings).toEqual([
      'entries in HTTP/2.0 were written as HTTP/1.1',
      'HTTP/2 pseudo-headers (:method, :path, …) were left out',
      'content-encoding headers were left out: the HAR holds bodies decoded',
      'WebSocket extensions were left out: the HAR holds messages, not compressed frames',
    ]);
  });

  it('names the first missing or wrong field', () => {
    const entry = {
      startedDateTime: '2026-01-02T03:04:05Z',
      request: { url: '/', headers: [] },
      response: { status: 200, headers: [] },
    };
    expect(() => readHar({})).toThrow('HAR: log missing');
    expect(() => readHar({ log: { entries: {} } })).toThrow(
      'HAR: log.entries is an object, expected an array',
    );
    expect(() => readHar({ log: { entries: [entry, { ...entry }, { ...entry }, entry] } })).toThrow(
      'HAR: log.entries[0].request.method missing',
    );
    const ok = { ...entry, request: { ...entry.request, method: 'GET' } };
    expect(() =>
      readHar({ log: { entries: [ok, { ...ok, startedDateTime: 'yesterday' }] } }),
    ).toThrow('HAR: log.entries[1].startedDateTime is not an ISO 8601 date');
    expect(() => readHar({ log: { entries: [{ ...ok, response: { status: '200' } }] } })).toThrow(
      'HAR: log.entries[0].response.status is the string "200", expected a number',
    );
    const ws = { ...ok, _webSocketMessages: [{ type: 'send', time: 1, opcode: 2, data: '***' }] };
    expect(() => readHar({ log: { entries: [ws] } })).toThrow(
      'HAR: log.entries[0]._webSocketMessages[0].data is not base64 (opcode 2 data is base64)',
    );
  });
});

describe('HAR out, HAR in', () => {
  it('gives the same HTTP exchanges and WebSocket messages for real traffic', async () => {
    const { records, startEpochMs } = await recordTraffic();
    const first = buildHar(dissectRecords(records), { startEpochMs });
    const imported = readHar(JSON.parse(JSON.stringify(first)));
    expect(imported.warnings).toEqual([]);
    const second = buildHar(dissectRecords(imported.records), {
      startEpochMs: imported.startEpochMs ?? 0,
    });
    const comparable = (har: Har) =>
      har.log.entries.map(({ time: _time, timings: _timings, _webSocketMessages, ...entry }) => ({
        ...entry,
        messages: _webSocketMessages?.map((m) => ({ ...m, time: Math.round(m.time * 1e6) })),
      }));
    expect(
      first.log.entries.map((e) => `${e.request.method} ${e.request.url} ${e.response.status}`),
    ).toEqual([
      expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/hello 200$/),
      expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/api\/echo 201$/),
      expect.stringMatching(/^GET ws:\/\/127\.0\.0\.1:\d+\/lab\/ws 101$/),
    ]);
    expect(
      first.log.entries[2]?._webSocketMessages?.map((m) => `${m.type} ${m.opcode} ${m.data}`),
    ).toEqual([
      'send 1 hello',
      'receive 1 echo: hello',
      'send 2 AQID',
      'receive 2 AQID',
      'send 8 A+hieWU=',
      'receive 8 A+hieWU=',
    ]);
    expect(comparable(second)).toEqual(comparable(first));
  });
});
