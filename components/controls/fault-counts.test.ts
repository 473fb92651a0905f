import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { WireScript, WS_PATH } from '@/lib/machines/test-fixtures';
import type { FaultEvent, FaultKind, WireEvent } from '@/lib/mirror/types';
import { countFaults } from './describe-scenario';
import { dropsSince, faultCountsFold } from './fault-counts';

/** What TransportRunnerCard counted over the whole log before the fold. */
function dropsSinceByScan(events: readonly WireEvent[], from: number): number {
  let n = 0;
  for (const e of events) {
    if (e.seq > from && e.kind === 'fault' && e.fault === 'drop') {
      n += (e as FaultEvent & { count?: number }).count ?? 1;
    }
  }
  return n;
}

/** A WebSocket run with fault events between its frames (drops, some summarised with a count). */
function capture(): WireEvent[] {
  const s = new WireScript();
  s.wsAccept('c1', s.wsUpgradeRequest('c1', WS_PATH));
  const kinds: FaultKind[] = ['drop', 'loss', 'drop', 'dup', 'drop', 'latency'];
  for (let i = 0; i < 12; i++) {
    s.wait(1).wsText('c1', 'down', `m${i}`);
    const fault = kinds[i % kinds.length] as FaultKind;
    const count = i === 4 ? { count: 37 } : {};
    s.events.push({
      seq: 0,
      t: s.t,
      conn: 'c1',
      hop: 'browser-edge',
      dir: 'down',
      kind: 'fault',
      fault,
      detail: 'frame dropped',
      ...count,
    } as FaultEvent);
  }
  // Seqs strictly increasing, as in the log.
  return s.events.map((e, i) => ({ ...e, seq: i + 1 }));
}

describe('faultCountsFold', () => {
  it('equals countFaults and the scan for drops, at the end and at every cursor', () => {
    const events = capture();
    const store = storeOver(events, faultCountsFold);
    expect(store.getSnapshot().drops.size).toBe(6);
    for (let i = -1; i < events.length; i++) {
      const prefix = events.slice(0, i + 1);
      const at = store.snapshotAt(i);
      expect([...at.counts]).toEqual([...countFaults(prefix)]);
      for (const from of [0, 3, 10, 17, 24, events.length]) {
        expect(dropsSince(at, from)).toBe(dropsSinceByScan(prefix, from));
      }
    }
    expect(dropsSince(store.getSnapshot(), 0)).toBe(5 + 37);
  });
});
