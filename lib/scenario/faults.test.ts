import { describe, expect, it } from 'vitest';
import { clearedFaults, DEFAULT_SCENARIO, FAULT_KEYS, hasFaults, scenarioSchema } from './schema';

describe('Clear faults', () => {
  it('puts every fault back to its default and keeps transport, knobs and seed', () => {
    const s = scenarioSchema.parse({
      transport: 'websocket',
      loss: 10,
      blackhole: true,
      wsVersion: 8,
      pingInterval: 1000,
      seed: 7,
    });
    expect(hasFaults(s)).toBe(true);
    const cleared = { ...s, ...clearedFaults() };
    expect(hasFaults(cleared)).toBe(false);
    for (const k of FAULT_KEYS) expect(cleared[k]).toEqual(DEFAULT_SCENARIO[k]);
    expect(cleared.transport).toBe('websocket');
    expect(cleared.pingInterval).toBe(1000);
    expect(cleared.seed).toBe(7);
  });

  it('the defaults have no faults', () => {
    expect(hasFaults(DEFAULT_SCENARIO)).toBe(false);
  });
});
