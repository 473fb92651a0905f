'use client';
/**
 * Lesson 6: the page's own long-poll reader on the real server, through the edge. The server-side
 * producer publishes while a GET is held; the long-poll machine folds the GETs and POSTs seen on the
 * browser ↔ edge hop into the statechart, the cycle table and the bytes per message.
 */
import { useState } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { initialLongPollContext, longPollMachine } from '@/lib/machines/long-poll';
import { longPollTracker } from '@/lib/machines/stream-trackers';
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
import { BytesCard } from './bytes-card';
import { CyclesCard } from './cycles-card';
import { longPollProofs, longPollSteps } from './steps';
import { type PollTransport, usePollReader } from './use-poll-reader';

const TRANSPORTS: readonly Transport[] = ['long-polling', 'socketio-polling'];
const OMIT: readonly ScenarioKey[] = ['strip', 'wsVersion', 'foreignOrigin'];

export function LongPollingPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const transport: PollTransport =
    s.transport === 'socketio-polling' ? 'socketio-polling' : 'long-polling';
  const [run, setRun] = useState(0);
  const reader = usePollReader(labBase, transport, s.hold, run);
  const producer = useProducer(labBase, s.rate, s.size, run > 0);
  const [text, setText] = useState('hello');
  const [fromSeq, setFromSeq] = useState(0);

  const { tracker } = useLiveTracker(wb.log, () => longPollTracker('browser-edge'), fromSeq, 'lp');
  const keys = tracker?.keys ?? [];
  const key =
    transport === 'long-polling'
      ? keys.includes('long-poll')
        ? 'long-poll'
        : undefined
      : keys.filter((k) => k !== 'long-poll' && k !== 'short-poll').at(-1);
  const folder = key === undefined ? undefined : tracker?.folder(key);
  const snapshot = folder
    ? wb.timeline.following
      ? folder.snapshot
      : folder.atSeq(wb.timeline.cursorSeq)
    : undefined;
  const ctx = snapshot?.context ?? initialLongPollContext;
  const lastEdges = folder?.transitions.at(-1)?.edges ?? [];
  const held = ctx.pendingGets > 0 && ctx.holdStart !== undefined;

  useReportSteps(longPollProofs(useLiveFold(longPollSteps)));

  const start = () => {
    wb.timeline.goLive();
    mirror.mark(
      'run',
      `${transport === 'long-polling' ? 'GET /poll?cursor=N' : 'socket.io polling'} reader and the server producer start`,
    );
    setRun((n) => n + 1);
  };

  return (
    <LiveLayout
      wb={wb}
      onRun={start}
      run={
        <>
          <label>
            Text
            <input
              type="text"
              size={14}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          </label>
          <button type="button" onClick={() => reader.send(text)} disabled={!labBase || run === 0}>
            Send (POST)
          </button>
          <span role="status" className={styles.status} data-testid="reader-status">
            Your reader: {reader.status} · received {reader.received} message
            {reader.received === 1 ? '' : 's'} through the client API
          </span>
        </>
      }
      chart={
        <Statechart
          machine={longPollMachine}
          title={`Long-poll cycle (${key ?? 'no poll yet'}, browser ↔ edge)`}
          activeIds={snapshot ? activeNodeIds(snapshot) : []}
          takenEdges={wb.timeline.following ? lastEdges : []}
          note={
            held
              ? `a GET is held (sent at t=${Math.round(ctx.holdStart ?? 0)} ms)`
              : ctx.lastHoldMs !== undefined
                ? `last GET held ${Math.round(ctx.lastHoldMs)} ms`
                : 'waiting for the first GET'
          }
        />
      }
      settings={
        <>
          <Knobs state={scenario} keys={['rate', 'size', 'hold']} />
          <ScenarioPanel state={scenario} transports={TRANSPORTS} omit={OMIT} />
        </>
      }
    >
      <p role="status" className={producer.refused ? styles.bad : styles.muted}>
        Server producer: {producer.text}
        {transport === 'socketio-polling'
          ? '. Socket.IO polling: the Engine.IO server answers a held GET with a ping after pingInterval, so Hold does not apply.'
          : ''}
      </p>
      <div className={styles.twoCol}>
        <CyclesCard cycles={ctx.cycles} onSelect={wb.select} />
        <BytesCard ctx={ctx} />
      </div>
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
