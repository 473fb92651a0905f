import { describe, expect, it } from 'vitest';
import { defaultUpgrade, probeReset, upgradeBlocked } from './eio-scenarios';
import { type EioMapState, eioMapInit, eioMapStep } from './engineio-map-step';
import { QUIET_MARKER } from './test-fixtures';

describe('eioMapStep', () => {
  const events = [
    ...defaultUpgrade().events,
    ...upgradeBlocked().events.map((e) => ({ ...e, conn: `b-${e.conn}` })),
    ...probeReset().events.map((e) => ({ ...e, conn: `p-${e.conn}` })),
  ];

  it('never changes a state it was given: replaying from any earlier state gives the same events', () => {
    const states: EioMapState[] = [eioMapInit('browser-edge')];
    const outs: unknown[] = [];
    for (const e of events) {
      const { state, out } = eioMapStep(states.at(-1) as EioMapState, e);
      states.push(state);
      outs.push(out);
    }
    for (let i = 0; i < events.length; i++) {
      const again = eioMapStep(states[i] as EioMapState, events[i] as (typeof events)[number]);
      expect(again.out).toEqual(outs[i]);
      expect(again.state).toEqual(states[i + 1]);
    }
  });

  it('keeps the same state for an event of another hop or one that changes nothing', () => {
    const s = eioMapInit('browser-edge');
    const other = { ...(events[0] as (typeof events)[number]), hop: 'edge-node' as const };
    expect(eioMapStep(s, other).state).toBe(s);
    expect(eioMapStep(s, QUIET_MARKER).state).toBe(s);
  });
});
