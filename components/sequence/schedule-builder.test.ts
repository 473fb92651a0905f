import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dir, Hop, WireEvent } from '@/lib/mirror/types';
import capture from './fixtures/socketio-run.json';
import { schedule } from './motion';
import { ScheduleBuilder } from './schedule-builder';

/** A real capture: socket.io-client, polling then the upgrade, one chat emit, close (loopback). */
const RUN = capture as unknown as WireEvent[];

const HOPS: Hop[] = ['browser-edge', 'edge-node'];
const DIRS: Dir[] = ['up', 'down'];

function frame(seq: number, t: number, hop: Hop, dir: Dir, conn: string): WireEvent {
  return {
    kind: 'ws-frame',
    seq,
    t,
    conn,
    hop,
    dir,
    raw: '',
    frame: {
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      opcodeName: 'text',
      masked: dir === 'up',
      payloadLength: 0,
      lengthBits: 7,
      headerLength: 2,
    },
  };
}

/** Random logs as the server sends them (seq increasing, t non-decreasing, bursts at one t). */
const logArb = fc
  .array(
    fc.record({
      dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
      hop: fc.constantFrom(...HOPS),
      dir: fc.constantFrom(...DIRS),
      conn: fc.constantFrom('c1', 'c2', 'c3'),
      kind: fc.constantFrom('frame', 'frame', 'marker', 'fault', 'body-piece'),
    }),
    { maxLength: 80 },
  )
  .map((specs) => {
    let t = 0;
    return specs.map((s, i): WireEvent => {
      t += s.dt;
      const base = { seq: i + 1, t, conn: s.conn, hop: s.hop, dir: s.dir };
      if (s.kind === 'marker') return { ...base, kind: 'marker', label: 'm' };
      if (s.kind === 'fault') return { ...base, kind: 'fault', fault: 'drop', detail: 'd' };
      if (s.kind === 'body-piece')
        return { ...base, kind: 'http-body', raw: '', size: 1, final: false };
      return frame(i + 1, t, s.hop, s.dir, s.conn);
    });
  });

/** Feeds `events` to a builder in batches of the given sizes, checking it after every batch. */
function checkInBatches(
  events: readonly WireEvent[],
  sizes: readonly number[],
  opts: {
    travelMs: number;
    reducedMotion?: boolean;
  },
): void {
  const b = new ScheduleBuilder(opts);
  expect(b.extend([])).toEqual(schedule([], opts));
  let n = 0;
  let k = 0;
  while (n < events.length) {
    n = Math.min(events.length, n + Math.max(1, sizes[k++ % sizes.length] ?? 1));
    const prefix = events.slice(0, n);
    expect(b.extend(prefix)).toEqual(schedule(prefix, opts));
    expect(b.length).toBe(n);
  }
}

describe('ScheduleBuilder', () => {
  it('equals schedule() of the real capture after every event and after batches', () => {
    for (const travelMs of [0.25, 2.5, 25, 250]) {
      checkInBatches(RUN, [1], { travelMs });
      checkInBatches(RUN, [7, 1, 30], { travelMs });
    }
    checkInBatches(RUN, [5], { travelMs: 250, reducedMotion: true });
  });

  it('equals schedule() of random logs at every batch boundary (property)', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0.25, 2.5, 25, 250),
        fc.boolean(),
        (events, sizes, travelMs, reducedMotion) => {
          checkInBatches(events, sizes, { travelMs, reducedMotion });
        },
      ),
    );
  });
});
