/**
 * Test helper: a hand-driven TCP client that does a WebSocket handshake and then writes whatever
 * bytes a test wants (invalid frames included), collecting everything the server sends back.
 */
import net from 'node:net';
import { headersFor } from './mirror-client';

export interface RawWsClient {
  socket: net.Socket;
  /** Bytes received after the 101 head. */
  received(): Buffer;
  /** Resolves when the server has closed the TCP connection. */
  closed: Promise<void>;
}

export async function rawWsHandshake(port: number, path: string): Promise<RawWsClient> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let buffer = Buffer.alloc(0);
  let headDone = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          Object.entries(headersFor(path))
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join('') +
          '\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!headDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        headDone = true;
        if (head.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      }
    });
    socket.once('close', () => reject(new Error('closed during handshake')));
  });
  return { socket, received: () => buffer, closed };
}

/** A masked client frame (mask 0x11223344) with explicit first byte (FIN/RSV/opcode). */
export function maskedFrame(firstByte: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x11, 0x22, 0x33, 0x44]);
  if (payload.length >= 126) throw new Error('test frames are short');
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number)));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, masked]);
}

/** The status code of the first close frame (0x88, unmasked, from the server) in the bytes. */
export function closeCodeIn(bytes: Buffer): number | null {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = (bytes[i] as number) & 0x0f;
    let len = (bytes[i + 1] as number) & 0x7f;
    let offset = i + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(offset);
      offset += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(offset));
      offset += 8;
    }
    if (opcode === 0x8) return len >= 2 ? bytes.readUInt16BE(offset) : null;
    i = offset + len;
  }
  return null;
}
