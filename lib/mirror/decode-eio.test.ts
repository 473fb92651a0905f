import { describe, expect, it } from 'vitest';
import { utf8Encode } from '@/lib/wire/bytes';
import {
  type DecodeProblem,
  decodeEioBody,
  decodeEioMessage,
  SioAttachmentTracker,
} from './decode-eio';

describe('decodeEioMessage', () => {
  it('decodes a text message into an Engine.IO packet carrying a Socket.IO packet', () => {
    const problems: DecodeProblem[] = [];
    const info = decodeEioMessage(
      { type: 'text', data: new Uint8Array(), text: '42/admin,7["chat","hi"]' },
      new SioAttachmentTracker(),
      problems,
    );
    expect(info).toEqual({
      type: 'message',
      data: '2/admin,7["chat","hi"]',
      encoded: '42/admin,7["chat","hi"]',
      sio: {
        type: 'EVENT',
        nsp: '/admin',
        id: 7,
        data: ['chat', 'hi'],
        encoded: '2/admin,7["chat","hi"]',
      },
    });
    expect(problems).toEqual([]);
  });

  it('marks the binary messages after a BINARY_EVENT as its attachments, in order', () => {
    const tracker = new SioAttachmentTracker();
    const problems: DecodeProblem[] = [];
    decodeEioMessage(
      {
        type: 'text',
        data: new Uint8Array(),
        text: '452-["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      },
      tracker,
      problems,
    );
    const first = decodeEioMessage(
      { type: 'binary', data: new Uint8Array([1]) },
      tracker,
      problems,
    );
    const second = decodeEioMessage(
      { type: 'binary', data: new Uint8Array([2]) },
      tracker,
      problems,
    );
    expect(first?.sioAttachment).toEqual({ index: 0, total: 2 });
    expect(second?.sioAttachment).toEqual({ index: 1, total: 2 });
    expect(problems).toEqual([]);
    decodeEioMessage({ type: 'binary', data: new Uint8Array([3]) }, tracker, problems);
    expect(problems).toEqual([
      {
        layer: 'sio',
        message: 'binary message with no BINARY_EVENT/BINARY_ACK waiting for attachments',
      },
    ]);
  });

  it('reports an open packet whose JSON lacks a field', () => {
    const problems: DecodeProblem[] = [];
    const info = decodeEioMessage(
      { type: 'text', data: new Uint8Array(), text: '0{"sid":"a"}' },
      new SioAttachmentTracker(),
      problems,
    );
    expect(info?.type).toBe('open');
    expect(info?.open).toBeUndefined();
    expect(problems).toEqual([
      { layer: 'eio', message: 'open packet "upgrades" is not an array of strings' },
    ]);
  });

  it('reports an Engine.IO packet with an unknown type', () => {
    const problems: DecodeProblem[] = [];
    expect(
      decodeEioMessage(
        { type: 'text', data: new Uint8Array(), text: 'hello' },
        new SioAttachmentTracker(),
        problems,
      ),
    ).toBeUndefined();
    expect(problems[0]?.layer).toBe('eio');
  });
});

describe('decodeEioBody', () => {
  it('decodes every packet of a polling body and attaches base64 binaries to their BINARY_EVENT', () => {
    const problems: DecodeProblem[] = [];
    const infos = decodeEioBody(
      utf8Encode('451-["up",{"_placeholder":true,"num":0}]\x1ebAQID\x1e2'),
      new SioAttachmentTracker(),
      problems,
    );
    expect(infos.map((p) => p.type)).toEqual(['message', 'message', 'ping']);
    expect(infos[1]).toMatchObject({
      binary: 'AQID',
      encoded: 'bAQID',
      sioAttachment: { index: 0, total: 1 },
    });
    expect(problems).toEqual([]);
  });

  it('keeps the good packets and reports the bad one by position', () => {
    const problems: DecodeProblem[] = [];
    const infos = decodeEioBody(utf8Encode('40\x1ez\x1e3'), new SioAttachmentTracker(), problems);
    expect(infos.map((p) => p.type)).toEqual(['message', 'pong']);
    expect(problems[0]?.message).toMatch(/^packet 2: /);
  });
});
