/**
 * Seeded pseudo-random numbers for faults. The same scenario seed, connection index and direction
 * always give the same sequence, so the same traffic meets the same drops, stalls and reorders.
 */

/** A PRNG: each call returns a float in [0, 1). */
export type Random = () => number;

/** mulberry32: a 32-bit state generator, small and fast, with good enough spread for fault dice. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: turns (seed, stream name) into a 32-bit seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The generator for one named stream of one scenario, e.g. streamRandom(42, 'c3/up/drop').
 * Streams are independent: adding a latency fault does not shift which frames the drop fault picks.
 */
export function streamRandom(seed: number, stream: string): Random {
  return mulberry32(hash32(`${seed >>> 0}/${stream}`));
}
