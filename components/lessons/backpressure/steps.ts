/**
 * What the captured events prove of lesson 10's steps, as an incremental fold. The evidence is the
 * server's own facts as they crossed the wire (the `{"type":"stat",…}` reports on the stats
 * WebSocket, browser ↔ edge), the data frames themselves, and each run's data connection (its
 * upgrade target names the policy; its close ends the run). Nothing here reads a click or a clock.
 */

import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { Reducer } from '@/lib/live/fold-store';
import { depthOf, parseStat, type QueueStat } from '@/lib/machines/queue-watermark';
import type { WireEvent } from '@/lib/mirror/types';
import type { StepProof } from '../../lesson/steps-store';

interface DataRun {
  /** policy, batchMs and coalesce, as the page asked for them in the upgrade target. */
  settings: string;
  closeSeq?: number;
}

export interface BpSteps {
  /** Connections to /bp: 'stats' or a data run. */
  conns: ReadonlyMap<string, 'stats' | DataRun>;
  /** The previous report per stats connection (for the dropped delta). */
  last: ReadonlyMap<string, QueueStat>;
  grow?: readonly number[];
  drop?: readonly number[];
  pause?: readonly number[];
  /** The first batch frame, then the first report with coalesced > 0. */
  batchSeq?: number;
  coalesceSeq?: number;
  compare?: readonly number[];
}

/** `/lab/<s>/bp?…` → 'stats', the run's settings, or undefined for any other path. */
export function bpConnOf(target: string): 'stats' | DataRun | undefined {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (!path.endsWith(LAB_PATHS.bp)) return undefined;
  const params = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  if (params.get('channel') === 'stats') return 'stats';
  const settings = ['policy', 'batchMs', 'coalesce'].map((k) => params.get(k) ?? '').join(' ');
  return { settings };
}

function onStat(s: BpSteps, conn: string, seq: number, stat: QueueStat): BpSteps {
  const prev = s.last.get(conn);
  const out: BpSteps = { ...s, last: new Map(s.last).set(conn, stat) };
  const depth = depthOf(stat);
  if (!s.grow && stat.policy === 'buffer' && depth > stat.watermark) out.grow = [seq];
  const droppedBefore = prev && prev.policy === stat.policy ? prev.dropped : 0;
  if (
    !s.drop &&
    (stat.policy === 'drop-oldest' || stat.policy === 'drop-newest') &&
    stat.dropped > droppedBefore &&
    depth <= stat.watermark
  )
    out.drop = [seq];
  if (!s.pause && stat.policy === 'pause' && stat.paused && stat.skipped > 0 && stat.dropped === 0)
    out.pause = [seq];
  if (s.coalesceSeq === undefined && stat.coalesced > 0) out.coalesceSeq = seq;
  return out;
}

function step(s: BpSteps, e: WireEvent): BpSteps {
  if (e.hop !== 'browser-edge') return s;
  if (e.kind === 'http-request') {
    const kind = bpConnOf(e.target);
    return kind ? { ...s, conns: new Map(s.conns).set(e.conn, kind) } : s;
  }
  const kind = s.conns.get(e.conn);
  if (kind === undefined) return s;
  if (kind === 'stats') {
    if (e.kind !== 'ws-frame' || e.dir !== 'down') return s;
    const stat = e.message?.text === undefined ? null : parseStat(e.message.text);
    return stat ? onStat(s, e.conn, e.seq, stat) : s;
  }
  if (e.kind === 'ws-frame') {
    if (s.batchSeq !== undefined || e.dir !== 'down') return s;
    return e.message?.text?.startsWith('{"batch":[') ? { ...s, batchSeq: e.seq } : s;
  }
  if (e.kind !== 'conn-close' || kind.closeSeq !== undefined) return s;
  const conns = new Map(s.conns).set(e.conn, { ...kind, closeSeq: e.seq });
  const out: BpSteps = { ...s, conns };
  if (!s.compare) {
    // Two runs that ended with different settings: their p99s can be compared in the runs table.
    const ended = [...conns.values()].filter(
      (c): c is Required<DataRun> => c !== 'stats' && c.closeSeq !== undefined,
    );
    const other = ended.find((c) => c.settings !== kind.settings);
    if (other) out.compare = [other.closeSeq, e.seq];
  }
  return out;
}

export const bpSteps: Reducer<BpSteps, WireEvent> = {
  init: () => ({ conns: new Map(), last: new Map() }),
  step,
};

export function bpProofs(s: BpSteps): Record<string, StepProof> {
  const proof = (seqs: readonly number[] | undefined, highlight: string[]): StepProof => ({
    done: seqs !== undefined,
    ...(seqs ? { focusSeqs: seqs } : {}),
    highlight,
  });
  const coalesce =
    s.batchSeq !== undefined && s.coalesceSeq !== undefined
      ? [s.batchSeq, s.coalesceSeq]
      : undefined;
  return {
    drop: proof(s.drop, ['queue.dropping']),
    grow: proof(s.grow, ['queue.above']),
    pause: proof(s.pause, ['queue.paused']),
    coalesce: proof(coalesce, []),
    compare: proof(s.compare, []),
  };
}
