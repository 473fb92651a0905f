import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectRecords } from '@/lib/mirror/record-decoder';
import type { Dir, Hop } from '../mirror/types';
import { readPcapng } from './pcapng-read';
import { writePcapng } from './pcapng-write';
import type { EdgeEvent, TapRecord } from './records';
import { comparable, sampleRecords } from './test-captures';

const START = 1_700_000_000_123.456;

describe('readPcapng on files from writePcapng', () => {
  it('gives back the same records, session, start and maxPayload', () => {
    const records = sampleRecords();
    const file = writePcapng(records, { startEpochMs: START, session: 's1', maxPayload: 4096 });
    const read = readPcapng(file);
    expect(comparable(read.records)).toEqual(comparable(records));
    expect(read).toMatchObject({
      format: 'pcapng',
      session: 's1',
      startEpochMs: START,
      maxPayload: 4096,
      warnings: [],
    });
    expect(dissectRecords(read.records)).toEqual(dissectRecords(records));
  });

  it('keeps a connection that sends again after its close (a second TCP stream)', () => {
    const at = (t: number, data: string, dir: Dir = 'up'): TapRecord => ({
      kind: 'bytes',
      t,
      conn: 'c7',
      hop: 'edge-node',
      dir,
      data: new TextEncoder().encode(data),
    });
    const close: TapRecord = {
      kind: 'event',
      event: {
        kind: 'conn-close',
        how: 'end',
        by: 'server',
        t: 2,
        conn: 'c7',
        hop: 'edge-node',
        dir: 'down',
      },
    };
    const records = [at(1, 'a'), close, at(3, 'b', 'down'), at(3.5, '')];
    expect(readPcapng(writePcapng(records)).records).toEqual(records);
  });

  it('round-trips any list of records exactly (t to the microsecond)', () => {
    const conn = fc.constantFrom('c1', 'c2', 'c3', 'c40000', '-');
    const hop = fc.constantFrom<Hop>('browser-edge', 'edge-node');
    const dir = fc.constantFrom<Dir>('up', 'down');
    const where = fc.record({ conn, hop, dir });
    const event: fc.Arbitrary<EdgeEvent> = fc.oneof(
      where.map((w) => ({ kind: 'conn-open' as const, t: 0, ...w })),
      fc
        .record({
          w: where,
          how: fc.constantFrom('end', 'reset', 'error') as fc.Arbitrary<'end' | 'reset' | 'error'>,
          by: fc.constantFrom('client', 'server', 'edge') as fc.Arbitrary<
            'client' | 'server' | 'edge'
          >,
        })
        .map(({ w, how, by }) => ({ kind: 'conn-close' as const, t: 0, ...w, how, by })),
      fc
        .record({
          w: where,
          label: fc.string(),
          detail: fc.option(fc.string(), { nil: undefined }),
        })
        .map(({ w, label, detail }) => ({
          kind: 'marker' as const,
          t: 0,
          ...w,
          label,
          ...(detail === undefined ? {} : { detail }),
        })),
      fc.record({ w: where, detail: fc.string(), bytes: fc.nat() }).map(({ w, detail, bytes }) => ({
        kind: 'fault' as const,
        fault: 'drop' as const,
        t: 0,
        ...w,
        detail,
        bytes,
      })),
    );
    const record: fc.Arbitrary<TapRecord> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record({ w: where, data: fc.uint8Array({ maxLength: 300 }) })
          .map(({ w, data }) => ({ kind: 'bytes' as const, t: 0, ...w, data })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ w: where, length: fc.nat(100_000), frames: fc.nat(5) })
          .map(({ w, length, frames }) => ({
            kind: 'elided' as const,
            t: 0,
            ...w,
            length,
            frames,
          })),
      },
      {
        weight: 3,
        arbitrary: fc
          .record({
            event,
            affected: fc.option(fc.uint8Array({ maxLength: 20 }), { nil: undefined }),
          })
          .map(({ event, affected }) =>
            affected && event.kind === 'fault'
              ? { kind: 'event' as const, event, affected }
              : { kind: 'event' as const, event },
          ),
      },
    );
    const capture = fc
      .tuple(
        fc.array(record, { maxLength: 60 }),
        fc.array(fc.nat(5_000), { minLength: 60, maxLength: 60 }),
      )
      .map(([records, steps]) => {
        let micros = 0;
        return records.map((r, i) => {
          micros += steps[i] as number;
          const t = micros / 1000;
          return r.kind === 'event' ? { ...r, event: { ...r.event, t } } : { ...r, t };
        });
      });
    fc.assert(
      fc.property(capture, fc.integer({ min: 0, max: 2_000_000_000_000 }), (records, start) => {
        const read = readPcapng(writePcapng(records, { startEpochMs: start }));
        expect(read.records).toEqual(records);
        expect(read.warnings).toEqual(
          records.length > 0 ? [] : [expect.stringMatching(/no packets/)],
        );
      }),
      { numRuns: 200 },
    );
  });

  it('carries a chunk larger than one segment and elided runs over 4 GiB of sequence space', () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
    const records: TapRecord[] = [
      { kind: 'bytes', t: 1, conn: 'c1', hop: 'browser-edge', dir: 'down', data: big },
      {
        kind: 'elided',
        t: 2,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        length: 0xffff_fff0,
        frames: 3,
      },
      {
        kind: 'bytes',
        t: 3,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'down',
        data: big.subarray(0, 100),
      },
    ];
    expect(comparable(readPcapng(writePcapng(records)).records)).toEqual(comparable(records));
  });
});
