/**
 * A raw WebSocket client that floods a lab echo with messages made of 1-byte fragments: a binary
 * frame with FIN 0, continuation frames, FIN 1 on the last, each carrying one masked byte (7 bytes
 * on the wire per frame). The worst case for anything that works per frame (the edge's frame
 * cutter, a per-frame budget, the page's dissector). Writes as fast as TCP takes it.
 */
import net from 'node:net';
import type { Headers } from './echo';

const MASK = Buffer.from([0x11, 0x22, 0x33, 0x44]);

/** One message of `frames` 1-byte frames. */
export function fragmentedMessage(frames: number): Buffer {
  const out = Buffer.alloc(frames * 7);
  for (let i = 0; i < frames; i++) {
    const opcode = i === 0 ? 0x2 : 0x0; // binary, then continuations
    const fin = i === frames - 1 ? 0x80 : 0;
    const at = i * 7;
    out[at] = fin | opcode;
    out[at + 1] = 0x80 | 1; // masked, 1 byte
    MASK.copy(out, at + 2);
    out[at + 6] = 0x61 ^ (MASK[0] as number);
  }
  return out;
}

export interface FragmentFlood {
  /** Frames written so far. */
  readonly frames: number;
  /** Bytes the echo sent back so far. */
  readonly received: number;
  stop(): Promise<void>;
}

/** Opens `path` on `port` with a hand-made handshake and floods it until stop(). */
export async function fragmentFlood(
  port: number,
  path: string,
  headers: Headers,
  framesPerMessage = 256,
): Promise<FragmentFlood> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    let head = '';
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          `Sec-WebSocket-Version: 13\r\n${Object.entries(headers)
            .map(([name, value]) => `${name}: ${value}\r\n`)
            .join('')}\r\n`,
      );
    });
    const onHead = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onHead);
      received += head.length - end - 4;
      socket.on('data', (data: Buffer) => {
        received += data.length;
      });
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`fragment flood refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onHead);
    socket.once('close', () => reject(new Error('fragment flood: closed during handshake')));
  });
  const message = fragmentedMessage(framesPerMessage);
  let frames = 0;
  let stopped = false;
  // Up to 64 messages a turn, then yield: loopback often takes every write at once (write() stays
  // true), and a loop until it refuses would starve the bench's other timers.
  const pump = () => {
    for (let i = 0; i < 64 && !stopped; i++) {
      frames += framesPerMessage;
      if (!socket.write(message)) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!stopped) setImmediate(pump);
  };
  // Start on the next turn, so the caller's own timers run first.
  setImmediate(pump);
  return {
    get frames() {
      return frames;
    },
    get received() {
      return received;
    },
    async stop() {
      stopped = true;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 300).unref();
      });
    },
  };
}
