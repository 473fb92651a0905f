/**
 * Short human names for what a scenario changes from a clean network ("Packet loss 2 %",
 * "Strip Upgrade header"), for the edge's confirmation line and the faults-in-force badges.
 */
import type { FaultEvent, FaultKind } from '@/lib/mirror/types';
import {
  DEFAULT_SCENARIO,
  type Scenario,
  type ScenarioKey,
  TRANSPORT_LABELS,
} from '@/lib/scenario/schema';

export interface ScenarioItem {
  key: ScenarioKey;
  /** "Packet loss 2 %". */
  text: string;
  /** The fault kinds (FaultEvent.fault) this field produces, to count what it did. */
  faults: readonly FaultKind[];
}

const DIR_TEXT = {
  both: 'both directions',
  up: 'browser → server only',
  down: 'server → browser only',
};

/** Fields whose fault is decided per frame or segment by the seeded dice. */
const DICE_KEYS: readonly ScenarioKey[] = ['loss', 'drop', 'dup', 'reorder', 'jitter'];

function item(key: ScenarioKey, s: Scenario): ScenarioItem | null {
  switch (key) {
    case 'loss':
      return { key, text: `Packet loss ${s.loss} %`, faults: ['loss'] };
    case 'drop':
      return { key, text: `Message drop ${s.drop} %`, faults: ['drop'] };
    case 'dup':
      return { key, text: `Duplicate ${s.dup} %`, faults: ['dup'] };
    case 'reorder':
      return { key, text: `Reorder ${s.reorder} %`, faults: ['reorder'] };
    case 'latency':
      return { key, text: `Latency ${s.latency} ms`, faults: ['latency'] };
    case 'jitter':
      return { key, text: `Jitter ±${s.jitter} ms`, faults: ['latency'] };
    case 'bandwidth':
      return { key, text: `Bandwidth ${s.bandwidth} B/s`, faults: ['bandwidth'] };
    case 'blackhole':
      return { key, text: 'Blackhole', faults: ['blackhole'] };
    case 'idle':
      return { key, text: `Idle timeout ${s.idle} s`, faults: ['idle-timeout'] };
    case 'slowClose':
      return { key, text: `Slow close ${s.slowClose} ms`, faults: ['slow-close'] };
    case 'rate':
      return { key, text: `Stream ${s.rate} msg/s`, faults: [] };
    case 'size':
      return { key, text: `Stream messages ${s.size} B`, faults: [] };
    case 'pollInterval':
      return { key, text: `Short-poll interval ${s.pollInterval} ms`, faults: [] };
    case 'strip':
      return { key, text: 'Strip Upgrade header', faults: ['strip-upgrade'] };
    case 'wsVersion':
      return { key, text: `Sec-WebSocket-Version rewritten to ${s.wsVersion}`, faults: [] };
    case 'foreignOrigin':
      return { key, text: 'Origin rewritten to a foreign site', faults: [] };
    case 'pingInterval':
      return { key, text: `pingInterval ${s.pingInterval} ms`, faults: [] };
    case 'pingTimeout':
      return { key, text: `pingTimeout ${s.pingTimeout} ms`, faults: [] };
    case 'transport':
    case 'seed':
    case 'dir':
      return null;
    default:
      return { key, text: `${String(key)} ${String(s[key])}`, faults: [] };
  }
}

/** What differs from the defaults, in schema order (transport, seed and direction excluded). */
export function scenarioItems(s: Scenario): ScenarioItem[] {
  const out: ScenarioItem[] = [];
  for (const key of Object.keys(s) as ScenarioKey[]) {
    if (s[key] === DEFAULT_SCENARIO[key]) continue;
    const it = item(key, s);
    if (it) out.push(it);
  }
  return out;
}

/** One line: "Packet loss 2 %, Strip Upgrade header (server → browser only, seed 7)". */
export function describeScenario(s: Scenario): string {
  const items = scenarioItems(s);
  if (items.length === 0) return 'no faults (a clean network)';
  const extras: string[] = [];
  const directional = items.some((i) => i.faults.length > 0 && i.key !== 'strip');
  if (directional && s.dir !== 'both') extras.push(DIR_TEXT[s.dir]);
  if (items.some((i) => DICE_KEYS.includes(i.key))) extras.push(`seed ${s.seed}`);
  const list = items.map((i) => i.text).join(', ');
  return extras.length > 0 ? `${list} (${extras.join(', ')})` : list;
}

export function transportLabel(s: Pick<Scenario, 'transport'>): string {
  return TRANSPORT_LABELS[s.transport];
}

/** How many fault events of each kind are in the log. */
export function countFaults(events: readonly { kind: string }[]): Map<FaultKind, number> {
  const counts = new Map<FaultKind, number>();
  for (const e of events) {
    if (e.kind !== 'fault') continue;
    const f = e as FaultEvent & { count?: number };
    counts.set(f.fault, (counts.get(f.fault) ?? 0) + (f.count ?? 1));
  }
  return counts;
}
