/**
 * Raw DEFLATE decoding (RFC 1951) for permessage-deflate (RFC 7692), small and synchronous, in the
 * style of zlib's puff.c: canonical Huffman codes decoded bit by bit. Slow next to zlib, but pure
 * and isomorphic, and teaching payloads are small.
 *
 * permessage-deflate sends each message as DEFLATE blocks ended by a sync flush, minus the trailing
 * 00 00 ff ff; the LZ77 window carries over between messages unless no_context_takeover was
 * agreed. `MessageInflater` keeps that window per direction.
 */

const MAX_BITS = 15;
const WINDOW = 32 * 1024;

/** Lengths 257-285: base and extra bits; distances 0-29: base and extra bits (RFC 1951 §3.2.5). */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
];
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
  3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** Order of code-length code lengths in a dynamic block header. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

class InflateError extends Error {}

function buildHuffman(lengths: ArrayLike<number>, n: number): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) count[lengths[s] as number]!++;
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = left * 2 - (count[len] as number);
    if (left < 0) throw new InflateError('over-subscribed Huffman code');
  }
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++)
    offs[len + 1] = (offs[len] as number) + (count[len] as number);
  for (let s = 0; s < n; s++) {
    const len = lengths[s] as number;
    if (len !== 0) symbol[offs[len]!++] = s;
  }
  return { count, symbol };
}

const FIXED = (() => {
  const lengths = new Uint8Array(288 + 30);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return {
    lit: buildHuffman(lengths, 288),
    dist: buildHuffman(new Uint8Array(30).fill(5), 30),
  };
})();

class BitReader {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;

  constructor(private readonly input: Uint8Array) {}

  get exhausted(): boolean {
    return this.pos >= this.input.length && this.bitCount === 0;
  }

  /** Whole bytes not yet read (after aligning). */
  get remainingBytes(): number {
    return this.input.length - this.pos;
  }

  bits(need: number): number {
    let val = this.bitBuf;
    while (this.bitCount < need) {
      if (this.pos >= this.input.length) throw new InflateError('compressed data ends early');
      val |= (this.input[this.pos++] as number) << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = val >>> need;
    this.bitCount -= need;
    return val & ((1 << need) - 1);
  }

  alignToByte(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
  }

  byte(): number {
    if (this.pos >= this.input.length) throw new InflateError('compressed data ends early');
    return this.input[this.pos++] as number;
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.count[len] as number;
      if (code - count < first) return h.symbol[index + (code - first)] as number;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new InflateError('invalid Huffman code');
  }
}

/** Inflates consecutive permessage-deflate messages of one direction, keeping the LZ77 window. */
export class MessageInflater {
  private history = new Uint8Array(0);

  /** Returns the decompressed message, or an error message (the window is then reset). */
  inflate(compressed: Uint8Array): { ok: true; data: Uint8Array } | { ok: false; error: string } {
    const input = new Uint8Array(compressed.length + 4);
    input.set(compressed);
    input.set([0x00, 0x00, 0xff, 0xff], compressed.length); // the sync-flush tail the sender removed
    const out: number[] = [];
    const base = this.history;
    const reader = new BitReader(input);
    const at = (distance: number): number => {
      const i = out.length - distance;
      if (i >= 0) return out[i] as number;
      const h = base.length + i;
      if (h < 0) throw new InflateError(`distance ${distance} reaches before the window`);
      return base[h] as number;
    };
    try {
      let last = false;
      while (!last && reader.remainingBytes > 0) {
        last = reader.bits(1) === 1;
        const type = reader.bits(2);
        if (type === 0) {
          reader.alignToByte();
          const len = reader.byte() | (reader.byte() << 8);
          const nlen = reader.byte() | (reader.byte() << 8);
          if ((len ^ 0xffff) !== nlen)
            throw new InflateError('stored block length does not match its complement');
          for (let i = 0; i < len; i++) out.push(reader.byte());
        } else if (type === 1 || type === 2) {
          const { lit, dist } = type === 1 ? FIXED : this.readDynamic(reader);
          for (;;) {
            const sym = reader.decode(lit);
            if (sym < 256) out.push(sym);
            else if (sym === 256) break;
            else {
              const li = sym - 257;
              if (li >= 29) throw new InflateError(`invalid length symbol ${sym}`);
              const length = (LENGTH_BASE[li] as number) + reader.bits(LENGTH_EXTRA[li] as number);
              const di = reader.decode(dist);
              if (di >= 30) throw new InflateError(`invalid distance symbol ${di}`);
              const distance = (DIST_BASE[di] as number) + reader.bits(DIST_EXTRA[di] as number);
              for (let i = 0; i < length; i++) out.push(at(distance));
            }
          }
        } else {
          throw new InflateError('invalid block type 3');
        }
      }
    } catch (error) {
      this.history = new Uint8Array(0);
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const data = Uint8Array.from(out);
    const joined = new Uint8Array(Math.min(WINDOW, base.length + data.length));
    const fromBase = joined.length - Math.min(data.length, joined.length);
    joined.set(base.subarray(base.length - fromBase), 0);
    joined.set(data.subarray(data.length - (joined.length - fromBase)), fromBase);
    this.history = joined;
    return { ok: true, data };
  }

  /** no_context_takeover: forget the window. */
  reset(): void {
    this.history = new Uint8Array(0);
  }

  private readDynamic(reader: BitReader): { lit: Huffman; dist: Huffman } {
    const nlen = reader.bits(5) + 257;
    const ndist = reader.bits(5) + 1;
    const ncode = reader.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError('bad dynamic block code counts');
    const clLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) clLengths[CL_ORDER[i] as number] = reader.bits(3);
    const cl = buildHuffman(clLengths, 19);
    const lengths = new Uint8Array(nlen + ndist);
    let i = 0;
    while (i < nlen + ndist) {
      const sym = reader.decode(cl);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new InflateError('repeat with no previous code length');
        value = lengths[i - 1] as number;
        repeat = 3 + reader.bits(2);
      } else if (sym === 17) repeat = 3 + reader.bits(3);
      else repeat = 11 + reader.bits(7);
      if (i + repeat > nlen + ndist) throw new InflateError('code lengths overflow');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new InflateError('no end-of-block code');
    return {
      lit: buildHuffman(lengths.subarray(0, nlen), nlen),
      dist: buildHuffman(lengths.subarray(nlen), ndist),
    };
  }
}
