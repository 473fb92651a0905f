'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { activeNodeIds } from '@/lib/machines/chart';
import { engineIoSessionsOf } from '@/lib/machines/engineio-mapper';
import { engineIoTransportMachine } from '@/lib/machines/engineio-transport';
import { foldEvents } from '@/lib/machines/fold';
import { countRoundTripsToFirstMessage } from '@/lib/machines/round-trips';
import { TRANSPORT_LABELS } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { clientTransports, SIO_TRANSPORTS } from '../../lab-clients/sio-transports';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import styles from '../shared/panel.module.css';
import { eioPacketsOf, handshakeOf, milestonesOf } from './eio-observations';
import type { RunConfig, RunSummary } from './run-summary';
import { runEventsOf, runSummariesOf, runsFold } from './runs-fold';
import { type RunRow, RunsTable } from './runs-table';
import { upgradeProofs, upgradeSteps } from './steps';
import { HandshakeCard, MessagesCard, MilestonesCard, RoundTripsCard } from './upgrade-cards';
import { UpgradeToggles } from './upgrade-toggles';
import { useLabSocketIo } from './use-lab-socketio';

const OMIT = ['transport', 'strip'] as const;

/** Lesson 5: a real socket.io-client session from polling to WebSocket, read off the wire. */
export function UpgradePanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const lab = useLabSocketIo(mirror, labBase);
  // The upgrade happens in milliseconds: open in slow motion so 2probe/3probe are seen travelling.
  const wb = useWorkbench(undefined, 0.1);
  const scenario = useSyncedScenario();
  const transports = clientTransports(scenario.scenario.transport);
  const [chosenRun, setChosenRun] = useState<string | null>(null);
  const [message, setMessage] = useState('hello again');
  const runSelectId = useId();

  const live = useLiveFold(runsFold);
  const runs = live.runs;
  const run = runs.find((r) => r.label === chosenRun) ?? runs[runs.length - 1];
  // The chosen run's events up to the cursor: the views below fold one run, not the whole log.
  const runEvents = runEventsOf(useFoldAt(runsFold, cursorIndex(wb.timeline)), run);
  const sightings = useMemo(() => eioPacketsOf(runEvents), [runEvents]);
  const milestones = useMemo(() => milestonesOf(sightings), [sightings]);
  const handshake = useMemo(() => handshakeOf(runEvents), [runEvents]);
  const roundTrips = useMemo(() => countRoundTripsToFirstMessage(runEvents), [runEvents]);

  const fold = useMemo(() => {
    const session = engineIoSessionsOf(runEvents, 'browser-edge')[0];
    return {
      session,
      result: foldEvents(engineIoTransportMachine, session?.events ?? []),
    };
  }, [runEvents]);
  const ctx = fold.result.snapshot.context;
  const note = fold.session
    ? `messages over polling ${ctx.messagesOverPolling}, over WebSocket ${ctx.messagesOverWebSocket}`
    : undefined;

  // What each run was started with, by its marker label ("run 3").
  const [configs, setConfigs] = useState<Record<string, RunConfig>>({});
  const runRows: RunRow[] = useMemo(() => {
    const summaries = runSummariesOf(live);
    return live.runs.map((r, i) => ({
      label: r.label,
      config: configs[r.label],
      summary: summaries[i] as RunSummary,
    }));
  }, [live, configs]);
  const shownSummary = runRows.find((r) => r.label === run?.label)?.summary;
  useReportSteps(upgradeProofs(useLiveFold(upgradeSteps)));

  const start = () => {
    setChosenRun(null);
    wb.timeline.goLive();
    const { transport, strip, loss } = scenario.scenario;
    setConfigs((c) => ({ ...c, [`run ${lab.runs + 1}`]: { transport, strip, loss } }));
    lab.run(transports);
  };

  // Switching the transport while a socket is open closes it and opens the new one, marked.
  const current = scenario.scenario.transport;
  const previous = useRef(current);
  const startRef = useRef(start);
  startRef.current = start;
  const active = lab.state === 'connected' || lab.state === 'connecting';
  useEffect(() => {
    if (previous.current === current) return;
    previous.current = current;
    if (!active) return;
    mirror.mark(`transport → ${TRANSPORT_LABELS[current]}`, 'the old socket is disconnected');
    startRef.current();
  }, [current, active, mirror]);

  return (
    <LiveLayout
      wb={wb}
      onRun={start}
      run={
        <span className={styles.status} role="status">
          Your socket: {lab.state}
          {lab.transport ? ` · transport ${lab.transport}` : ''}
        </span>
      }
      chart={
        <Statechart
          machine={engineIoTransportMachine}
          title={`Engine.IO transport${ctx.sid ? ` (sid ${ctx.sid})` : ''}`}
          activeIds={activeNodeIds(fold.result.snapshot)}
          takenEdges={fold.result.transitions.at(-1)?.edges ?? []}
          {...(note ? { note } : {})}
        />
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={SIO_TRANSPORTS}
          omit={OMIT}
          extra={<UpgradeToggles state={scenario} />}
        />
      }
      aside={<ApiLog notes={lab.notes} intro="socket.io-client’s own events, for comparison." />}
    >
      <p className={styles.muted}>
        Run calls{' '}
        <code>
          io(origin, {'{'} path: '…/socket.io/', forceNew: true
          {transports ? `, transports: ${JSON.stringify(transports)}` : ''} {'}'})
        </code>{' '}
        {transports
          ? 'with the transport chosen under “Failure toggles”'
          : 'with the default transports (polling, then the upgrade)'}{' '}
        and emits <code>chat</code> <code>{'{"msg":"hello"}'}</code> with an ack twice: right away
        (before the socket is connected) and on <code>connect</code>.
      </p>
      <div className={styles.controls}>
        <label>
          Message
          <input
            type="text"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            size={14}
          />
        </label>
        <button
          type="button"
          onClick={() => lab.sendChat(message)}
          disabled={lab.state !== 'connected'}
        >
          Emit chat
        </button>
        <button type="button" onClick={lab.disconnect} disabled={lab.state !== 'connected'}>
          Disconnect
        </button>
      </div>
      {shownSummary ? (
        <p role="status" data-testid="delivered">
          {run?.label ?? 'This run'}: <strong>{shownSummary.deliveredOverPolling}</strong> message
          {shownSummary.deliveredOverPolling === 1 ? '' : 's'} delivered over polling,{' '}
          <strong>{shownSummary.deliveredOverWebSocket}</strong> over WebSocket
          {shownSummary.probeFailed > 0
            ? ` · upgrade probe failed ${shownSummary.probeFailed}× (still working over polling)`
            : ''}
          .
        </p>
      ) : null}
      {runs.length > 1 ? (
        <div className={styles.controls}>
          <label htmlFor={runSelectId}>Run shown</label>
          <select
            id={runSelectId}
            value={run?.label ?? ''}
            onChange={(e) => setChosenRun(e.currentTarget.value)}
          >
            {runs.map((r) => (
              <option key={r.label} value={r.label}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      <div className={styles.twoCol}>
        <MilestonesCard milestones={milestones} onSelect={wb.select} />
        <HandshakeCard handshake={handshake} onSelect={wb.select} />
      </div>
      <div className={styles.twoCol}>
        <MessagesCard sightings={sightings} onSelect={wb.select} />
        <RoundTripsCard count={roundTrips} onSelect={wb.select} hasRun={run !== undefined} />
      </div>
      <RunsTable rows={runRows} />
    </LiveLayout>
  );
}
