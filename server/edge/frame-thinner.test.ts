import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clientText,
  MASK,
  serverText,
  text,
  WS_HANDSHAKE,
} from '../../lib/mirror/decode-test-streams';
import { RecordDecoder } from '../../lib/mirror/record-decoder';
import type { Dir, Hop, WireEvent } from '../../lib/mirror/types';
import { concatBytes } from '../../lib/wire/bytes';
import { encodeClosePayload, encodeFrame } from '../../lib/wire/ws-frame';
import { ConnThinner, type Piece } from './frame-thinner';
import { MirrorBudget } from './mirror-budget';

const REQUEST = WS_HANDSHAKE[0]?.[1] as Uint8Array;
const RESPONSE = WS_HANDSHAKE[1]?.[1] as Uint8Array;

/** Splits bytes at the given cut points (sorted, deduplicated, inside the array). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    if (p > at) parts.push(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  return parts;
}

interface Run {
  pieces: Record<string, Piece[]>;
  events: WireEvent[];
}

/**
 * Drives one connection the way the edge does: the handshake, then `up` frames entering on the
 * browser hop and leaving on the node hop (and `down` the other way), each hop's bytes cut anywhere.
 */
function drive(budget: MirrorBudget, up: Uint8Array, down: Uint8Array, cuts: number[] = []): Run {
  const thinner = new ConnThinner(budget, () => 0);
  const pieces: Record<string, Piece[]> = {};
  const decoder = new RecordDecoder();
  const events: WireEvent[] = [];
  const take = (hop: Hop, dir: Dir, out: Piece[]) => {
    const key = `${hop} ${dir}`;
    pieces[key] = [...(pieces[key] ?? []), ...out];
    for (const piece of out) {
      decoder.push(
        [
          piece.kind === 'bytes'
            ? { kind: 'bytes', t: 0, conn: 'c1', hop, dir, data: piece.data }
            : {
                kind: 'elided',
                t: 0,
                conn: 'c1',
                hop,
                dir,
                length: piece.length,
                frames: piece.frames,
              },
        ],
        events,
      );
    }
  };
  const feed = (hop: Hop, dir: Dir, bytes: Uint8Array) => {
    for (const part of split(bytes, cuts)) take(hop, dir, thinner.push(hop, dir, part));
  };
  for (const hop of ['browser-edge', 'edge-node'] as const) feed(hop, 'up', REQUEST);
  for (const hop of ['edge-node', 'browser-edge'] as const) feed(hop, 'down', RESPONSE);
  feed('browser-edge', 'up', up);
  feed('edge-node', 'up', up);
  feed('edge-node', 'down', down);
  feed('browser-edge', 'down', down);
  for (const hop of ['browser-edge', 'edge-node'] as const) {
    for (const dir of ['up', 'down'] as const) take(hop, dir, thinner.flush(hop, dir));
  }
  return { pieces, events };
}

const carried = (pieces: Piece[] = []) =>
  concatBytes(pieces.flatMap((p) => (p.kind === 'bytes' ? [p.data] : [])));
const elided = (pieces: Piece[] = []) =>
  pieces.reduce(
    (sum, p) =>
      p.kind === 'elided' ? { bytes: sum.bytes + p.length, frames: sum.frames + p.frames } : sum,
    { bytes: 0, frames: 0 },
  );

const plenty = () => new MirrorBudget({ bytesPerSecond: 1e12, framesPerSecond: 1e9 }, () => 0);
/** A budget that never refills (the clock stands still): `frames` frames, then nothing. */
const tight = (frames: number) =>
  new MirrorBudget({ bytesPerSecond: 1e12, framesPerSecond: frames }, () => 0);

const manyUp = concatBytes(Array.from({ length: 50 }, (_, i) => clientText(`up ${i}`)));
const manyDown = concatBytes(Array.from({ length: 50 }, (_, i) => serverText(`down ${i}`)));

describe('ConnThinner', () => {
  it('within budget carries every byte, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }), (cuts) => {
        const { pieces } = drive(plenty(), manyUp, manyDown, cuts);
        expect(carried(pieces['browser-edge up'])).toEqual(concatBytes([REQUEST, manyUp]));
        expect(carried(pieces['edge-node down'])).toEqual(concatBytes([RESPONSE, manyDown]));
        expect(elided(pieces['browser-edge up']).frames).toBe(0);
      }),
    );
  });

  it('past the budget leaves out whole frames, the same ones on both hops, and the rest decodes', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }), (cuts) => {
        const { pieces, events } = drive(tight(20), manyUp, manyDown, cuts);
        for (const dir of ['up', 'down'] as const) {
          const a = pieces[`browser-edge ${dir}`];
          const b = pieces[`edge-node ${dir}`];
          expect(carried(a)).toEqual(carried(b));
          expect(elided(a)).toEqual(elided(b));
          const total =
            (dir === 'up' ? REQUEST : RESPONSE).length + (dir === 'up' ? manyUp : manyDown).length;
          expect(carried(a).length + elided(a).bytes).toBe(total);
        }
        expect(
          elided(pieces['browser-edge up']).frames + elided(pieces['edge-node down']).frames,
        ).toBe(80);
        expect(events.filter((e) => e.kind === 'protocol-error')).toEqual([]);
        const texts = events.flatMap((e) =>
          e.kind === 'ws-frame' && e.message?.text ? [e.message.text] : [],
        );
        expect(texts.length).toBe(2 * 20);
        expect(events.some((e) => e.kind === 'marker' && e.label === 'capture thinned')).toBe(true);
      }),
    );
  });

  it('never leaves out part of a fragmented message or a close frame', () => {
    const fragmented = concatBytes([
      clientText('a', false),
      clientText('b', false, 0),
      clientText('c', true, 0),
      encodeFrame({ opcode: 8, mask: MASK, payload: encodeClosePayload(1000, 'bye') }),
    ]);
    // Budget for the first fragment only: the message's other fragments are carried with it.
    const { pieces, events } = drive(tight(1), fragmented, new Uint8Array(0));
    expect(elided(pieces['browser-edge up']).frames).toBe(0);
    const message = events.find((e) => e.kind === 'ws-frame' && e.message?.text === 'abc');
    expect(message).toBeDefined();
    expect(events.some((e) => e.kind === 'ws-frame' && e.frame.opcodeName === 'close')).toBe(true);
  });

  it('never thins a permessage-deflate stream (one missing message would break every later one)', () => {
    const compressed = concatBytes(
      Array.from({ length: 10 }, () =>
        encodeFrame({ opcode: 1, rsv1: true, mask: MASK, payload: text('x') }),
      ),
    );
    const { pieces } = drive(tight(2), compressed, new Uint8Array(0));
    expect(elided(pieces['browser-edge up']).frames).toBe(0);
    expect(carried(pieces['browser-edge up'])).toEqual(concatBytes([REQUEST, compressed]));
  });

  it('after a frame length that is no exact number, carries every byte, however the stream is cut', () => {
    const topBit = Uint8Array.of(0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 5, ...MASK); // 64-bit, MSB set
    const past53 = Uint8Array.of(0x81, 0xff, 0, 0x20, 0, 0, 0, 0, 0, 5, ...MASK); // 2^53 + 5
    for (const bad of [topBit, past53]) {
      const up = concatBytes([clientText('a'), bad, clientText('b'), clientText('c')]);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 60 }), { maxLength: 6 }), (cuts) => {
          const { pieces } = drive(tight(1), up, new Uint8Array(0), cuts);
          for (const hop of ['browser-edge', 'edge-node']) {
            expect(carried(pieces[`${hop} up`])).toEqual(concatBytes([REQUEST, up]));
          }
        }),
      );
    }
  });

  it('thins nothing when the upgrade was refused', () => {
    const thinner = new ConnThinner(tight(0), () => 0);
    thinner.push('browser-edge', 'up', REQUEST);
    const refused = text('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    expect(thinner.push('browser-edge', 'down', refused)).toEqual([
      { kind: 'bytes', data: refused },
    ]);
    const after = clientText('not after a 101');
    expect(thinner.push('browser-edge', 'up', after)).toEqual([{ kind: 'bytes', data: after }]);
  });
});
