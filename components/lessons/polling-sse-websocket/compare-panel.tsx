'use client';
/**
 * Lesson 7: one server-side message stream read at the same time by short polling, long polling,
 * SSE and a WebSocket, each a real client through the edge. The numbers come from the log
 * (comparison.ts); the SSE and short-poll statecharts from their machines.
 */
import { useMemo, useState } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { longPollMachine } from '@/lib/machines/long-poll';
import { sseStreamMachine } from '@/lib/machines/sse-stream';
import { longPollTracker, sseTracker } from '@/lib/machines/stream-trackers';
import type { ScenarioKey, Transport } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { useLiveTracker } from '../../lab-clients/use-live-tracker';
import { useProducer } from '../../lab-clients/use-producer';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { Knobs } from '../shared/stream-knobs';
import { ComparisonTracker } from './comparison';
import { ComparisonCard } from './comparison-card';
import { SseCard } from './sse-card';
import { compareProofs, compareSteps } from './steps';
import { useFourFeeds } from './use-four-feeds';

const TRANSPORTS: readonly Transport[] = ['long-polling', 'sse', 'websocket'];
const OMIT: readonly ScenarioKey[] = ['transport', 'strip', 'wsVersion', 'foreignOrigin'];

export function ComparePanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const [run, setRun] = useState(0);
  const feeds = useFourFeeds(labBase, s.pollInterval, run);
  const producer = useProducer(labBase, s.rate, s.size, run > 0);
  const [fromSeq, setFromSeq] = useState(0);

  const compare = useLiveTracker(wb.log, () => new ComparisonTracker(), fromSeq, 'cmp');
  // biome-ignore lint/correctness/useExhaustiveDependencies: version changes when the tracker grew
  const rows = useMemo(() => compare.tracker?.rows() ?? [], [compare.tracker, compare.version]);
  const sse = useLiveTracker(wb.log, () => sseTracker('browser-edge'), fromSeq, 'sse');
  const sseFolder = sse.tracker?.keys.map((k) => sse.tracker?.folder(k)).at(-1);
  const polls = useLiveTracker(wb.log, () => longPollTracker('browser-edge'), fromSeq, 'short');
  const shortFolder = polls.tracker?.folder('short-poll');

  useReportSteps(compareProofs(useLiveFold(compareSteps)));

  const start = () => {
    wb.timeline.goLive();
    mirror.mark('run', 'four readers of the same stream and the server producer start');
    setRun((n) => n + 1);
  };

  const drop = () => {
    mirror.mark('drop the connections', 'the edge resets every lab connection of this page');
    mirror.action('reset');
  };

  const shortCtx = shortFolder?.snapshot.context;
  return (
    <LiveLayout
      wb={wb}
      onRun={start}
      run={
        <>
          <button type="button" onClick={drop} disabled={!labBase || run === 0}>
            Drop the connections (edge reset)
          </button>
          <span role="status" className={producer.refused ? styles.bad : styles.status}>
            Server producer: {producer.text}. Each message goes to all four readers.
          </span>
        </>
      }
      chart={
        <>
          <Statechart
            machine={sseStreamMachine}
            title="SSE stream (EventSource, browser ↔ edge)"
            activeIds={sseFolder ? activeNodeIds(sseFolder.snapshot) : []}
            takenEdges={sseFolder?.transitions.at(-1)?.edges ?? []}
          />
          <Statechart
            machine={longPollMachine}
            title="Short polling cycle (GET /poll?wait=0, browser ↔ edge)"
            activeIds={shortFolder ? activeNodeIds(shortFolder.snapshot) : []}
            takenEdges={shortFolder?.transitions.at(-1)?.edges ?? []}
            note={`GETs ${shortCtx?.gets ?? 0}, empty answers ${shortCtx?.timeouts ?? 0}`}
          />
        </>
      }
      settings={
        <>
          <Knobs state={scenario} keys={['rate', 'size', 'pollInterval']} />
          <ScenarioPanel state={scenario} transports={TRANSPORTS} omit={OMIT} />
        </>
      }
    >
      <ComparisonCard rows={rows} feeds={feeds} />
      <SseCard ctx={sseFolder?.snapshot.context} />
      <div className={styles.controls}>
        <button
          type="button"
          onClick={() => {
            setFromSeq(wb.log.at(wb.log.length - 1)?.seq ?? 0);
            mirror.mark('measurements cleared', 'the counters start again from here');
          }}
        >
          Clear measurements
        </button>
      </div>
    </LiveLayout>
  );
}
