import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '@/lib/wire/bytes';
import { encodeFrame } from '@/lib/wire/ws-frame';
import { ConnectionDecoder } from './connection-decoder';
import {
  accountedRaw,
  clientText,
  httpMessage,
  OPEN,
  POLLING,
  run,
  type Script,
  SIO_WS,
  SSE,
  serverText,
  summary,
  text,
  WS_HANDSHAKE,
} from './decode-test-streams';
import type { Dir, UnstampedEvent } from './types';

describe('ConnectionDecoder on a WebSocket connection', () => {
  it('decodes the handshake, then frames in both directions', () => {
    expect(summary(run(WS_HANDSHAKE))).toEqual([
      'up GET /lab/abc/ws',
      'down 101',
      'up text',
      'up continuation "Hello"',
      'up ping',
      'down text "Hello"',
      'down pong',
      'up close',
      'down close',
    ]);
  });

  it('stamps every event with the connection, hop and the time of the push that completed it', () => {
    const events = run(WS_HANDSHAKE);
    expect(events.every((e) => e.conn === 'c1' && e.hop === 'browser-edge')).toBe(true);
    expect(events.map((e) => e.t)).toEqual([0, 1, 2, 2, 2, 3, 3, 4, 5]);
  });

  it('reports the close code and reason on close frames and the message frame count', () => {
    const events = run(WS_HANDSHAKE);
    const close = events.find((e) => e.kind === 'ws-frame' && e.frame.opcodeName === 'close');
    expect(close?.kind === 'ws-frame' && close.frame.close).toEqual({ code: 1000, reason: 'done' });
    const message = events.find((e) => e.kind === 'ws-frame' && e.message);
    expect(message?.kind === 'ws-frame' && message.message?.frames).toBe(2);
  });

  it('decodes frames that arrive in the same push as the 101', () => {
    const [up, down] = WS_HANDSHAKE;
    if (!up || !down) throw new Error('script');
    const events = run([up, ['down', concatBytes([down[1], serverText('hi')])]]);
    expect(summary(events)).toEqual(['up GET /lab/abc/ws', 'down 101', 'down text "hi"']);
  });

  it('reports an unmasked client frame as a ws protocol-error carrying its bytes', () => {
    const [up, down] = WS_HANDSHAKE;
    if (!up || !down) throw new Error('script');
    const events = run([up, down, ['up', serverText('x')]]);
    expect(summary(events).at(-1)).toBe(
      'up error ws: client frame is not masked (RFC 6455 §5.1) (close 1002)',
    );
  });

  it('reports a text message that is not UTF-8 instead of its frame', () => {
    const [up, down] = WS_HANDSHAKE;
    if (!up || !down) throw new Error('script');
    const bad = encodeFrame({ opcode: 1, payload: new Uint8Array([0xc3, 0x28]) });
    const events = run([up, down, ['down', concatBytes([bad, serverText('ok')])]]);
    expect(summary(events).slice(2)).toEqual([
      'down error ws: text message is not valid UTF-8 (close 1007)',
      'down text "ok"',
    ]);
  });

  it('goes back to HTTP on the client side when the upgrade is refused', () => {
    const [up] = WS_HANDSHAKE;
    if (!up) throw new Error('script');
    const events = run([
      up,
      ['down', httpMessage('HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13', '')],
      ['up', text('GET /again HTTP/1.1\r\n\r\n')],
    ]);
    expect(summary(events)).toEqual(['up GET /lab/abc/ws', 'down 426', 'up GET /again']);
  });
});

describe('ConnectionDecoder on Socket.IO', () => {
  it('decodes Engine.IO and Socket.IO packets inside WebSocket messages', () => {
    const events = run(SIO_WS);
    const eio = events.flatMap((e) =>
      e.kind === 'ws-frame' && e.message?.eio ? [e.message.eio] : [],
    );
    expect(eio.map((p) => p.type)).toEqual([
      'open',
      'message',
      'message',
      'message',
      'message',
      'message',
      'ping',
      'pong',
    ]);
    expect(eio[0]?.open).toMatchObject({ sid: 's1', pingInterval: 25000 });
    expect(eio[3]?.sio).toMatchObject({
      type: 'EVENT',
      nsp: '/',
      data: ['chat', { msg: 'hello' }],
    });
    expect(eio[4]?.sio).toMatchObject({ type: 'BINARY_EVENT', attachments: 1 });
    expect(eio[5]).toMatchObject({
      type: 'message',
      binary: 'AQID',
      sioAttachment: { index: 0, total: 1 },
    });
    expect(events.some((e) => e.kind === 'protocol-error')).toBe(false);
  });

  it('reports a bad Socket.IO packet as a sio protocol-error after its frame', () => {
    const events = run([...SIO_WS.slice(0, 2), ['up', clientText('42{"not":"an array"}')]]);
    expect(summary(events).slice(-2)).toEqual([
      'up text "42{"not":"an array"}"',
      'up error sio: EVENT payload is not a non-empty array [eventName, ...args]',
    ]);
  });

  it('decodes polling bodies as Engine.IO payloads on the final body piece', () => {
    expect(summary(run(POLLING))).toEqual([
      'up GET /lab/abc/socket.io/?EIO=4&transport=polling&t=N1',
      'down 200',
      `down body eio:${OPEN}`,
      'up POST /lab/abc/socket.io/?EIO=4&transport=polling&t=N2&sid=s1',
      'up body eio:40',
      'down 200',
      'down body',
      'up GET /lab/abc/socket.io/?EIO=4&transport=polling&t=N3&sid=s1',
      'down 200',
      'down body eio:40{"sid":"x1"}|42["chat","hi"]',
    ]);
  });
});

describe('ConnectionDecoder on server-sent events', () => {
  it('puts each completed event on the body piece that completed it', () => {
    const events = run(SSE);
    const sse = events.flatMap((e) => (e.kind === 'http-body' ? [e.sse ?? []] : []));
    expect(sse).toEqual([
      [{ id: '1', event: 'message', data: 'a' }],
      [{ id: '1', event: 'tick', data: 'b' }],
      [],
    ]);
  });
});

describe('ConnectionDecoder byte accounting', () => {
  const scripts: [string, Script][] = [
    ['a WebSocket handshake and frames', WS_HANDSHAKE],
    ['Socket.IO over WebSocket', SIO_WS],
    ['a polling exchange', POLLING],
    ['an SSE response', SSE],
  ];
  for (const [label, script] of scripts) {
    it(`accounts for every byte of ${label} in exactly one event, however it is chunked`, () => {
      const whole = summary(run(script));
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.nat(), { maxLength: 6 }), {
            minLength: script.length,
            maxLength: script.length,
          }),
          (cutsPerSegment) => {
            const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'edge-node' });
            const events: UnstampedEvent[] = [];
            for (const [i, [dir, bytes]] of script.entries()) {
              const cuts = [
                ...new Set((cutsPerSegment[i] ?? []).map((c) => c % (bytes.length + 1))),
              ].sort((a, b) => a - b);
              let start = 0;
              for (const p of [...cuts, bytes.length]) {
                events.push(...decoder.push(dir, bytes.subarray(start, p), i));
                start = p;
              }
            }
            for (const dir of ['up', 'down'] as const) {
              const pushed = concatBytes(script.filter(([d]) => d === dir).map(([, b]) => b));
              expect(accountedRaw(events, dir)).toEqual(pushed);
            }
            expect(summary(events)).toEqual(whole);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('never throws on garbage and still accounts for every byte', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom<Dir>('up', 'down'),
            fc.oneof(
              fc.uint8Array({ maxLength: 50 }),
              fc.constantFrom(...WS_HANDSHAKE.map(([, b]) => b)),
            ),
          ),
          {
            maxLength: 12,
          },
        ),
        (script) => {
          const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'browser-edge' });
          const events = script.flatMap(([dir, bytes]) => decoder.push(dir, bytes, 0));
          events.push(...decoder.end('up', 1), ...decoder.end('down', 1));
          for (const dir of ['up', 'down'] as const) {
            expect(accountedRaw(events, dir)).toEqual(
              concatBytes(script.filter(([d]) => d === dir).map(([, b]) => b)),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ConnectionDecoder keep-alive', () => {
  it('knows a pipelined response to HEAD has no body even when both responses arrive in one push', () => {
    const events = run([
      ['up', text('HEAD /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n')],
      [
        'down',
        text(
          'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi',
        ),
      ],
    ]);
    expect(summary(events)).toEqual([
      'up HEAD /a',
      'up GET /b',
      'down 200',
      'down 200',
      'down body',
    ]);
  });

  it('completes a read-until-close body when the connection ends', () => {
    const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'edge-node' });
    run(
      [
        ['up', text('GET /a HTTP/1.1\r\n\r\n')],
        ['down', text('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: x\n\n')],
      ],
      decoder,
    );
    const events = decoder.end('down', 9);
    expect(events).toMatchObject([{ kind: 'http-body', final: true, size: 0, raw: '', t: 9 }]);
  });

  it('reports bytes left inside a head when the connection ends', () => {
    const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'edge-node' });
    decoder.push('up', text('GET /a HT'), 0);
    expect(decoder.end('up', 1)).toMatchObject([
      { kind: 'protocol-error', layer: 'http', message: 'stream ended inside a message head' },
    ]);
  });
});

describe('ConnectionDecoder limits', () => {
  const [up, down] = WS_HANDSHAKE;

  it('reports a client message over the server maxPayload as 1009', () => {
    if (!up || !down) throw new Error('script');
    const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'edge-node', maxPayload: 4 });
    const events = run([up, down, ['up', clientText('too long')]], decoder);
    expect(summary(events).at(-1)).toBe('up error ws: payload length 8 > max 4 (close 1009)');
  });

  it('does not apply the server limit to server-to-client messages', () => {
    if (!up || !down) throw new Error('script');
    const decoder = new ConnectionDecoder({ conn: 'c1', hop: 'edge-node', maxPayload: 4 });
    const events = run([up, down, ['down', serverText('longer than four')]], decoder);
    expect(summary(events).at(-1)).toBe('down text "longer than four"');
  });
});
