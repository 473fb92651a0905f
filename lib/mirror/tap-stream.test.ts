import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TapRecord } from '../capture/records';
import { BATCH_HEADER, RECORD_HEADER, TapStreamReader, TapStreamWriter } from './tap-stream';

const hop = fc.constantFrom('browser-edge' as const, 'edge-node' as const);
const dir = fc.constantFrom('up' as const, 'down' as const);
const conn = fc.integer({ min: 1, max: 5 }).map((n) => `c${n}`);
const t = fc.double({ min: 0, max: 1e7, noNaN: true });

const record: fc.Arbitrary<TapRecord> = fc.oneof(
  fc.record({
    kind: fc.constant('bytes' as const),
    t,
    conn,
    hop,
    dir,
    data: fc.uint8Array({ minLength: 0, maxLength: 40 }),
  }),
  fc.record({
    kind: fc.constant('elided' as const),
    t,
    conn,
    hop,
    dir,
    length: fc.nat(),
    frames: fc.nat({ max: 1000 }),
  }),
  fc.record({
    kind: fc.constant('event' as const),
    event: fc.record({
      kind: fc.constant('marker' as const),
      label: fc.string(),
      t,
      conn: fc.oneof(conn, fc.constant('-')),
      hop,
      dir,
    }),
  }),
);

/** A record list where each chunk is sometimes forwarded unchanged on the other hop. */
const forwarded = fc
  .array(fc.tuple(record, fc.boolean()), { maxLength: 30 })
  .map((pairs) =>
    pairs.flatMap(([r, forward]): TapRecord[] =>
      forward && r.kind === 'bytes'
        ? [r, { ...r, hop: r.hop === 'browser-edge' ? 'edge-node' : 'browser-edge' }]
        : [r],
    ),
  );

describe('tap stream', () => {
  it('reads back exactly what was written, over many batches', () => {
    fc.assert(
      fc.property(fc.array(forwarded, { maxLength: 5 }), (batches) => {
        const writer = new TapStreamWriter();
        const reader = new TapStreamReader();
        for (const records of batches) {
          const { records: back, dropped } = reader.decode(writer.encode(records, 3));
          expect(dropped).toBe(3);
          expect(back).toEqual(records);
        }
      }),
    );
  });

  it('sends a chunk forwarded unchanged as an 18-byte reference', () => {
    const data = new Uint8Array(1000).fill(9);
    const a: TapRecord = { kind: 'bytes', t: 1, conn: 'c1', hop: 'browser-edge', dir: 'up', data };
    const b: TapRecord = { ...a, hop: 'edge-node', t: 2 };
    const batch = new TapStreamWriter().encode([a, b]);
    expect(batch.length).toBe(BATCH_HEADER + 2 * RECORD_HEADER + 1000);
  });

  it('carries a fault’s affected bytes as bytes', () => {
    const affected = new Uint8Array([0x81, 0x02, 0x68, 0x69]);
    const r: TapRecord = {
      kind: 'event',
      event: {
        kind: 'fault',
        fault: 'drop',
        detail: 'frame dropped',
        t: 3,
        conn: 'c2',
        hop: 'edge-node',
        dir: 'up',
      },
      affected,
    };
    const [back] = new TapStreamReader().decode(new TapStreamWriter().encode([r])).records;
    expect(back).toEqual(r);
  });

  it('refuses malformed batches with the byte where they went wrong', () => {
    const reader = () => new TapStreamReader();
    expect(() => reader().decode(new Uint8Array(3))).toThrow(/too short/);
    expect(() => reader().decode(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/version 2/);
    const ok = new TapStreamWriter().encode([
      { kind: 'bytes', t: 0, conn: 'c1', hop: 'browser-edge', dir: 'up', data: new Uint8Array(10) },
    ]);
    expect(() => reader().decode(ok.subarray(0, ok.length - 1))).toThrow(/body cut/);
    const bad = ok.slice();
    bad[BATCH_HEADER] = 9;
    expect(() => reader().decode(bad)).toThrow(/unknown type 9/);
    const orphan = ok.slice();
    orphan[BATCH_HEADER] = 1;
    expect(() => reader().decode(orphan.subarray(0, BATCH_HEADER + RECORD_HEADER))).toThrow(
      /no matching chunk/,
    );
  });

  it('refuses connection ids it cannot carry', () => {
    expect(() =>
      new TapStreamWriter().encode([
        { kind: 'bytes', t: 0, conn: 'x', hop: 'browser-edge', dir: 'up', data: new Uint8Array(1) },
      ]),
    ).toThrow(/not c<n>/);
  });

  it('forgets a connection once both its hops closed', () => {
    const writer = new TapStreamWriter();
    const reader = new TapStreamReader();
    const close = (h: 'browser-edge' | 'edge-node'): TapRecord => ({
      kind: 'event',
      event: { kind: 'conn-close', how: 'end', by: 'client', t: 5, conn: 'c1', hop: h, dir: 'up' },
    });
    const data: TapRecord = {
      kind: 'bytes',
      t: 0,
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'up',
      data: new Uint8Array(4),
    };
    reader.decode(writer.encode([data, { ...data, hop: 'edge-node' }]));
    expect(writer.tracked).toBe(1);
    expect(reader.tracked).toBe(1);
    reader.decode(writer.encode([close('browser-edge'), close('edge-node')]));
    expect(writer.tracked).toBe(0);
    expect(reader.tracked).toBe(0);
  });
});
