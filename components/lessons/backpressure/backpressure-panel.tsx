'use client';

import { useMemo } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import { depthOf, queueEventsOf, queueWatermarkMachine } from '@/lib/machines/queue-watermark';
import { BP_POLICIES, type BpPolicy } from '@/lib/scenario/schema';
import { NumberField, SelectField, ToggleField } from '../../controls/fault-fields';
import controlStyles from '../../controls/scenario-controls.module.css';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { formatBytes, QueuePlot } from './queue-plot';
import { queuePoints } from './queue-points';
import { RunTable } from './run-table';
import { bpProofs, bpSteps } from './steps';
import { RUN_SECONDS, useBpRun } from './use-bp-run';

const WS_TRANSPORTS = ['websocket'] as const;
const OMIT = ['transport', 'bpRate', 'watermark', 'policy', 'batchMs', 'coalesce', 'size'] as const;
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

  useReportSteps(bpProofs(useLiveFold(bpSteps)));
  const points = useFoldAt(queuePoints, cursorIndex(wb.timeline)).points;
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
    <LiveLayout
      wb={wb}
      onRun={start}
      run={
        <>
          <SelectField
            label="Policy"
            value={s.policy}
            options={BP_POLICIES.map((value) => ({ value, label: POLICY_LABELS[value] }))}
            onChange={(policy) => scenario.set({ policy })}
          />
          <button type="button" onClick={run.stop} disabled={!run.running}>
            Stop
          </button>
          <span className={styles.status} role="status" aria-label="Run state">
            {run.runs[0]
              ? `Run ${run.runs[0].id} (${run.runs[0].settings.policy}): ${run.runs[0].state}`
              : `A run produces for ${RUN_SECONDS} s, then waits for the queue to drain.`}
          </span>
        </>
      }
      chart={
        <Statechart
          machine={queueWatermarkMachine}
          title="Send queue against the watermark (folded from the server's reports)"
          activeIds={activeNodeIds(chart.snapshot)}
          takenEdges={chart.transitions.at(-1)?.edges ?? []}
          note={`depth ${formatBytes(chart.snapshot.context.depth)}`}
        />
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={WS_TRANSPORTS}
          omit={OMIT}
          extra={
            <fieldset className={controlStyles.group}>
              <legend>Producer, watermark and batching</legend>
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
            </fieldset>
          }
        />
      }
    >
      <p className={styles.status} role="status" aria-label="Server facts">
        {last
          ? `Server (reported 10×/s, not on the data wire): ws.bufferedAmount ${formatBytes(last.bufferedAmount)}, socket writableLength ${formatBytes(last.writableLength)}, app queue ${formatBytes(last.queued)}, depth ${formatBytes(depthOf(last))} of watermark ${formatBytes(last.watermark)}; produced ${last.produced}, sent ${last.sent}, dropped ${last.dropped}, coalesced ${last.coalesced}, not produced while paused ${last.skipped}; RSS ${formatBytes(last.rss)}, heap ${formatBytes(last.heapUsed)}`
          : 'No server reports yet: press Run.'}
      </p>
      <QueuePlot points={points} />
      <RunTable runs={run.runs} />
    </LiveLayout>
  );
}
