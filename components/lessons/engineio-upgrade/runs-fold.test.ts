import { describe, expect, it } from 'vitest';
import { storeOver } from '@/lib/live/test-fold';
import { defaultUpgrade, upgradeBlocked, websocketOnly } from '@/lib/machines/eio-scenarios';
import type { WireEvent } from '@/lib/mirror/types';
import { eventsOfRun, runsOf } from './eio-observations';
import { summarizeRun } from './run-summary';
import { runEventsOf, runSummariesOf, runsFold } from './runs-fold';

/** A few stray events, then three runs (default, blocked, websocket-only), each after its marker. */
function session(): WireEvent[] {
  const out: WireEvent[] = [];
  let seq = 0;
  let t0 = 0;
  const add = (events: readonly WireEvent[]) => {
    for (const e of events) out.push({ ...e, seq: ++seq, t: t0 + e.t });
    t0 = (out.at(-1)?.t ?? t0) + 1000;
  };
  add(websocketOnly().events.slice(0, 3));
  for (const [n, scenario] of [defaultUpgrade, upgradeBlocked, websocketOnly].entries()) {
    const marker = {
      kind: 'marker',
      conn: '-',
      hop: 'browser-edge',
      dir: 'down',
      label: `run ${n + 1}`,
      seq: 0,
      t: 0,
    } as WireEvent;
    add([marker, ...scenario().events]);
  }
  return out;
}

describe('runsFold', () => {
  const events = session();

  it('equals runsOf / eventsOfRun / summarizeRun at the end and at every cursor', () => {
    const store = storeOver(events, runsFold, 16);
    const end = store.getSnapshot();
    expect(end.runs).toEqual(runsOf(events));
    expect(end.runs).toHaveLength(3);
    expect(runSummariesOf(end)).toEqual(runsOf(events).map((r) => summarizeRun(events, r)));
    expect(runSummariesOf(end).map((s) => s.state)).toEqual(['websocket', 'polling', 'websocket']);
    for (let i = -1; i < events.length; i++) {
      const past = events.slice(0, i + 1);
      const s = store.snapshotAt(i);
      expect(runEventsOf(s, undefined)).toEqual(eventsOfRun(past, undefined));
      // The panel picks the run from the live list and reads its events at the cursor.
      for (const run of end.runs) expect(runEventsOf(s, run)).toEqual(eventsOfRun(past, run));
    }
    const mid = store.snapshotAt(Math.floor(events.length / 2));
    const midEvents = events.slice(0, Math.floor(events.length / 2) + 1);
    expect(runSummariesOf(mid)).toEqual(runsOf(midEvents).map((r) => summarizeRun(midEvents, r)));
  });
});
