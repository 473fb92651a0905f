'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import { type Handshake, wsConnFold, wsConnsOf, wsEventsOf } from '@/lib/machines/ws-conn-fold';
import { wsConnectionMachine } from '@/lib/machines/ws-connection';
import { headerValue } from '@/lib/mirror/select-eio';
import type { WireEvent } from '@/lib/mirror/types';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { DEMO_TEXT, useLabWebSocket } from '../../lab-clients/use-lab-websocket';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import { HeaderTable } from '../shared/header-table';
import styles from '../shared/panel.module.css';
import { AcceptCheck } from './accept-check';
import { FailureOutcome } from './failure-outcome';
import { FailureToggles, WS_TRANSPORTS } from './failure-toggles';
import { exchangesFold } from './hop-exchange';
import { handshakeProofs, handshakeSteps } from './steps';

const NO_HANDSHAKE: Handshake = {};

const OMIT = ['transport', 'strip', 'wsVersion', 'foreignOrigin'] as const;

const KEY_HEADERS = [
  'upgrade',
  'connection',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-accept',
];

/** Lesson 1: a real WebSocket from this page, its handshake header by header, the Accept check. */
export function HandshakePanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const lab = useLabWebSocket(mirror, labBase);
  const scenario = useSyncedScenario();
  const [autoClose, setAutoClose] = useState(true);
  const [message, setMessage] = useState('hi from the page');
  const [chosenConn, setChosenConn] = useState<string | null>(null);
  const connSelectId = useId();

  const wsConnIds = useRef(new Set<string>());
  const onSelect = useCallback((e: WireEvent) => {
    if (wsConnIds.current.has(e.conn)) setChosenConn(e.conn);
  }, []);
  // A run is a burst of a few hundred milliseconds: open in slow motion so the learner sees it travel.
  const wb = useWorkbench(onSelect, 0.1);
  const live = useLiveFold(wsConnFold);
  const wsConns = wsConnsOf(live);
  useEffect(() => {
    wsConnIds.current = new Set(wsConns.map((c) => c.conn));
  }, [wsConns]);
  const conn = chosenConn ?? wsConns[wsConns.length - 1]?.conn ?? null;

  const upToSeq = wb.timeline.following ? undefined : wb.timeline.cursorSeq;
  // The xstate fold runs over the chosen connection's events only (kept by wsConnFold).
  const machineEvents = wsEventsOf(live, conn);
  const fold = useMemo(
    () => foldEvents(wsConnectionMachine, machineEvents, upToSeq === undefined ? {} : { upToSeq }),
    [machineEvents, upToSeq],
  );
  const ctx = fold.snapshot.context;
  const atCursor = useFoldAt(wsConnFold, cursorIndex(wb.timeline));
  const hs = (conn ? atCursor.conns.get(conn)?.handshake : undefined) ?? NO_HANDSHAKE;
  const exchanges = useFoldAt(exchangesFold, cursorIndex(wb.timeline));

  useReportSteps(handshakeProofs(useLiveFold(handshakeSteps)));

  const run = () => {
    setChosenConn(null);
    wb.timeline.goLive();
    lab.run(autoClose);
  };

  const frames = `${ctx.framesUp} frame${ctx.framesUp === 1 ? '' : 's'} up, ${ctx.framesDown} down`;
  const note =
    ctx.status === undefined
      ? undefined
      : `after ${ctx.status}: ${frames}${ctx.code !== undefined ? ` · close code ${ctx.code}` : ''}${ctx.clean ? ' · clean' : ''}`;

  return (
    <LiveLayout
      wb={wb}
      onRun={run}
      run={
        <>
          <label>
            <input
              type="checkbox"
              checked={autoClose}
              onChange={(e) => setAutoClose(e.currentTarget.checked)}
            />
            Close with 1000 after the echoes
          </label>
          <span className={styles.status} role="status">
            Your WebSocket: {lab.readyStateName}
            {lab.runs > 0 ? ` · run ${lab.runs}` : ''}
          </span>
        </>
      }
      chart={
        <Statechart
          machine={wsConnectionMachine}
          title={`WebSocket connection ${conn ?? ''} (browser ↔ edge)`}
          activeIds={activeNodeIds(fold.snapshot)}
          takenEdges={fold.transitions.at(-1)?.edges ?? []}
          {...(note ? { note } : {})}
        />
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={WS_TRANSPORTS}
          omit={OMIT}
          extra={<FailureToggles state={scenario} />}
        />
      }
      aside={
        <ApiLog
          notes={lab.notes}
          intro="The WebSocket API’s own events, for comparison: no headers, no frames, no masks."
        />
      }
    >
      <p className={styles.muted}>
        Run opens <code>new WebSocket(…{LAB_PATHS.ws})</code>, sends the text{' '}
        <code>{JSON.stringify(DEMO_TEXT)}</code> and 5 binary bytes; the lab server echoes both.
      </p>
      <div className={styles.controls}>
        <label>
          Message
          <input
            type="text"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            size={16}
          />
        </label>
        <button
          type="button"
          onClick={() => lab.sendText(message)}
          disabled={lab.readyStateName !== 'OPEN'}
        >
          Send text
        </button>
        <button type="button" onClick={lab.close} disabled={lab.readyStateName !== 'OPEN'}>
          Close (1000)
        </button>
        {wsConns.length > 1 ? (
          <>
            <label htmlFor={connSelectId}>Connection</label>
            <select
              id={connSelectId}
              value={conn ?? ''}
              onChange={(e) => setChosenConn(e.currentTarget.value)}
            >
              {wsConns.map((c) => (
                <option key={c.conn} value={c.conn}>
                  {c.conn} · {c.path ?? ''}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>

      <div className={styles.twoCol}>
        <section className={styles.card} aria-label="Upgrade request">
          {hs.request ? (
            <HeaderTable
              caption={`Upgrade request (${conn}, browser → edge), as sent by your browser`}
              startLine={`${hs.request.method} ${hs.request.target} ${hs.request.version}`}
              headers={hs.request.headers}
              emphasise={KEY_HEADERS}
            />
          ) : (
            <p className={styles.muted}>
              {conn
                ? 'The upgrade request is not on the wire yet at this point of the timeline.'
                : 'Press Run to capture a handshake.'}
            </p>
          )}
        </section>
        <section className={styles.card} aria-label="Handshake response">
          {hs.response ? (
            <HeaderTable
              caption={`Response (${conn}, edge → browser)`}
              startLine={`${hs.response.version} ${hs.response.status} ${hs.response.reason}`}
              headers={hs.response.headers}
              emphasise={KEY_HEADERS}
            />
          ) : (
            <p className={styles.muted}>No response yet at this point of the timeline.</p>
          )}
        </section>
      </div>

      <FailureOutcome exchanges={exchanges} conn={conn} result={lab.result} />
      <AcceptCheck
        responseStatus={hs.response?.status}
        observedKey={hs.request ? headerValue(hs.request.headers, 'sec-websocket-key') : undefined}
        observedAccept={
          hs.response ? headerValue(hs.response.headers, 'sec-websocket-accept') : undefined
        }
      />
    </LiveLayout>
  );
}
