'use client';

import { useMemo } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import {
  depthOf,
  queueEventsOf,
  queueWatermarkMachine,
  statsOf,
} from '@/lib/machines/queue-watermark';
import { BP_POLICIES, type BpPolicy } from '@/lib/scenario/schema';
import { NumberField, SelectField, ToggleField } from '../../controls/fault-fields';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { MirrorBar } from '../../mirror/mirror-bar';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { TrafficViews } from '../../workbench/traffic-views';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { formatBytes, QueuePlot } from './queue-plot';
import { RunTable } from './run-table';
import { RUN_SECONDS, useBpRun } from './use-bp-run';

const WS_TRANSPORTS = ['websocket'] as const;
const POLICY_LABELS: Record<BpPolicy, string> = {
  buffer: 'Buffer everything (no policy)',
  'drop-oldest': 'Drop oldest queued',
  'drop-newest': 'Drop newest',
  pause: 'Pause the producer until drain',
  split: 'Split: critical on its own channel',
};

/** Lesson 10: a producer faster than the bandwidth-limited reader, and a policy for the excess. */
export function BackpressurePanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const wb = useWorkbench();
  const run = useBpRun(mirror, labBase);

  const upToSeq = wb.timeline.following ? undefined : wb.timeline.cursorSeq;
  const points = useMemo(() => {
    const all = statsOf(wb.events, upToSeq);
    const conn = all[all.length - 1]?.conn;
    return all.filter((p) => p.conn === conn);
  }, [wb.events, upToSeq]);
  const chart = useMemo(() => foldEvents(queueWatermarkMachine, queueEventsOf(points)), [points]);
  const last = points[points.length - 1]?.stat;

  const start = () => {
    wb.timeline.goLive();
    run.start({
      rate: s.bpRate,
      size: s.size,
      watermark: s.watermark,
      policy: s.policy,
      batchMs: s.batchMs,
      coalesce: s.coalesce,
    });
  };

  return (
    <div className={styles.panel}>
      <MirrorBar />
      <fieldset className={styles.controls}>
        <legend className="visually-hidden">Producer and policy</legend>
        <NumberField
          label="Producer rate"
          value={s.bpRate}
          min={1}
          max={10_000}
          unit="messages/s"
          onChange={(bpRate) => scenario.set({ bpRate })}
        />
        <NumberField
          label="Message padding"
          value={s.size}
          min={1}
          max={65_536}
          unit="bytes"
          onChange={(size) => scenario.set({ size })}
        />
        <NumberField
          label="High watermark"
          value={s.watermark}
          min={1_024}
          max={16_777_216}
          unit="bytes"
          onChange={(watermark) => scenario.set({ watermark })}
        />
        <SelectField
          label="Policy"
          value={s.policy}
          options={BP_POLICIES.map((value) => ({ value, label: POLICY_LABELS[value] }))}
          onChange={(policy) => scenario.set({ policy })}
        />
        <NumberField
          label="Batch window"
          value={s.batchMs}
          min={0}
          max={100}
          unit="ms (0 = no batching)"
          onChange={(batchMs) => scenario.set({ batchMs })}
        />
        <ToggleField
          label="Coalesce to latest state per key"
          checked={s.coalesce}
          hint="Inside a batch window, keep only the newest message of each of 8 keys."
          onChange={(coalesce) => scenario.set({ coalesce })}
        />
        <button type="button" className="primary" onClick={start} disabled={!labBase}>
          Start a {RUN_SECONDS}-second run
        </button>
        <button type="button" onClick={run.stop} disabled={!run.running}>
          Stop
        </button>
      </fieldset>
      <ScenarioPanel
        state={scenario}
        transports={WS_TRANSPORTS}
        omit={['transport', 'bpRate', 'watermark', 'policy', 'batchMs', 'coalesce', 'size']}
      />

      <p className={styles.status} role="status" aria-label="Server facts">
        {last
          ? `Server (reported 10×/s, not on the data wire): ws.bufferedAmount ${formatBytes(last.bufferedAmount)}, socket writableLength ${formatBytes(last.writableLength)}, app queue ${formatBytes(last.queued)}, depth ${formatBytes(depthOf(last))} of watermark ${formatBytes(last.watermark)}; produced ${last.produced}, sent ${last.sent}, dropped ${last.dropped}, coalesced ${last.coalesced}, not produced while paused ${last.skipped}; RSS ${formatBytes(last.rss)}, heap ${formatBytes(last.heapUsed)}`
          : 'No server reports yet.'}
      </p>

      <QueuePlot points={points} />

      <Statechart
        machine={queueWatermarkMachine}
        title="Send queue against the watermark (folded from the server's reports)"
        activeIds={activeNodeIds(chart.snapshot)}
        takenEdges={chart.transitions.at(-1)?.edges ?? []}
        note={`depth ${formatBytes(chart.snapshot.context.depth)}`}
      />

      <RunTable runs={run.runs} />

      <TrafficViews wb={wb} />
    </div>
  );
}
