import { describe, expect, it } from 'vitest';
import { concatBytes, utf8Encode } from '../../../lib/wire/bytes';
import { encodeFrame } from '../../../lib/wire/ws-frame';
import { FrameCutter, type Unit } from './frame-cutter';

const mask = Uint8Array.of(1, 2, 3, 4);
const text = (s: string, fin = true) =>
  encodeFrame({ opcode: 1, fin, mask, payload: utf8Encode(s) });
const cont = (s: string, fin = true) =>
  encodeFrame({ opcode: 0, fin, mask, payload: utf8Encode(s) });
const ping = encodeFrame({ opcode: 9, mask, payload: utf8Encode('p') });
const mid = encodeFrame({ opcode: 2, payload: new Uint8Array(300).fill(7) });
const big = encodeFrame({ opcode: 2, payload: new Uint8Array(70_000).fill(8) });
const head = utf8Encode('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n');

/** Feeds the stream in pieces of `size` bytes; returns the units. */
function cut(stream: Uint8Array, size: number, wantCut = true, cutter = framesCutter()): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < stream.length; i += size) {
    out.push(...cutter.push(stream.subarray(i, i + size), wantCut));
  }
  return out;
}

function framesCutter() {
  return new FrameCutter({ start: 'head', onHead: () => 'frames' });
}

const joined = (units: Unit[]) => concatBytes(units.map((u) => u.bytes));
const cutFrames = (units: Unit[]) => units.filter((u) => u.frame !== undefined);

describe('FrameCutter', () => {
  const stream = concatBytes([
    head,
    text('one'),
    ping,
    text('frag-a', false),
    cont('frag-b'),
    text('two'),
    mid,
    text(''),
  ]);
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

  it('cuts whole unfragmented data frames out, wherever the chunks split', () => {
    for (const size of [1, 2, 3, 7, 64, 1000, stream.length]) {
      const units = cut(stream, size);
      expect(same(joined(units), stream)).toBe(true);
      const frames = cutFrames(units);
      expect(frames.map((u) => u.bytes)).toEqual([text('one'), text('two'), mid, text('')]);
      expect(frames.map((u) => u.frame)).toEqual([
        { opcode: 1, payloadLength: 3 },
        { opcode: 1, payloadLength: 3 },
        { opcode: 2, payloadLength: 300 },
        { opcode: 1, payloadLength: 0 },
      ]);
    }
  });

  it('cuts a frame with a 64-bit length', () => {
    const units = cut(concatBytes([head, big, text('after')]), 4096);
    const frames = cutFrames(units);
    expect(frames.map((u) => u.frame?.payloadLength)).toEqual([70_000, 5]);
    expect(same(frames[0]?.bytes ?? new Uint8Array(), big)).toBe(true);
  });

  it('never cuts control frames, fragments or frames above maxCut', () => {
    const cutter = new FrameCutter({ start: 'frames', maxCut: 200 });
    const units = cut(stream.subarray(head.length), 5, true, cutter);
    const frames = cutFrames(units).map((u) => u.bytes);
    expect(frames).toEqual([text('one'), text('two'), text('')]);
    expect(same(joined(units), stream.subarray(head.length))).toBe(true);
  });

  it('passes bytes through as they arrive when cutting is off, following frame boundaries', () => {
    const cutter = framesCutter();
    const first = cut(stream.subarray(0, head.length + 4), 4, false, cutter);
    expect(cutFrames(first)).toEqual([]);
    expect(same(joined(first), stream.subarray(0, head.length + 4))).toBe(true);
    // Switched on mid-frame: the rest of 'one' streams, the next data frame is cut.
    const rest = cutter.push(stream.subarray(head.length + 4), true);
    expect(same(joined(rest), stream.subarray(head.length + 4))).toBe(true);
    expect(cutFrames(rest).map((u) => u.bytes)).toEqual([text('two'), mid, text('')]);
  });

  it('after a non-101 response head everything is opaque', () => {
    const response = utf8Encode('HTTP/1.1 400 Bad Request\r\nContent-Length: 3\r\n\r\nbad');
    const cutter = new FrameCutter({
      start: 'head',
      onHead: (h) => (new TextDecoder().decode(h).startsWith('HTTP/1.1 101') ? 'frames' : 'opaque'),
    });
    const units = cut(concatBytes([response, text('x')]), 3, true, cutter);
    expect(cutFrames(units)).toEqual([]);
    expect(cutter.current).toBe('opaque');
  });

  it('stops looking for frames after an impossible 64-bit length', () => {
    const bad = Uint8Array.of(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 9, 9);
    const cutter = new FrameCutter({ start: 'frames' });
    const units = cut(concatBytes([text('a'), bad, text('b')]), 4, true, cutter);
    expect(joined(units)).toEqual(concatBytes([text('a'), bad, text('b')]));
    expect(cutFrames(units).map((u) => u.bytes)).toEqual([text('a')]);
    expect(cutter.current).toBe('opaque');
  });

  it('stops looking for frames after a 64-bit length beyond 2^53 (not an exact number)', () => {
    const huge = Uint8Array.of(0x82, 127, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 9); // 2^53
    const cutter = new FrameCutter({ start: 'frames' });
    const units = cut(concatBytes([text('a'), huge, text('b')]), 3, true, cutter);
    expect(joined(units)).toEqual(concatBytes([text('a'), huge, text('b')]));
    expect(cutFrames(units).map((u) => u.bytes)).toEqual([text('a')]);
    expect(cutter.current).toBe('opaque');
  });

  it('flush returns the bytes of a partly received frame', () => {
    const cutter = new FrameCutter({ start: 'frames' });
    const frame = text('unfinished');
    expect(cutter.push(frame.subarray(0, 5), true)).toEqual([]);
    expect(joined(cutter.flush())).toEqual(frame.subarray(0, 5));
  });
});
