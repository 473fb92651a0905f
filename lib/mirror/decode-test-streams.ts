/**
 * Hand-built but realistic byte streams for the connection decoder's tests (a WebSocket handshake +
 * frames, Socket.IO over WebSocket, an Engine.IO polling exchange, an SSE response) and helpers
 * that summarize and account decoded events. Test support only.
 */
import { concatBytes, fromBase64, utf8Encode } from '@/lib/wire/bytes';
import { encodeClosePayload, encodeFrame } from '@/lib/wire/ws-frame';
import { ACCOUNTED_ERROR_LAYERS, ConnectionDecoder } from './connection-decoder';
import type { Dir, UnstampedEvent } from './types';

export const MASK = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
export const text = (s: string) => utf8Encode(s);
export const clientText = (s: string, fin = true, opcode = 1) =>
  encodeFrame({ fin, opcode, mask: MASK, payload: text(s) });
export const serverText = (s: string) => encodeFrame({ opcode: 1, payload: text(s) });

export type Script = [Dir, Uint8Array][];

export const WS_HANDSHAKE: Script = [
  [
    'up',
    text(
      'GET /lab/abc/ws HTTP/1.1\r\nHost: localhost:3000\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    ),
  ],
  [
    'down',
    text(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    ),
  ],
  [
    'up',
    concatBytes([
      clientText('Hel', false),
      clientText('lo', true, 0),
      encodeFrame({ opcode: 9, mask: MASK, payload: text('p') }),
    ]),
  ],
  ['down', concatBytes([serverText('Hello'), encodeFrame({ opcode: 10, payload: text('p') })])],
  ['up', encodeFrame({ opcode: 8, mask: MASK, payload: encodeClosePayload(1000, 'done') })],
  ['down', encodeFrame({ opcode: 8, payload: encodeClosePayload(1000, 'done') })],
];

export const OPEN =
  '0{"sid":"s1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

export const SIO_WS: Script = [
  [
    'up',
    text(
      'GET /lab/abc/socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n' +
        'Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    ),
  ],
  [
    'down',
    concatBytes([
      text('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
      serverText(OPEN),
    ]),
  ],
  ['up', clientText('40')],
  ['down', serverText('40{"sid":"x1"}')],
  [
    'up',
    concatBytes([
      clientText('42["chat",{"msg":"hello"}]'),
      clientText('451-["bin",{"_placeholder":true,"num":0}]'),
      encodeFrame({ opcode: 2, mask: MASK, payload: new Uint8Array([1, 2, 3]) }),
    ]),
  ],
  ['down', serverText('2')],
  ['up', clientText('3')],
];

export function httpMessage(head: string, body = ''): Uint8Array {
  return text(`${head}\r\nContent-Length: ${utf8Encode(body).length}\r\n\r\n${body}`);
}

export const POLLING: Script = [
  ['up', text('GET /lab/abc/socket.io/?EIO=4&transport=polling&t=N1 HTTP/1.1\r\nHost: x\r\n\r\n')],
  ['down', httpMessage('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8', OPEN)],
  [
    'up',
    httpMessage(
      'POST /lab/abc/socket.io/?EIO=4&transport=polling&t=N2&sid=s1 HTTP/1.1\r\nHost: x',
      '40',
    ),
  ],
  ['down', httpMessage('HTTP/1.1 200 OK\r\nContent-Type: text/html', 'ok')],
  [
    'up',
    text('GET /lab/abc/socket.io/?EIO=4&transport=polling&t=N3&sid=s1 HTTP/1.1\r\nHost: x\r\n\r\n'),
  ],
  [
    'down',
    httpMessage(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8',
      '40{"sid":"x1"}\x1e42["chat","hi"]',
    ),
  ],
];

export function chunk(data: string): Uint8Array {
  return text(`${utf8Encode(data).length.toString(16)}\r\n${data}\r\n`);
}

export const SSE: Script = [
  ['up', text('GET /lab/abc/sse HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n')],
  [
    'down',
    text(
      'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n',
    ),
  ],
  ['down', chunk('id: 1\ndata: a\n\n')],
  ['down', chunk('event: tick\r\ndata: b\r\n\r\n')],
  ['down', text('0\r\n\r\n')],
];

export function run(
  script: Script,
  decoder = new ConnectionDecoder({ conn: 'c1', hop: 'browser-edge' }),
): UnstampedEvent[] {
  return script.flatMap(([dir, bytes], i) => decoder.push(dir, bytes, i));
}

export function accountedRaw(events: UnstampedEvent[], dir: Dir): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of events) {
    if (e.dir !== dir) continue;
    const counts =
      e.kind === 'http-request' ||
      e.kind === 'http-response' ||
      e.kind === 'http-body' ||
      e.kind === 'ws-frame' ||
      (e.kind === 'protocol-error' && ACCOUNTED_ERROR_LAYERS.includes(e.layer));
    if (counts && 'raw' in e) parts.push(fromBase64(e.raw) ?? new Uint8Array());
  }
  return concatBytes(parts);
}

export function summary(events: UnstampedEvent[]): string[] {
  return events.flatMap((e) => {
    switch (e.kind) {
      case 'http-request':
        return [`${e.dir} ${e.method} ${e.target}`];
      case 'http-response':
        return [`${e.dir} ${e.status}`];
      case 'http-body':
        return e.final
          ? [`${e.dir} body${e.eio ? ` eio:${e.eio.map((p) => p.encoded).join('|')}` : ''}`]
          : [];
      case 'ws-frame':
        return [
          `${e.dir} ${e.frame.opcodeName}${e.message ? ` "${e.message.text ?? e.message.data}"` : ''}`,
        ];
      case 'protocol-error':
        return [`${e.dir} error ${e.layer}: ${e.message}`];
      default:
        return [e.kind];
    }
  });
}
