/**
 * What a dissector returns, as Wireshark's do: a tree of named byte ranges (spans) over one unit's
 * bytes (a frame, an HTTP head, an Engine.IO packet). Views only render spans; every name, value and
 * meaning comes from the codec that owns the grammar.
 *
 * Invariants (checked by `spanProblems`, property-tested for every dissector):
 * - the top-level spans of a Dissection are in order, contiguous and cover its bytes exactly;
 * - children stay inside their parent and do not overlap each other (at bit granularity, so FIN,
 *   RSV1-3 and opcode may share byte 0);
 * - a span's `derived` bytes are a new Dissection with the same invariants.
 */

/** Bits inside a span's first byte, numbered as RFC diagrams do: bit 0 is the most significant (0x80). */
export interface BitRange {
  offset: number;
  width: number;
}

export interface Span {
  /** Field name, as a dissector tree shows it: 'FIN', 'opcode', 'masking key', 'Host'. */
  name: string;
  /** First byte, counted from the start of the dissected bytes. */
  offset: number;
  /** Bytes covered; 0 for a field implied but not sent (the default namespace '/'). */
  length: number;
  /** For sub-byte fields (FIN, RSV1-3, opcode, MASK, the 7-bit length): which bits of byte `offset`. */
  bits?: BitRange;
  /** The decoded value as shown: '1', '0x1 text', '5 bytes (7-bit)', '"Hello"'. */
  value: string;
  /** What the value means, with the spec section where there is one. */
  meaning?: string;
  /** Something wrong with this field (truncated, invalid), said specifically. */
  problem?: string;
  /** Finer fields inside this one. */
  children?: Span[];
  /** Bytes computed from this span's bytes (unmasked payload, base64-decoded data), dissected in turn. */
  derived?: Dissection;
}

export interface Dissection {
  /** What the bytes are: 'Frame on the wire', 'Payload, unmasked'. */
  title: string;
  bytes: Uint8Array;
  /** Top-level spans: contiguous, in order, covering `bytes` exactly. */
  spans: Span[];
  /** The bytes are not one whole, valid unit: what is wrong (the spans still cover every byte). */
  error?: string;
}

/** Value text longer than this is cut with an ellipsis (the bytes themselves are in the dump). */
export const MAX_VALUE_CHARS = 80;

export function preview(text: string, max = MAX_VALUE_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Bytes the UTF-8 encoding of text[from, to) takes (a surrogate pair is 4, counted 2 + 2). */
export function utf8ByteLength(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return n;
}

/** Converts increasing character indices of `text` to byte offsets of its UTF-8 encoding. */
export function utf8Offsets(text: string): (charIndex: number) => number {
  let lastChar = 0;
  let lastByte = 0;
  return (charIndex) => {
    if (charIndex < lastChar) {
      lastChar = 0;
      lastByte = 0;
    }
    lastByte += utf8ByteLength(text, lastChar, charIndex);
    lastChar = charIndex;
    return lastByte;
  };
}

/** The same spans moved `by` bytes later (children too; derived bytes keep their own offsets). */
export function shiftSpans(spans: readonly Span[], by: number): Span[] {
  return spans.map((s) => {
    const moved: Span = { ...s, offset: s.offset + by };
    if (s.children) moved.children = shiftSpans(s.children, by);
    return moved;
  });
}

/** Depth-first search by name through children (not derived bytes). */
export function findSpan(spans: readonly Span[], name: string): Span | undefined {
  for (const s of spans) {
    if (s.name === name) return s;
    const inner = s.children ? findSpan(s.children, name) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** The dissection and every dissection derived from its spans, depth first, in byte order. */
export function allDissections(root: Dissection): Dissection[] {
  const out: Dissection[] = [root];
  const walk = (spans: readonly Span[]) => {
    for (const s of spans) {
      if (s.children) walk(s.children);
      if (s.derived) out.push(...allDissections(s.derived));
    }
  };
  walk(root.spans);
  return out;
}

/** [start, end) in bits. */
function bitRange(s: Span): [number, number] {
  if (s.bits) return [s.offset * 8 + s.bits.offset, s.offset * 8 + s.bits.offset + s.bits.width];
  return [s.offset * 8, (s.offset + s.length) * 8];
}

/** Every broken invariant, as readable sentences; [] when the dissection is well formed. */
export function spanProblems(d: Dissection): string[] {
  const problems: string[] = [];
  let at = 0;
  for (const s of d.spans) {
    if (s.offset !== at) problems.push(`${d.title}: "${s.name}" starts at ${s.offset}, not ${at}`);
    if (s.bits) problems.push(`${d.title}: top-level "${s.name}" is a bit field`);
    at = s.offset + s.length;
  }
  if (at !== d.bytes.length) {
    problems.push(`${d.title}: spans cover ${at} of ${d.bytes.length} bytes`);
  }
  const check = (parent: Span, path: string) => {
    const [pStart, pEnd] = bitRange(parent);
    if (parent.length < 0 || !Number.isInteger(parent.offset)) {
      problems.push(`${path}: bad range ${parent.offset}+${parent.length}`);
    }
    if (parent.bits && (parent.length !== 1 || parent.bits.offset + parent.bits.width > 8)) {
      problems.push(`${path}: bits ${parent.bits.offset}+${parent.bits.width} outside its byte`);
    }
    let last = pStart;
    for (const c of parent.children ?? []) {
      const [cStart, cEnd] = bitRange(c);
      if (cStart < last) problems.push(`${path} > "${c.name}" overlaps or is out of order`);
      if (cStart < pStart || cEnd > pEnd) problems.push(`${path} > "${c.name}" is outside it`);
      last = Math.max(last, cEnd);
      check(c, `${path} > "${c.name}"`);
    }
    if (parent.derived) problems.push(...spanProblems(parent.derived));
  };
  for (const s of d.spans) check(s, `${d.title}: "${s.name}"`);
  return problems;
}

/** A unit that should be text and is not: one span over its bytes, carrying the problem. */
export function notText(bytes: Uint8Array, title: string, error: string): Dissection {
  const spans: Span[] = bytes.length
    ? [
        {
          name: 'bytes',
          offset: 0,
          length: bytes.length,
          value: `${bytes.length} bytes`,
          problem: error,
        },
      ]
    : [];
  return { title, bytes, spans, error };
}
