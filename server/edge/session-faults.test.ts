import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../lib/mirror/protocol';
import type { UnstampedEvent } from '../../lib/mirror/types';
import { DEFAULT_SCENARIO, type Scenario } from '../../lib/scenario/schema';
import type { EdgeConnection } from './host';
import { type LabHooks, SessionFaults } from './session-faults';

function setup(lab: LabHooks | null = null) {
  const events: UnstampedEvent[] = [];
  const marks: string[] = [];
  const sent: ServerMessage[] = [];
  const configured: unknown[] = [];
  const node: LabHooks = lab ?? {
    restart: async () => 4242,
    configure: (patch) => {
      configured.push(patch);
      return { ok: true };
    },
  };
  const faults = new SessionFaults({
    now: () => 1,
    emit: (e) => events.push(e),
    mark: (label, detail) => marks.push(`${label} | ${detail}`),
    send: (m) => sent.push(m),
    lab: () => node,
    labNode: () => node,
  });
  return { faults, events, marks, sent, configured };
}

const connection = (log: string[]): EdgeConnection => ({
  conn: 'c1',
  scenarioChanged: (next: Scenario) => log.push(`changed loss=${next.loss}`),
  resetByAction: () => log.push('reset'),
});

describe('SessionFaults', () => {
  it('applies a change to live connections, marks it and echoes the scenario', () => {
    const { faults, marks, sent } = setup();
    const log: string[] = [];
    const unregister = faults.register(connection(log));
    faults.apply({ ...DEFAULT_SCENARIO, loss: 2 });
    expect(log).toEqual(['changed loss=2']);
    expect(marks).toEqual(['faults: loss 2 % (TCP retransmission stalls) (seed 1) | loss 0 → 2']);
    expect(sent).toEqual([{ type: 'scenario', scenario: { ...DEFAULT_SCENARIO, loss: 2 } }]);
    unregister();
    faults.apply(DEFAULT_SCENARIO);
    expect(log).toEqual(['changed loss=2']);
  });

  it('sends the same scenario back without a marker when nothing the edge uses changed', () => {
    const { faults, marks, sent } = setup();
    faults.apply({ ...DEFAULT_SCENARIO, transport: 'sse' });
    expect(marks).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('passes ping settings to the lab node and reports a refusal', () => {
    const refusing = setup({
      restart: async () => 1,
      configure: () => ({ ok: false, error: 'no' }),
    });
    refusing.faults.apply({ ...DEFAULT_SCENARIO, pingInterval: 1000 });
    expect(refusing.sent[0]).toEqual({
      type: 'error',
      message: 'lab node refused the ping settings: no',
    });
    const { faults, configured } = setup();
    faults.apply({ ...DEFAULT_SCENARIO, pingTimeout: 800 });
    expect(configured).toEqual([{ pingInterval: 25_000, pingTimeout: 800 }]);
  });

  it('reset: every live connection, or a session-level fault when none is open', () => {
    const { faults, events } = setup();
    faults.run('reset');
    expect(events).toMatchObject([{ kind: 'fault', fault: 'reset', conn: '-' }]);
    const log: string[] = [];
    faults.register(connection(log));
    faults.run('reset');
    expect(log).toEqual(['reset']);
  });

  it('restart-node: a fault event, then a marker when the node is back', async () => {
    const { faults, events, marks } = setup();
    faults.run('restart-node');
    expect(events).toMatchObject([{ kind: 'fault', fault: 'restart-node' }]);
    await Promise.resolve();
    await Promise.resolve();
    expect(marks).toEqual(['lab node back | listening again on 127.0.0.1:4242']);
  });
});
