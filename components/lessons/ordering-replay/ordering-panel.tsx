'use client';

import { useMemo, useState } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import { foldReorder, reorderWindowMachine } from '@/lib/machines/reorder-window';
import { scenarioShape } from '@/lib/scenario/schema';
import { NumberField } from '../../controls/fault-fields';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { feedFramesOf, latestOrderedConn, orderedFeedFold } from './feed-fold';
import { SeqStrip } from './seq-strip';
import { StepTable } from './step-table';
import { orderingProofs, orderingSteps } from './steps';
import { gapMsFor, ORDERED_COUNT, useOrderedSocket } from './use-ordered-socket';

const WS_TRANSPORTS = ['websocket'] as const;
const OMIT = ['transport', 'orderRate', 'reorderWindow'] as const;
const LESSON_FAULTS = { drop: 10, dup: 15, reorder: 25, dir: 'down' } as const;

/** Lesson 11: numbered events through the edge's drop / dup / reorder faults, repaired live. */
export function OrderingPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const wb = useWorkbench();
  const sock = useOrderedSocket(mirror, labBase);
  /** The window and rate the current stream started with: the fold must use the same. */
  const [started, setStarted] = useState<{ window: number; rate: number } | null>(null);

  useReportSteps(orderingProofs(useLiveFold(orderingSteps)));

  // The stream is the live log's last ordered WebSocket; its frames are read at the cursor. The
  // consumer then runs over that one stream's frames (≤ a few hundred), not over the log.
  const conn = latestOrderedConn(useLiveFold(orderedFeedFold));
  const frames = feedFramesOf(useFoldAt(orderedFeedFold, cursorIndex(wb.timeline)), conn);
  const fold = useMemo(() => {
    if (conn === null || started === null) return null;
    return foldReorder(frames, conn, {
      window: started.window,
      total: ORDERED_COUNT,
      gapMs: gapMsFor(started.rate),
    });
  }, [frames, conn, started]);
  const chart = useMemo(() => foldEvents(reorderWindowMachine, fold?.events ?? []), [fold]);
  const counts = fold?.consumer.counts;
  const faultsOn = s.drop > 0 || s.dup > 0 || s.reorder > 0;

  const start = () => {
    wb.timeline.goLive();
    setStarted({ window: s.reorderWindow, rate: s.orderRate });
    sock.start(s.orderRate, s.reorderWindow);
  };

  return (
    <LiveLayout
      wb={wb}
      onRun={start}
      run={
        <>
          <NumberField
            label="Reorder window"
            value={s.reorderWindow}
            min={scenarioShape.reorderWindow.unwrap().minValue ?? 1}
            max={scenarioShape.reorderWindow.unwrap().maxValue ?? 64}
            unit="seqs"
            hint="How many events past a gap the consumer holds before asking for a replay."
            onChange={(reorderWindow) => scenario.set({ reorderWindow })}
          />
          <button type="button" onClick={sock.stop} disabled={sock.view.state !== 'streaming'}>
            Stop
          </button>
          <span className={styles.status} role="status" aria-label="Your consumer">
            Your consumer: {sock.view.state}
            {sock.view.counts
              ? `, ${sock.view.applied} of ${ORDERED_COUNT} applied, ${sock.view.counts.replays} replay requests sent`
              : ''}
          </span>
        </>
      }
      chart={
        <Statechart
          machine={reorderWindowMachine}
          title={`Reorder window ${conn ?? ''} (folded from browser ↔ edge frames)`}
          activeIds={activeNodeIds(chart.snapshot)}
          takenEdges={chart.transitions.at(-1)?.edges ?? []}
          note={`${chart.snapshot.context.held} held${chart.snapshot.context.lastFrom !== undefined ? ` · last replay from ${chart.snapshot.context.lastFrom}` : ''}`}
        />
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={WS_TRANSPORTS}
          omit={OMIT}
          extra={
            <div className={styles.controls}>
              <NumberField
                label="Events per second"
                value={s.orderRate}
                min={scenarioShape.orderRate.unwrap().minValue ?? 1}
                max={scenarioShape.orderRate.unwrap().maxValue ?? 200}
                unit="events/s"
                onChange={(orderRate) => scenario.set({ orderRate })}
              />
              <button type="button" onClick={() => scenario.set(LESSON_FAULTS)} disabled={faultsOn}>
                The lesson's faults: drop 10 %, duplicate 15 %, reorder 25 % (down)
              </button>
            </div>
          }
        />
      }
    >
      {fold !== null && counts ? (
        <p className={styles.status} role="status" aria-label="Consumer counts">
          Window {started?.window}: received {counts.received}, applied {counts.applied}, buffered{' '}
          {counts.buffered}, duplicates discarded {counts.duplicate}, stale copies discarded{' '}
          {counts.stale}, outside the window {counts.outsideWindow}, replay requests{' '}
          {counts.replays}
        </p>
      ) : null}

      <SeqStrip
        total={ORDERED_COUNT}
        lastContiguous={fold?.consumer.lastContiguous ?? 0}
        window={fold?.consumer.bufferedSeqs() ?? []}
      />

      <StepTable steps={fold?.steps ?? []} selectedSeq={wb.selectedSeq} onSelect={wb.select} />
    </LiveLayout>
  );
}
