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
import { MirrorBar } from '../../mirror/mirror-bar';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { TrafficViews } from '../../workbench/traffic-views';
import { useWorkbench } from '../../workbench/use-workbench';
import { Knobs } from '../long-polling/knobs';
import { useLiveTracker } from '../long-polling/use-live-tracker';
import { useProducer } from '../long-polling/use-producer';
import styles from '../shared/panel.module.css';
import { ComparisonTracker } from './comparison';
import { ComparisonCard } from './comparison-card';
import { SseCard } from './sse-card';
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
  const feeds = useFourFeeds(labBase, s.pollInterval);
  const producer = useProducer(labBase, s.rate, s.size);
  const [fromSeq, setFromSeq] = useState(0);

  const compare = useLiveTracker(wb.log, () => new ComparisonTracker(), fromSeq, 'cmp');
  // biome-ignore lint/correctness/useExhaustiveDependencies: version changes when the tracker grew
  const rows = useMemo(() => compare.tracker?.rows() ?? [], [compare.tracker, compare.version]);
  const sse = useLiveTracker(wb.log, () => sseTracker('browser-edge'), fromSeq, 'sse');
  const sseFolder = sse.tracker?.keys.map((k) => sse.tracker?.folder(k)).at(-1);
  const polls = useLiveTracker(wb.log, () => longPollTracker('browser-edge'), fromSeq, 'short');
  const shortFolder = polls.tracker?.folder('short-poll');

  const drop = () => {
    mirror.mark('drop the connections', 'the edge resets every lab connection of this page');
    mirror.action('reset');
  };

  return (
    <div className={styles.panel}>
      <MirrorBar />
      <div className={styles.controls}>
        <button type="button" onClick={drop} disabled={!labBase}>
          Drop the connections (edge reset)
        </button>
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
      <Knobs state={scenario} keys={['rate', 'size', 'pollInterval']} />
      <p role="status" className={producer.refused ? styles.bad : styles.muted}>
        Server producer: {producer.text}. Each message goes to all four readers.
      </p>
      <ScenarioPanel state={scenario} transports={TRANSPORTS} omit={OMIT} />
      <ComparisonCard rows={rows} feeds={feeds} />
      <div className={styles.twoCol}>
        <SseCard ctx={sseFolder?.snapshot.context} />
        <Statechart
          machine={sseStreamMachine}
          title="SSE stream (EventSource, browser ↔ edge)"
          activeIds={sseFolder ? activeNodeIds(sseFolder.snapshot) : []}
          takenEdges={sseFolder?.transitions.at(-1)?.edges ?? []}
        />
      </div>
      <Statechart
        machine={longPollMachine}
        title="Short polling cycle (GET /poll?wait=0, browser ↔ edge)"
        activeIds={shortFolder ? activeNodeIds(shortFolder.snapshot) : []}
        takenEdges={shortFolder?.transitions.at(-1)?.edges ?? []}
        note={`GETs ${shortFolder?.snapshot.context.gets ?? 0}, empty answers ${shortFolder?.snapshot.context.timeouts ?? 0}`}
      />
      <TrafficViews wb={wb} />
    </div>
  );
}
