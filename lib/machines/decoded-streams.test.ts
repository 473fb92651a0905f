/**
 * The stream machines fed by the real decoder: raw bytes as a browser and a Node server send them,
 * through `ConnectionDecoder`, into the mappers. Checks that what the tap produces (chunked SSE
 * bodies, keep-alive polls, Content-Length and chunked JSON) is what the mappers expect.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionDecoder } from '@/lib/mirror/connection-decoder';
import type { Dir, WireEvent } from '@/lib/mirror/types';
import { utf8Encode } from '@/lib/wire/bytes';
import { foldEvents } from './fold';
import { longPollMachine } from './long-poll';
import { longPollStreamsOf } from './long-poll-mapper';
import { sseStreamsOf } from './sse-mapper';
import { sseStreamMachine } from './sse-stream';
import { transportMetrics } from './transport-metrics';

type Step = [conn: string, dir: Dir, text: string, t: number];

function decode(steps: readonly Step[]): { events: WireEvent[]; bytes: number } {
  const decoders = new Map<string, ConnectionDecoder>();
  const events: WireEvent[] = [];
  let bytes = 0;
  for (const [conn, dir, text, t] of steps) {
    let decoder = decoders.get(conn);
    if (decoder === undefined) {
      decoder = new ConnectionDecoder({ conn, hop: 'browser-edge' });
      decoders.set(conn, decoder);
      events.push({ kind: 'conn-open', conn, hop: 'browser-edge', dir: 'up', t, seq: 0 });
    }
    const chunk = utf8Encode(text);
    bytes += chunk.length;
    for (const e of decoder.push(dir, chunk, t)) events.push({ ...e, seq: 0 } as WireEvent);
  }
  return { events: events.map((e, i) => ({ ...e, seq: i + 1 })), bytes };
}

const chunk = (s: string) => `${utf8Encode(s).length.toString(16)}\r\n${s}\r\n`;
const SSE_REQ = (lastId?: string) =>
  `GET /lab/s/sse HTTP/1.1\r\nHost: localhost:3000\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n${
    lastId ? `Last-Event-ID: ${lastId}\r\n` : ''
  }\r\n`;
const SSE_RES =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('SSE through the real decoder', () => {
  it('resumes after a reset with Last-Event-ID and reports the skipped id', () => {
    const { events } = decode([
      ['c1', 'up', SSE_REQ(), 0],
      ['c1', 'down', SSE_RES + chunk('retry: 1500\nid: 1\ndata: {"id":1}\n\n'), 2],
      // Two events split across TCP reads in the middle of a line.
      ['c1', 'down', chunk('id: 2\ndata: {"id":2}\n\nid: 3\nda'), 100],
      ['c1', 'down', chunk('ta: {"id":3}\n\n: keep-alive\n\n'), 200],
      ['c2', 'up', SSE_REQ('3'), 1800],
      ['c2', 'down', SSE_RES + chunk('id: 5\ndata: {"id":5}\n\n'), 1802],
    ]);
    const reset: WireEvent = {
      kind: 'conn-close',
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'up',
      how: 'reset',
      by: 'edge',
      t: 300,
      seq: 0,
    };
    const index = events.findIndex((e) => e.conn === 'c2');
    const all = [...events.slice(0, index), reset, ...events.slice(index)].map((e, i) => ({
      ...e,
      seq: i + 1,
    }));
    const [stream] = sseStreamsOf(all);
    const { snapshot, transitions } = foldEvents(sseStreamMachine, stream?.events ?? []);
    expect(snapshot.value).toBe('open');
    expect(snapshot.context).toMatchObject({
      count: 4,
      retry: 1500,
      resumedFrom: '3',
      missed: ['4'],
      lastEventId: '5',
      keepAlives: 0,
    });
    // The keep-alive comment shared a chunk with event 3, so no body piece was comment-only.
    expect(transitions.find((t) => t.to === 'reconnecting.due')?.t).toBe(1800);
  });
});

describe('plain polling through the real decoder', () => {
  it('follows keep-alive polls answered with Content-Length, chunked and 204 bodies', () => {
    const get = (cursor: number) =>
      `GET /lab/s/poll?cursor=${cursor} HTTP/1.1\r\nHost: localhost:3000\r\nAccept: */*\r\n\r\n`;
    const json1 =
      '{"messages":[{"id":1,"data":"a","at":10},{"id":2,"data":"b","at":11}],"cursor":2}';
    const json2 = '{"messages":[{"id":3,"data":"c","at":40000}],"cursor":3}';
    const { events, bytes } = decode([
      ['c1', 'up', get(0), 0],
      [
        'c1',
        'down',
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json1.length}\r\n\r\n${json1}`,
        12,
      ],
      ['c1', 'up', get(2), 13],
      ['c1', 'down', 'HTTP/1.1 204 No Content\r\nKeep-Alive: timeout=5\r\n\r\n', 30_013],
      ['c1', 'up', get(2), 30_014],
      [
        'c1',
        'down',
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(json2)}0\r\n\r\n`,
        40_001,
      ],
    ]);
    const [stream] = longPollStreamsOf(events);
    const { snapshot } = foldEvents(longPollMachine, stream?.events ?? []);
    expect(snapshot.value).toEqual({ receive: 'delivered', send: 'idle' });
    expect(snapshot.context).toMatchObject({ gets: 3, timeouts: 1, messagesDelivered: 3 });
    expect(snapshot.context.getHeaderBytes + snapshot.context.getBodyBytes).toBe(bytes);
    const [metrics] = transportMetrics(events, { atClock: { kind: 'session' } });
    expect(metrics).toMatchObject({ transport: 'long-poll', messages: 3, totalBytes: bytes });
    expect(metrics?.latencies).toEqual([2, 1, 1]);
  });
});
