import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, utf8Encode } from '../wire/bytes';
import { encodeFrame } from '../wire/ws-frame';
import { ConnectionDecoder } from './connection-decoder';
import { framePayload, messageBytes } from './message-bytes';
import type { WsFrameEvent } from './types';

const RESPONSE = utf8Encode(
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
);

function serverFrames(...frames: Uint8Array[]): WsFrameEvent[] {
  const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'browser-edge' });
  decoder.push(
    'up',
    utf8Encode(
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    ),
    0,
  );
  return decoder
    .push('down', concatBytes([RESPONSE, ...frames]), 1)
    .filter((e): e is WsFrameEvent => e.kind === 'ws-frame');
}

describe('message bytes travel once on the mirror', () => {
  it('leave data out of a text message and read it back from the text', () => {
    const [event] = serverFrames(fromHex('810548656c6c6f')); // FIN + text, 5 bytes: "Hello"
    expect(event?.message?.data).toBeUndefined();
    expect(messageBytes(event as WsFrameEvent)).toEqual(utf8Encode('Hello'));
  });

  it('leave data out of a one-frame binary message and read it from the frame payload', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const [event] = serverFrames(encodeFrame({ fin: true, opcode: 2, payload: bytes }));
    expect(event?.message?.data).toBeUndefined();
    expect(messageBytes(event as WsFrameEvent)).toEqual(bytes);
  });

  it('keep data on a fragmented binary message, whose bytes no single frame holds', () => {
    const events = serverFrames(
      encodeFrame({ fin: false, opcode: 2, payload: new Uint8Array([1, 2]) }),
      encodeFrame({ fin: true, opcode: 0, payload: new Uint8Array([3]) }),
    );
    const last = events.at(-1) as WsFrameEvent;
    expect(last.message?.data).toBeDefined();
    expect(messageBytes(last)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('leave the payload out of the frame and unmask it from raw on demand', () => {
    const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'browser-edge' });
    const head =
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    // RFC 6455 §5.7: a masked "Hello" from the client, key 37 fa 21 3d.
    const events = decoder.push(
      'up',
      concatBytes([utf8Encode(head), fromHex('818537fa213d7f9f4d5158')]),
      0,
    );
    const frame = events.find((e): e is WsFrameEvent => e.kind === 'ws-frame') as WsFrameEvent;
    expect(frame.frame.payload).toBeUndefined();
    expect(frame.frame.maskKey).toBe('37fa213d');
    expect(framePayload(frame)).toEqual(utf8Encode('Hello'));
  });
});
