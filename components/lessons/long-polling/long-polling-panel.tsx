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
import { TransportField } from '../../controls/transport-field';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { MirrorBar } from '../../mirror/mirror-bar';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { TrafficViews } from '../../workbench/traffic-views';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { BytesCard } from './bytes-card';
import { CyclesCard } from './cycles-card';
import { Knobs } from './knobs';
import { useLiveTracker } from './use-live-tracker';
import { type PollTransport, usePollReader } from './use-poll-reader';
import { useProducer } from './use-producer';

const TRANSPORTS: readonly Transport[] = ['long-polling', 'socketio-polling'];
const OMIT: readonly ScenarioKey[] = ['transport', 'strip', 'wsVersion', 'foreignOrigin'];

export function LongPollingPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const transport: PollTransport =
    s.transport === 'socketio-polling' ? 'socketio-polling' : 'long-polling';
  const reader = usePollReader(labBase, transport, s.hold);
  const producer = useProducer(labBase, s.rate, s.size);
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

  return (
    <div className={styles.panel}>
      <MirrorBar />
      <div className={styles.toggleGrid}>
        <TransportField value={transport} transports={TRANSPORTS} onChange={scenario.set} />
        <p role="status" className={styles.status} data-testid="reader-status">
          Your reader: {reader.status} · received {reader.received} message
          {reader.received === 1 ? '' : 's'} through the client API
        </p>
      </div>
      <div className={styles.controls}>
        <label>
          Text
          <input
            type="text"
            size={14}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="button" onClick={() => reader.send(text)} disabled={!labBase}>
          Send (POST)
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
      <Knobs state={scenario} keys={['rate', 'size', 'hold']} />
      <p role="status" className={producer.refused ? styles.bad : styles.muted}>
        Server producer: {producer.text}
        {transport === 'socketio-polling'
          ? '. Socket.IO polling: the Engine.IO server answers a held GET with a ping after pingInterval, so Hold does not apply.'
          : ''}
      </p>
      <ScenarioPanel state={scenario} transports={TRANSPORTS} omit={OMIT} />
      <div className={styles.twoCol}>
        <CyclesCard cycles={ctx.cycles} onSelect={wb.select} />
        <BytesCard ctx={ctx} />
      </div>
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
      <TrafficViews wb={wb} />
    </div>
  );
}
