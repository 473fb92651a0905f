'use client';

import { useId, useMemo, useState } from 'react';
import { groupThousands } from '@/lib/format/grouped';
import { LAB_PATHS, type WsClientMessage } from '@/lib/lab/endpoints';
import { activeNodeIds } from '@/lib/machines/chart';
import { foldEvents } from '@/lib/machines/fold';
import { wsConnFold, wsConnsOf, wsEventsOf } from '@/lib/machines/ws-conn-fold';
import { wsConnectionMachine } from '@/lib/machines/ws-connection';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import styles from '../shared/panel.module.css';
import { frameTotalsFold } from './frame-rows';
import { FrameTable } from './frame-table';
import { framesProofs, framesSteps } from './steps';
import { LARGE_SIZE, MEDIUM_SIZE, useFramesSocket } from './use-frames-socket';

const WS_TRANSPORTS = ['websocket'] as const;
const CLOSE_CODES = [
  { code: 1000, label: '1000 normal closure' },
  { code: 4000, label: '4000 application-defined' },
] as const;

/** Lesson 2: the learner's own frames, every header field measured, the inspector on each. */
export function FramesPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const sock = useFramesSocket(mirror, labBase);
  const scenario = useSyncedScenario();
  const wb = useWorkbench(undefined, 0.1);
  const [message, setMessage] = useState('hello frames');
  const [code, setCode] = useState<number>(1000);
  const [reason, setReason] = useState('done');
  const codeId = useId();

  const live = useLiveFold(wsConnFold);
  const wsConns = wsConnsOf(live);
  const conn = wsConns[wsConns.length - 1]?.conn ?? null;
  const upToSeq = wb.timeline.following ? undefined : wb.timeline.cursorSeq;
  const totals = useFoldAt(frameTotalsFold, cursorIndex(wb.timeline)).totals;
  useReportSteps(framesProofs(useLiveFold(framesSteps)));
  // The xstate fold runs over the newest connection's events only (kept by wsConnFold).
  const machineEvents = wsEventsOf(live, conn);
  const fold = useMemo(
    () => foldEvents(wsConnectionMachine, machineEvents, upToSeq === undefined ? {} : { upToSeq }),
    [machineEvents, upToSeq],
  );
  const ctx = fold.snapshot.context;
  const note =
    ctx.status === undefined
      ? undefined
      : `${ctx.framesUp} frames up, ${ctx.framesDown} down${ctx.code !== undefined ? ` · close code ${ctx.code}` : ''}`;
  const reasonBytes = new TextEncoder().encode(reason).length;
  const reasonTooLong = reasonBytes > 123;

  const act = (f: () => void) => () => {
    wb.timeline.goLive();
    f();
  };

  return (
    <LiveLayout
      wb={wb}
      onRun={act(() => sock.connect(message))}
      run={
        <>
          <label>
            <input
              type="checkbox"
              checked={sock.wantPings}
              disabled={!labBase || sock.serverPings === 'pending'}
              onChange={(e) => void sock.setServerPings(e.currentTarget.checked)}
            />
            Server sends protocol pings
          </label>
          {sock.serverPings === 'failed' ? (
            <span className={styles.bad}>the lab server refused the setting</span>
          ) : null}
          <span className={styles.status} role="status">
            Your WebSocket: {sock.readyStateName}
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
      settings={<ScenarioPanel state={scenario} transports={WS_TRANSPORTS} />}
      aside={
        <ApiLog notes={sock.notes} intro="One event per message: no frames, no masks, no pings." />
      }
    >
      <p className={styles.muted}>
        Run opens <code>new WebSocket(…{LAB_PATHS.ws})</code> to the lab echo server and sends the
        text below once it is open; the buttons send more while it stays open.
      </p>
      <fieldset className={styles.controls}>
        <legend className="visually-hidden">Send</legend>
        <label>
          Text
          <input
            type="text"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            size={18}
          />
        </label>
        <button type="button" onClick={act(() => sock.sendText(message))} disabled={!sock.isOpen}>
          Send text
        </button>
        <button type="button" onClick={act(() => sock.sendBinary(5))} disabled={!sock.isOpen}>
          Send 5 binary bytes
        </button>
        <button
          type="button"
          onClick={act(() => sock.sendText('x'.repeat(MEDIUM_SIZE)))}
          disabled={!sock.isOpen}
        >
          Send {MEDIUM_SIZE}-byte text
        </button>
        <button
          type="button"
          onClick={act(() => sock.sendBinary(LARGE_SIZE))}
          disabled={!sock.isOpen}
        >
          Send {groupThousands(LARGE_SIZE)}-byte binary
        </button>
        <button
          type="button"
          onClick={act(() =>
            sock.sendText(
              JSON.stringify({
                type: 'fragment',
                parts: 3,
                text: message || 'fragmented',
              } satisfies WsClientMessage),
            ),
          )}
          disabled={!sock.isOpen}
        >
          Ask for a fragmented reply
        </button>
      </fieldset>
      <fieldset className={styles.controls}>
        <legend className="visually-hidden">Close</legend>
        <label htmlFor={codeId}>Close code</label>
        <select id={codeId} value={code} onChange={(e) => setCode(Number(e.currentTarget.value))}>
          {CLOSE_CODES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
        <label>
          Reason
          <input
            type="text"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            size={14}
            aria-invalid={reasonTooLong}
            aria-describedby={`${codeId}-reason`}
          />
        </label>
        <span id={`${codeId}-reason`} className={reasonTooLong ? styles.bad : styles.status}>
          {reasonBytes} of 123 bytes
          {reasonTooLong ? ': too long, a close payload is at most 125 bytes (RFC 6455 §5.5)' : ''}
        </span>
        <button
          type="button"
          onClick={act(() => sock.close(code, reason))}
          disabled={!sock.isOpen || reasonTooLong}
        >
          Close with {code}
        </button>
      </fieldset>

      <FrameTable wb={wb} totals={totals} />
    </LiveLayout>
  );
}
