/**
 * The timeline marker for a scenario change: "faults: loss 2 %, strip Upgrade" (what is in force
 * now) with "loss 0 → 2" (what changed) as its detail. Only fields the edge acts on count; the
 * transport is the page's business.
 */
import {
  DEFAULT_SCENARIO,
  FAULT_KEYS,
  type Scenario,
  type ScenarioKey,
} from '../../../lib/scenario/schema';

/** Fields the edge or the lab node act on, in the order the summary lists them: the faults first. */
export const EDGE_KEYS: readonly ScenarioKey[] = [
  ...FAULT_KEYS,
  'pingInterval',
  'pingTimeout',
  'dir',
  'seed',
];

const DICE: readonly ScenarioKey[] = ['loss', 'drop', 'dup', 'reorder', 'jitter'];

function text(key: ScenarioKey, s: Scenario): string | null {
  switch (key) {
    case 'loss':
      return `loss ${s.loss} % (TCP retransmission stalls)`;
    case 'drop':
      return `drop ${s.drop} %`;
    case 'dup':
      return `duplicate ${s.dup} %`;
    case 'reorder':
      return `reorder ${s.reorder} %`;
    case 'latency':
      return `latency ${s.latency} ms`;
    case 'jitter':
      return `jitter ±${s.jitter} ms`;
    case 'bandwidth':
      return `bandwidth ${s.bandwidth} B/s`;
    case 'blackhole':
      return 'blackhole';
    case 'idle':
      return `idle timeout ${s.idle} s`;
    case 'slowClose':
      return `slow close ${s.slowClose} ms`;
    case 'strip':
      return 'strip Upgrade';
    case 'wsVersion':
      return `Sec-WebSocket-Version → ${s.wsVersion}`;
    case 'foreignOrigin':
      return 'foreign Origin';
    case 'pingInterval':
      return `pingInterval ${s.pingInterval} ms`;
    case 'pingTimeout':
      return `pingTimeout ${s.pingTimeout} ms`;
    default:
      return null;
  }
}

/** "loss 2 % (…), strip Upgrade (up only, seed 7)" or "none (a clean network)". */
export function summarizeScenario(s: Scenario): string {
  const items: string[] = [];
  for (const key of EDGE_KEYS) {
    if (key === 'dir' || key === 'seed' || s[key] === DEFAULT_SCENARIO[key]) continue;
    const t = text(key, s);
    if (t !== null) items.push(t);
  }
  if (items.length === 0) return 'none (a clean network)';
  const extras: string[] = [];
  if (s.dir !== 'both') extras.push(s.dir === 'up' ? 'browser → node only' : 'node → browser only');
  if (DICE.some((k) => s[k] !== DEFAULT_SCENARIO[k])) extras.push(`seed ${s.seed}`);
  return extras.length > 0 ? `${items.join(', ')} (${extras.join(', ')})` : items.join(', ');
}

/** "loss 0 → 2, strip false → true"; empty when no edge field changed. */
export function scenarioChanges(previous: Scenario, next: Scenario): string[] {
  const out: string[] = [];
  for (const key of EDGE_KEYS) {
    if (previous[key] !== next[key]) out.push(`${key} ${previous[key]} → ${next[key]}`);
  }
  return out;
}
