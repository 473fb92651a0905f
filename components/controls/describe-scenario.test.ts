import { describe, expect, it } from 'vitest';
import type { WireEvent } from '@/lib/mirror/types';
import { DEFAULT_SCENARIO } from '@/lib/scenario/schema';
import { countFaults, describeScenario, scenarioItems } from './describe-scenario';

describe('describeScenario', () => {
  it('says a default scenario is a clean network', () => {
    expect(describeScenario(DEFAULT_SCENARIO)).toBe('no faults (a clean network)');
  });

  it('lists changed fields in schema order with their units', () => {
    const s = { ...DEFAULT_SCENARIO, strip: true, loss: 2, latency: 50 };
    expect(scenarioItems(s).map((i) => i.text)).toEqual([
      'Packet loss 2 %',
      'Latency 50 ms',
      'Strip Upgrade header',
    ]);
  });

  it('names the seed when a dice fault is on, and a one-way direction', () => {
    const s = { ...DEFAULT_SCENARIO, drop: 100, dir: 'down' as const, seed: 7 };
    expect(describeScenario(s)).toBe('Message drop 100 % (server → browser only, seed 7)');
  });

  it('leaves the seed out when nothing rolls dice', () => {
    expect(describeScenario({ ...DEFAULT_SCENARIO, blackhole: true, seed: 9 })).toBe('Blackhole');
  });
});

describe('countFaults', () => {
  it('counts fault events by kind', () => {
    const base = { conn: 'c1', hop: 'browser-edge', dir: 'down', t: 0 } as const;
    const events: WireEvent[] = [
      { ...base, seq: 1, kind: 'fault', fault: 'drop', detail: 'frame dropped' },
      { ...base, seq: 2, kind: 'marker', label: 'x' },
      { ...base, seq: 3, kind: 'fault', fault: 'drop', detail: 'frame dropped' },
      { ...base, seq: 4, kind: 'fault', fault: 'loss', detail: 'stall', delayMs: 200 },
    ];
    expect([...countFaults(events)]).toEqual([
      ['drop', 2],
      ['loss', 1],
    ]);
  });
});
