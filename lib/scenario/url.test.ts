import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BP_POLICIES, DEFAULT_SCENARIO, type Scenario, scenarioSchema, TRANSPORTS } from './schema';
import { decodeScenario, encodeScenario, scenarioLink } from './url';

const arbScenario: fc.Arbitrary<Scenario> = fc.record({
  transport: fc.constantFrom(...TRANSPORTS),
  seed: fc.integer({ min: 0, max: 4_294_967_295 }),
  dir: fc.constantFrom('both' as const, 'up' as const, 'down' as const),
  loss: fc.double({ min: 0, max: 50, noNaN: true }),
  drop: fc.double({ min: 0, max: 100, noNaN: true }),
  dup: fc.integer({ min: 0, max: 100 }),
  reorder: fc.integer({ min: 0, max: 100 }),
  latency: fc.integer({ min: 0, max: 10_000 }),
  jitter: fc.integer({ min: 0, max: 5_000 }),
  bandwidth: fc.integer({ min: 0, max: 1_000_000_000 }),
  blackhole: fc.boolean(),
  idle: fc.integer({ min: 0, max: 3_600 }),
  slowClose: fc.integer({ min: 0, max: 30_000 }),
  strip: fc.boolean(),
  wsVersion: fc.integer({ min: 0, max: 255 }),
  foreignOrigin: fc.boolean(),
  pingInterval: fc.integer({ min: 500, max: 120_000 }),
  pingTimeout: fc.integer({ min: 500, max: 120_000 }),
  rate: fc.integer({ min: 0, max: 200 }),
  size: fc.integer({ min: 1, max: 65_536 }),
  pollInterval: fc.integer({ min: 100, max: 10_000 }),
  hold: fc.integer({ min: 100, max: 120_000 }),
  tokenTtl: fc.integer({ min: 500, max: 3_600_000 }),
  backoffBase: fc.integer({ min: 100, max: 10_000 }),
  backoffFactor: fc.integer({ min: 10, max: 40 }).map((n) => n / 10),
  backoffCap: fc.integer({ min: 500, max: 60_000 }),
  backoffJitter: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  retries: fc.integer({ min: 0, max: 50 }),
  clients: fc.integer({ min: 0, max: 50 }),
  csrWindow: fc.integer({ min: 0, max: 120_000 }),
  orderRate: fc.integer({ min: 1, max: 200 }),
  reorderWindow: fc.integer({ min: 1, max: 64 }),
  bpRate: fc.integer({ min: 1, max: 10_000 }),
  watermark: fc.integer({ min: 1_024, max: 16_777_216 }),
  policy: fc.constantFrom(...BP_POLICIES),
  batchMs: fc.integer({ min: 0, max: 100 }),
  coalesce: fc.boolean(),
});

describe('scenario links', () => {
  it('round-trip every valid scenario exactly', () => {
    fc.assert(
      fc.property(arbScenario, (scenario) => {
        const decoded = decodeScenario(encodeScenario(scenario));
        expect(decoded.problems).toEqual([]);
        expect(decoded.scenario).toEqual(scenario);
      }),
    );
  });

  it('encode the defaults as an empty query', () => {
    expect(encodeScenario(DEFAULT_SCENARIO).toString()).toBe('');
    expect(scenarioLink('/lessons/heartbeat', DEFAULT_SCENARIO)).toBe(
      '/lessons/heartbeat?defaults',
    );
    expect(decodeScenario('defaults')).toEqual({ scenario: DEFAULT_SCENARIO, problems: [] });
  });

  it('keep only the parameters that differ from the defaults', () => {
    const link = scenarioLink('/lab', { ...DEFAULT_SCENARIO, strip: true, loss: 2, seed: 42 });
    expect(link).toBe('/lab?seed=42&loss=2&strip=1');
  });

  it('name an out-of-range parameter and its range, and still apply the rest', () => {
    const { scenario, problems } = decodeScenario('loss=80&latency=120&strip=1');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.param).toBe('loss');
    expect(problems[0]?.message).toContain('loss must be a number from 0 to 50');
    expect(scenario.loss).toBe(0);
    expect(scenario.latency).toBe(120);
    expect(scenario.strip).toBe(true);
  });

  it('list the allowed values of an enum parameter', () => {
    const { problems, scenario } = decodeScenario('transport=carrier-pigeon');
    expect(problems[0]?.message).toContain('"websocket"');
    expect(problems[0]?.message).toContain('"sse"');
    expect(scenario.transport).toBe('socketio');
  });

  it('refuse fractions for integer parameters and words for numbers', () => {
    const { problems } = decodeScenario('latency=1.5&jitter=lots&seed=-1');
    expect(problems.map((p) => p.param)).toEqual(['latency', 'jitter', 'seed']);
    expect(problems[0]?.message).toContain('an integer from 0 to 10000');
  });

  it('report unknown parameters by name', () => {
    const { problems } = decodeScenario('lossy=3');
    expect(problems[0]?.message).toContain('Unknown parameter "lossy"');
  });

  it('use the first of repeated parameters and say so', () => {
    const { scenario, problems } = decodeScenario('latency=10&latency=20');
    expect(scenario.latency).toBe(10);
    expect(problems[0]?.message).toContain('more than once');
  });

  it('never throws on arbitrary query strings and always yields a valid scenario', () => {
    fc.assert(
      fc.property(fc.string(), (query) => {
        const { scenario } = decodeScenario(query);
        expect(scenarioSchema.safeParse(scenario).success).toBe(true);
      }),
    );
  });
});
