import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { dissectEioPacket, dissectEioPayload } from './engineio-dissect';
import { dissectHttpHead } from './http-dissect';
import { encodeRequestHead, encodeResponseHead } from './http-head';
import { dissectSioPacket } from './socketio-dissect';
import {
  allDissections,
  type Dissection,
  shiftSpans,
  spanProblems,
  utf8ByteLength,
  utf8Offsets,
} from './spans';
import { dissectWsFrame } from './ws-dissect';
import { encodeFrame } from './ws-frame';

/** Text made of the characters the grammars care about, plus multi-byte UTF-8. */
const grammarText = fc
  .array(
    fc.constantFrom(
      '0',
      '1',
      '2',
      '4',
      '5',
      '6',
      '9',
      'b',
      'A',
      '=',
      '/',
      ',',
      '-',
      '[',
      ']',
      '"',
      '{',
      '}',
      ':',
      ' ',
      'é',
      '😀',
      '\x1e',
      '\r',
      '\n',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const wellFormed = (d: Dissection) => {
  const problems = spanProblems(d);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return true;
};

describe('spans of every dissector cover the unit exactly, whatever the bytes', () => {
  it('dissectWsFrame: any encoded frame, any prefix of it, any garbage', () => {
    const frame = fc
      .record({
        fin: fc.boolean(),
        rsv1: fc.boolean(),
        opcode: fc.constantFrom(0, 1, 2, 3, 8, 9, 10),
        mask: fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: undefined }),
        payload: fc.oneof(
          fc.uint8Array({ maxLength: 140 }),
          grammarText.map(utf8Encode),
          fc.integer({ min: 126, max: 70_000 }).map((n) => new Uint8Array(n)),
        ),
      })
      .map(encodeFrame);
    fc.assert(
      fc.property(frame, fc.nat(), (bytes, cut) =>
        wellFormed(dissectWsFrame(bytes.subarray(0, cut % (bytes.length + 1)))),
      ),
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => wellFormed(dissectWsFrame(b))));
  });

  it('dissectHttpHead: encoded heads, their prefixes, and text of CR, LF, colons and spaces', () => {
    const token = fc.stringMatching(/^[A-Za-z-]{1,8}$/);
    const headers = fc.array(fc.tuple(token, fc.string({ maxLength: 10 })), { maxLength: 5 });
    const head = fc.oneof(
      fc.record({ target: fc.webPath(), headers }).map(({ target, headers: h }) =>
        encodeRequestHead({
          method: 'GET',
          target: target || '/',
          version: 'HTTP/1.1',
          headers: h,
        }),
      ),
      fc
        .record({ status: fc.integer({ min: 100, max: 599 }), reason: token, headers })
        .map(({ status, reason, headers: h }) =>
          encodeResponseHead({ version: 'HTTP/1.1', status, reason, headers: h }),
        ),
    );
    fc.assert(
      fc.property(head, fc.nat(), (bytes, cut) =>
        wellFormed(dissectHttpHead(bytes.subarray(0, cut % (bytes.length + 1)))),
      ),
    );
    fc.assert(fc.property(grammarText, (t) => wellFormed(dissectHttpHead(utf8Encode(t)))));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => wellFormed(dissectHttpHead(b))));
  });

  it('dissectEioPacket, dissectEioPayload, dissectSioPacket: any text, any bytes', () => {
    fc.assert(
      fc.property(grammarText, (t) => {
        const bytes = utf8Encode(t);
        wellFormed(dissectEioPacket(bytes));
        wellFormed(dissectEioPacket(bytes, { sio: true }));
        wellFormed(dissectEioPayload(bytes));
        return wellFormed(dissectSioPacket(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (b) => {
        wellFormed(dissectEioPacket(b));
        wellFormed(dissectEioPayload(b));
        return wellFormed(dissectSioPacket(b));
      }),
    );
  });
});

describe('span helpers', () => {
  it('spanProblems names a gap, an overlap and a child outside its parent', () => {
    const bytes = new Uint8Array(4);
    expect(
      spanProblems({
        title: 't',
        bytes,
        spans: [
          { name: 'a', offset: 0, length: 1, value: '' },
          { name: 'b', offset: 2, length: 2, value: '' },
        ],
      }),
    ).toEqual(['t: "b" starts at 2, not 1']);
    expect(
      spanProblems({
        title: 't',
        bytes,
        spans: [
          {
            name: 'h',
            offset: 0,
            length: 2,
            value: '',
            children: [
              { name: 'x', offset: 0, length: 1, bits: { offset: 0, width: 4 }, value: '' },
              { name: 'y', offset: 0, length: 1, bits: { offset: 3, width: 5 }, value: '' },
              { name: 'z', offset: 1, length: 2, value: '' },
            ],
          },
        ],
      }),
    ).toEqual([
      't: spans cover 2 of 4 bytes',
      't: "h" > "y" overlaps or is out of order',
      't: "h" > "z" is outside it',
    ]);
  });

  it('utf8Offsets maps character indices to byte offsets, in any order', () => {
    const text = 'aé😀b';
    const at = utf8Offsets(text);
    expect([0, 1, 2, 4, 5].map(at)).toEqual([0, 1, 3, 7, 8]);
    expect(at(2)).toBe(3);
    expect(utf8ByteLength(text)).toBe(utf8Encode(text).length);
  });

  it('shiftSpans moves children too; allDissections finds derived bytes', () => {
    const moved = shiftSpans(
      [
        {
          name: 'p',
          offset: 0,
          length: 2,
          value: '',
          children: [{ name: 'c', offset: 1, length: 1, value: '' }],
        },
      ],
      3,
    );
    expect(moved[0]?.children?.[0]?.offset).toBe(4);
    const masked = encodeFrame({
      opcode: 1,
      mask: Uint8Array.of(1, 2, 3, 4),
      payload: utf8Encode('hi'),
    });
    expect(allDissections(dissectWsFrame(masked)).map((d) => d.title)).toEqual([
      'Frame on the wire',
      'Payload, unmasked',
    ]);
  });
});
