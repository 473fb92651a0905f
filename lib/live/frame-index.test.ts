import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog } from '@/lib/mirror/event-log';
import type { WireEvent } from '@/lib/mirror/types';
import { FoldStore } from './fold-store';
import {
  type FrameIndexOptions,
  type FrameRow,
  frameIndexFold,
  frameIndexOf,
  isFrameLike,
  RowStore,
  viewOf,
} from './frame-index';
import { FLAG, summarize } from './frame-summary';
import { sampleTraffic, trafficOf, trafficOp } from './frame-traffic.test-helpers';
import { storeOver } from './test-fold';

function rowsOf(state: ReturnType<typeof viewOf>, store: RowStore): FrameRow[] {
  const rows: FrameRow[] = [];
  for (let i = state.from; i < state.to; i++) rows.push(store.rowAt(i) as FrameRow);
  return rows;
}

/** Every row of a prefix, nothing let go: the reference the capped views are cut from. */
function allRows(events: readonly WireEvent[]): FrameRow[] {
  return frameIndexOf(events, { cap: Number.MAX_SAFE_INTEGER }).rows;
}

describe('frameIndexFold', () => {
  it('equals frameIndexOf over the log, at the end and at every cursor, when nothing is let go', () => {
    const events = sampleTraffic();
    const fold = frameIndexFold();
    const store = storeOver(events, fold);
    const end = store.getSnapshot();
    expect(end.count).toBeGreaterThan(40);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = store.snapshotAt(i);
      const whole = frameIndexOf(prefix);
      const view = viewOf(at);
      expect(rowsOf(view, at.store)).toEqual(whole.rows);
      expect(view.summarized).toBe(0);
      expect(at.lastSeq).toBe(whole.rows.at(-1)?.seq ?? 0);
    }
  });

  it('indexes every event but markers, with its seq, connection, hop and direction', () => {
    const events = sampleTraffic();
    const rows = frameIndexOf(events).rows;
    const frameLike = events.filter((e) => e.kind !== 'marker');
    expect(events.length).toBeGreaterThan(frameLike.length);
    expect(rows.map((r) => [r.seq, r.conn, r.hop, r.dir, r.kind])).toEqual(
      frameLike.map((e) => [e.seq, e.conn, e.hop, e.dir, e.kind]),
    );
    expect(new Set(rows.map((r) => r.kind))).toEqual(
      new Set([
        'conn-open',
        'conn-close',
        'http-request',
        'http-response',
        'http-body',
        'ws-frame',
        'protocol-error',
        'fault',
      ]),
    );
  });

  it('flags WebSocket ping/pong/close and Engine.IO heartbeats, in frames and polling bodies', () => {
    const rows = frameIndexOf(sampleTraffic()).rows;
    const flagged = (f: number) => rows.filter((r) => r.flags & f).map((r) => r.summary);
    expect(flagged(FLAG.pingPong)).toEqual(
      expect.arrayContaining(['ping', 'pong', 'text 2', 'text 3', 'http-body']),
    );
    expect(flagged(FLAG.pingPong)).not.toContain('close');
    expect(flagged(FLAG.control)).toEqual(expect.arrayContaining(['close', 'ping', 'text 2']));
    // Engine.IO messages are data, not control, and a body with a message in it is kept.
    const eioMessage = rows.find((r) => r.summary.startsWith('text 42['));
    expect(eioMessage?.flags).toBe(FLAG.text);
    const bodies = rows.filter((r) => r.kind === 'http-body');
    expect(bodies.map((r) => r.flags & FLAG.pingPong)).toEqual([
      FLAG.pingPong,
      FLAG.pingPong,
      0,
      0,
    ]);
  });

  it('measures bytes on the wire: header + payload for frames, the head for requests', () => {
    const events = trafficOf([
      { op: 'ws', conn: 1 },
      { op: 'binary', conn: 1, up: true, size: 300 },
    ]);
    const rows = frameIndexOf(events).rows;
    const binary = rows.find((r) => r.kind === 'ws-frame' && r.hop === 'browser-edge');
    expect(binary?.length).toBe(300 + 8); // 2 + 2 (16-bit length) + 4 (mask key)
    const request = rows.find((r) => r.kind === 'http-request');
    const head = events.find((e) => e.kind === 'http-request');
    expect(request?.length).toBe(head?.kind === 'http-request' ? atob(head.raw).length : -1);
  });

  it('keeps at most cap rows and summarizes the rest, exactly, at the end of any log', () => {
    fc.assert(
      fc.property(
        fc.array(trafficOp, { maxLength: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }),
        (ops, cap, chunk, batches) => {
          const events = trafficOf(ops);
          const options: FrameIndexOptions = { cap, chunk };
          const log = new EventLog();
          const store = new FoldStore(log, frameIndexFold(options), { checkpointEvery: 4 });
          store.subscribe(() => {});
          let i = 0;
          for (let b = 0; i < events.length; b++) {
            const n = batches[b % batches.length] as number;
            log.append(events.slice(i, i + n));
            i += n;
          }
          const end = store.getSnapshot();
          const whole = frameIndexOf(events, options);
          const view = viewOf(end);
          expect(rowsOf(view, end.store)).toEqual(whole.rows);
          expect(view.summarized).toBe(whole.summarized);
          expect(view.summary).toEqual(whole.summary);
          expect(view.to - view.from).toBeLessThanOrEqual(cap);
          expect(end.store.conns).toEqual(whole.conns);
        },
      ),
    );
  });

  it('at a past cursor shows the rows up to it that are still kept, the rest summarized', () => {
    fc.assert(
      fc.property(
        fc.array(trafficOp, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (ops, cap, chunk) => {
          const events = trafficOf(ops);
          const options = { cap, chunk };
          const store = storeOver(events, frameIndexFold(options), 5);
          const live = store.getSnapshot().store;
          for (let i = -1; i < events.length; i++) {
            const prefix = events.slice(0, i + 1);
            const at = store.stateAt(i);
            const view = viewOf(at);
            const whole = frameIndexOf(prefix, options);
            const all = allRows(prefix);
            expect(view.to).toBe(all.length);
            // Rows shown are a suffix of the prefix's rows, never more than cap of them.
            expect(rowsOf(view, at.store)).toEqual(all.slice(view.from));
            expect(view.from).toBeGreaterThanOrEqual(whole.summarized);
            if (at.store === live && live.start > whole.summarized) {
              // Let go since: counted, and broken down to the last chunk boundary.
              expect(view.summary.frames).toBe(view.from);
              const classified = view.from - view.summary.unclassified;
              expect(classified % live.chunk).toBe(0);
              const exact = summarize(all.slice(0, classified));
              expect(view.summary.byClass).toEqual(exact.byClass);
              expect(view.summary.bytes).toBe(exact.bytes);
            } else {
              // Nothing let go since that cursor: exactly the whole-log index of the prefix.
              expect(rowsOf(view, at.store)).toEqual(whole.rows);
              expect(view.summary).toEqual(whole.summary);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('RowStore', () => {
  it('holds at most cap rows however many are added, and one summary per chunk let go', () => {
    const store = new RowStore({ cap: 100, chunk: 10 });
    const events = trafficOf(
      Array.from({ length: 3000 }, (_, i) => ({ op: 'text', conn: 1, up: i % 2 === 0, text: 'x' })),
      false,
    );
    let n = 0;
    for (const e of events) {
      if (!isFrameLike(e)) continue;
      store.push({
        seq: e.seq,
        t: e.t,
        conn: e.conn,
        hop: e.hop,
        dir: e.dir,
        kind: e.kind,
        opcode: 1,
        length: 7,
        flags: 0,
        summary: 'x',
      });
      n++;
      expect(store.end - store.start).toBeLessThanOrEqual(100);
    }
    expect(store.end).toBe(n);
    expect(store.start).toBe(2900);
    expect(store.rowAt(store.start - 1)).toBeUndefined();
    expect(store.rowAt(store.start)?.seq).toBe(2901);
    expect(store.summaryBefore(store.start)).toMatchObject({
      frames: 2900,
      bytes: 2900 * 7,
      unclassified: 0,
    });
    expect(store.summaryBefore(2895)).toMatchObject({ frames: 2895, unclassified: 5 });
  });

  it('never keeps more rows than cap even when the chunk is larger', () => {
    const store = new RowStore({ cap: 3, chunk: 50 });
    expect(store.chunk).toBe(3);
  });
});
