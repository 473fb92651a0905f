import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../../lib/scenario/schema';
import { scenarioChanges, summarizeScenario } from './scenario-summary';

describe('scenario summary', () => {
  it('names the faults in force', () => {
    expect(summarizeScenario(DEFAULT_SCENARIO)).toBe('none (a clean network)');
    expect(summarizeScenario({ ...DEFAULT_SCENARIO, loss: 2, strip: true })).toBe(
      'loss 2 % (TCP retransmission stalls), strip Upgrade (seed 1)',
    );
    expect(summarizeScenario({ ...DEFAULT_SCENARIO, latency: 50, dir: 'down' })).toBe(
      'latency 50 ms (node → browser only)',
    );
  });

  it('lists what changed, ignoring the transport', () => {
    const next = { ...DEFAULT_SCENARIO, loss: 2, transport: 'sse' as const };
    expect(scenarioChanges(DEFAULT_SCENARIO, next)).toEqual(['loss 0 → 2']);
    expect(scenarioChanges(DEFAULT_SCENARIO, { ...DEFAULT_SCENARIO, transport: 'sse' })).toEqual(
      [],
    );
  });
});
