/**
 * Test support: a small but complete capture as TapRecords — a WebSocket on both hops (upgrade,
 * masked client frames, a 70 000-byte server frame that needs two TCP segments, an elided run),
 * an Engine.IO polling request, edge events (fault, marker) and closes of every kind.
 */
import { concatBytes, utf8Encode } from '@/lib/wire/bytes';
import { encodeClosePayload, encodeFrame } from '@/lib/wire/ws-frame';
import type { Dir, Hop } from '../mirror/types';
import { recordToJson } from './record-json';
import { recordTime, type TapRecord } from './records';

export const MASK = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
const text = (s: string) => utf8Encode(s);
export const clientFrame = (s: string, opcode = 1) =>
  encodeFrame({ opcode, mask: MASK, payload: text(s) });
export const serverFrame = (s: string | Uint8Array, opcode = 1) =>
  encodeFrame({ opcode, payload: typeof s === 'string' ? text(s) : s });

export const UPGRADE =
  'GET /lab/s1/ws HTTP/1.1\r\nHost: localhost:3000\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
  'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
export const SWITCHING =
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

const bytes = (
  t: number,
  conn: string,
  hop: Hop,
  dir: Dir,
  data: Uint8Array | string,
): TapRecord => ({
  kind: 'bytes',
  t,
  conn,
  hop,
  dir,
  data: typeof data === 'string' ? text(data) : data,
});

export function sampleRecords(): TapRecord[] {
  const big = new Uint8Array(70_000).map((_, i) => i & 0xff);
  const ws: TapRecord[] = [];
  for (const hop of ['browser-edge', 'edge-node'] as const) {
    const d = hop === 'browser-edge' ? 0 : 0.25;
    ws.push(
      bytes(1.5 + d, 'c1', hop, 'up', UPGRADE),
      bytes(2.125 + d, 'c1', hop, 'down', SWITCHING),
      bytes(3 + d, 'c1', hop, 'up', concatBytes([clientFrame('hello'), clientFrame('p', 9)])),
      bytes(4 + d, 'c1', hop, 'down', serverFrame(big, 2)),
    );
  }
  return [
    {
      kind: 'event',
      event: {
        kind: 'marker',
        label: 'run started',
        t: 0,
        conn: '-',
        hop: 'browser-edge',
        dir: 'up',
      },
    },
    {
      kind: 'event',
      event: {
        kind: 'conn-open',
        t: 1,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'up',
        path: '/lab/s1/ws',
        peer: '127.0.0.1:51234',
      },
    },
    {
      kind: 'event',
      event: { kind: 'conn-open', t: 1.25, conn: 'c1', hop: 'edge-node', dir: 'up' },
    },
    ...ws.sort((a, b) => recordTime(a) - recordTime(b)),
    {
      kind: 'elided',
      t: 5,
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'down',
      length: 2 * 7 + 10,
      frames: 2,
    },
    bytes(5.5, 'c1', 'browser-edge', 'down', serverFrame('after the gap')),
    {
      kind: 'event',
      event: {
        kind: 'fault',
        fault: 'drop',
        detail: 'frame dropped (text, 7 B)',
        t: 6,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
        bytes: 13,
      },
      affected: clientFrame('dropped'),
    },
    // Engine.IO polling on a second connection, browser-edge only, closed by the server's reset.
    {
      kind: 'event',
      event: { kind: 'conn-open', t: 7, conn: 'c2', hop: 'browser-edge', dir: 'up' },
    },
    bytes(
      7.001,
      'c2',
      'browser-edge',
      'up',
      'POST /lab/s1/socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n',
    ),
    bytes(7.002, 'c2', 'browser-edge', 'up', '42["hi"]'),
    bytes(
      7.5,
      'c2',
      'browser-edge',
      'down',
      'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok',
    ),
    {
      kind: 'event',
      event: {
        kind: 'conn-close',
        how: 'reset',
        by: 'server',
        t: 8,
        conn: 'c2',
        hop: 'browser-edge',
        dir: 'down',
        message: 'ECONNRESET',
      },
    },
    bytes(
      8.5,
      'c1',
      'browser-edge',
      'up',
      encodeFrame({ opcode: 8, mask: MASK, payload: encodeClosePayload(1000, 'bye') }),
    ),
    bytes(8.75, 'c1', 'browser-edge', 'down', serverFrame(encodeClosePayload(1000, 'bye'), 8)),
    {
      kind: 'event',
      event: {
        kind: 'conn-close',
        how: 'end',
        by: 'client',
        t: 9,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'up',
      },
    },
    {
      kind: 'event',
      event: {
        kind: 'conn-close',
        how: 'error',
        by: 'edge',
        t: 9.5,
        conn: 'c1',
        hop: 'edge-node',
        dir: 'up',
        message: 'EPIPE',
      },
    },
    {
      kind: 'event',
      event: {
        kind: 'marker',
        label: 'run ended',
        detail: 'by the learner',
        t: 10,
        conn: '-',
        hop: 'browser-edge',
        dir: 'up',
      },
    },
  ];
}

/** Records with bytes as base64: deep equality on them is fast (Uint8Array is compared per element). */
export const comparable = (records: readonly TapRecord[]) => records.map(recordToJson);
