import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dir, Hop, WireEvent } from '@/lib/mirror/types';
import { isDiagramEvent } from './event-label';
import capture from './fixtures/socketio-run.json';
import {
  inFlight,
  inFlightAt,
  landed,
  lanesOf,
  type MotionOptions,
  schedule,
  stateAt,
  travels,
} from './motion';

/** A real capture: socket.io-client, polling then the upgrade, one chat emit, close (loopback). */
const RUN = capture as unknown as WireEvent[];

function frame(seq: number, t: number, hop: Hop, dir: Dir, conn = 'c1'): WireEvent {
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

const OPTS: MotionOptions = { travelMs: 2 };

describe('schedule', () => {
  it('ends an arrow into the edge at its captured time and starts one out of it there', () => {
    const events = [
      frame(1, 10, 'browser-edge', 'up'),
      frame(2, 10.5, 'edge-node', 'up'),
      frame(3, 20, 'edge-node', 'down'),
      frame(4, 20.3, 'browser-edge', 'down'),
    ];
    const { travels: list } = schedule(events, OPTS);
    expect(list.map((tr) => [tr.from, tr.to, tr.start, tr.end])).toEqual([
      [0, 1, 8, 10],
      [1, 2, 10.5, 12.5],
      [2, 1, 18, 20],
      [1, 0, 20.3, 22.3],
    ]);
  });

  it('never draws a reply leaving before the previous travel on its hop arrived', () => {
    // Request out to the node at 10, its reply back at the edge at 10.4: the 2 ms drawing is cut short.
    const events = [frame(1, 10, 'edge-node', 'up'), frame(2, 10.4, 'edge-node', 'down')];
    const [req, reply] = schedule(events, OPTS).travels;
    expect(req?.end).toBe(10.4);
    expect(reply?.start).toBe(10.4);
    expect(reply?.end).toBe(10.4);
  });

  it('in the real capture, 3probe leaves the node only after 2probe reached it', () => {
    const label = (e: WireEvent) => (e.kind === 'ws-frame' ? e.message?.eio?.encoded : undefined);
    const probe = RUN.find((e) => label(e) === '2probe' && e.hop === 'edge-node');
    const answer = RUN.find((e) => label(e) === '3probe' && e.hop === 'edge-node');
    for (const travelMs of [0.25, 2.5, 25, 250]) {
      const list = schedule(RUN, { travelMs }).travels;
      const out = list.find((tr) => tr.seq === probe?.seq);
      const back = list.find((tr) => tr.seq === answer?.seq);
      expect(out && back && out.end <= back.start).toBe(true);
    }
  });

  it('has no travel for markers and faults', () => {
    const events: WireEvent[] = [
      { kind: 'marker', seq: 1, t: 0, conn: '-', hop: 'browser-edge', dir: 'up', label: 'run 1' },
      {
        kind: 'fault',
        seq: 2,
        t: 1,
        conn: 'c1',
        hop: 'browser-edge',
        dir: 'up',
        fault: 'drop',
        detail: 'd',
      },
    ];
    expect(schedule(events, OPTS).travels).toEqual([]);
    expect(landed(events, 0.5, OPTS)).toEqual([1]);
    expect(landed(events, 1, OPTS)).toEqual([1, 2]);
  });
});

describe('inFlight', () => {
  it('moves a frame from its sender towards its receiver as the clock runs', () => {
    const events = [frame(1, 10, 'browser-edge', 'up')];
    expect(inFlight(events, 7.9, OPTS)).toEqual([]);
    expect(inFlight(events, 9, OPTS)).toEqual([{ seq: 1, from: 0, to: 1, progress: 0.5 }]);
    expect(inFlight(events, 10, OPTS)).toEqual([]);
    expect(landed(events, 9, OPTS)).toEqual([]);
    expect(landed(events, 10, OPTS)).toEqual([1]);
  });

  it('with reduced motion, nothing is in flight and arrows appear whole at their captured time', () => {
    const events = [frame(1, 10, 'browser-edge', 'up'), frame(2, 11, 'edge-node', 'up')];
    const reduced = { ...OPTS, reducedMotion: true };
    for (const t of [8, 9, 10, 10.5, 11, 12, 13]) expect(inFlight(events, t, reduced)).toEqual([]);
    expect(landed(events, 10.9, reduced)).toEqual([1]);
    expect(landed(events, 11, reduced)).toEqual([1, 2]);
    expect(schedule(events, reduced).travels.every((tr) => tr.start === tr.end)).toBe(true);
  });
});

const HOPS: Hop[] = ['browser-edge', 'edge-node'];
const DIRS: Dir[] = ['up', 'down'];

/** Random logs as the server sends them: seq strictly increasing, t non-decreasing. */
const logArb = fc
  .array(
    fc.record({
      dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
      hop: fc.constantFrom(...HOPS),
      dir: fc.constantFrom(...DIRS),
      conn: fc.constantFrom('c1', 'c2', 'c3'),
      kind: fc.constantFrom('frame', 'marker', 'fault', 'body-piece'),
      gap: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 60 },
  )
  .map((specs) => {
    let t = 0;
    let seq = 0;
    return specs.map((s): WireEvent => {
      t += s.dt;
      seq += 1 + s.gap;
      const base = { seq, t, conn: s.conn, hop: s.hop, dir: s.dir };
      if (s.kind === 'marker') return { ...base, kind: 'marker', label: 'm' };
      if (s.kind === 'fault') return { ...base, kind: 'fault', fault: 'drop', detail: 'd' };
      if (s.kind === 'body-piece')
        return { ...base, kind: 'http-body', raw: '', size: 1, final: false };
      return frame(seq, t, s.hop, s.dir, s.conn);
    });
  });

describe('motion against the log (property)', () => {
  it('animates only captured arrows, each exactly once, between its own lanes', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.double({ min: -10, max: 3000, noNaN: true }),
        fc.constantFrom(0.25, 2.5, 25, 250),
        (events, t, travelMs) => {
          const bySeq = new Map(events.map((e) => [e.seq, e]));
          const flying = inFlight(events, t, { travelMs });
          const seqs = flying.map((f) => f.seq);
          expect(new Set(seqs).size).toBe(seqs.length);
          for (const f of flying) {
            const e = bySeq.get(f.seq);
            expect(e).toBeDefined();
            const captured = e as WireEvent;
            expect(travels(captured)).toBe(true);
            expect([f.from, f.to]).toEqual(lanesOf(captured.hop, captured.dir));
            expect(f.progress).toBeGreaterThan(0);
            expect(f.progress).toBeLessThan(1);
            // Drawn within travelMs of its captured instant.
            expect(Math.abs(t - captured.t)).toBeLessThan(travelMs);
          }
          // Landed and in flight are disjoint, and together with the future cover the diagram.
          const done = new Set(landed(events, t, { travelMs }));
          for (const s of seqs) expect(done.has(s)).toBe(false);
          for (const s of done) expect(isDiagramEvent(bySeq.get(s) as WireEvent)).toBe(true);
          // The windowed lookup agrees with the plain one.
          const s = schedule(events, { travelMs });
          expect(inFlightAt(s, t, travelMs)).toEqual(flying);
          for (const tr of s.travels) {
            const e = bySeq.get(tr.seq) as WireEvent;
            const state = stateAt(tr, e.t, t);
            expect(state === 'in-flight').toBe(seqs.includes(tr.seq));
            expect(state === 'landed').toBe(done.has(tr.seq));
          }
        },
      ),
    );
  });

  it('lands everything monotonically: once drawn whole, an arrow stays whole', () => {
    fc.assert(
      fc.property(logArb, fc.double({ min: 0, max: 1500, noNaN: true }), (events, t) => {
        const earlier = landed(events, t, { travelMs: 25 });
        const later = new Set(landed(events, t + 10, { travelMs: 25 }));
        for (const s of earlier) expect(later.has(s)).toBe(true);
      }),
    );
  });

  it('keeps one connection hop to one travel at a time', () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const last = new Map<string, number>();
        const bySeq = new Map(events.map((e) => [e.seq, e]));
        for (const tr of schedule(events, { travelMs: 25 }).travels) {
          const e = bySeq.get(tr.seq) as WireEvent;
          const key = `${e.conn}|${e.hop}`;
          expect(tr.start).toBeGreaterThanOrEqual(last.get(key) ?? Number.NEGATIVE_INFINITY);
          expect(tr.start <= e.t && e.t <= tr.end).toBe(true);
          last.set(key, tr.end);
        }
      }),
    );
  });
});
