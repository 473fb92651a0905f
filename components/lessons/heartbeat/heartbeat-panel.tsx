'use client';

import { useMemo } from 'react';
import type { AnyStateMachine } from 'xstate';
import { appHeartbeatMachine } from '@/lib/machines/app-heartbeat';
import { activeNodeIds } from '@/lib/machines/chart';
import { type FoldResult, foldEvents } from '@/lib/machines/fold';
import { heartbeatMachine } from '@/lib/machines/heartbeat';
import { TRANSPORT_LABELS, type Transport } from '@/lib/scenario/schema';
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
import { overdueByPageClock } from './deadline-clock';
import { followedEvents } from './follow-mappers';
import { DeadlineTimeline, IdleCloses } from './heartbeat-views';
import { idleReportsOfFold } from './idle-fold';
import { PingKnobs } from './ping-knobs';
import { heartbeatProofs, heartbeatSteps } from './steps';
import { APP_HB, useHeartbeatClient } from './use-heartbeat-client';
import { useLiveNow } from './use-live-now';
import { connKindsFold, heartbeatViewsFold } from './views-fold';

const TRANSPORTS = ['socketio', 'socketio-websocket', 'socketio-polling', 'websocket'] as const;
/** Module-level: its identity keys the shared fold store. */
const viewsFold = heartbeatViewsFold(APP_HB);

interface View {
  machine: AnyStateMachine;
  title: string;
  summary: string;
  fold: FoldResult<AnyStateMachine>;
}

function pingsSinceOpen(events: readonly { event: { type: string } }[]): number {
  let n = 0;
  for (const { event } of events) {
    if (event.type === 'OPEN') n = 0;
    else if (event.type === 'PING') n++;
  }
  return n;
}

/** Lesson 3: ping/pong deadlines on the wire, a blackhole, the close and the reconnect. */
export function HeartbeatPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const client = useHeartbeatClient(mirror, labBase);
  const scenario = useSyncedScenario();
  const wb = useWorkbench();
  const s = scenario.scenario;
  const transport: Transport = client.running ?? s.transport;
  const raw = transport === 'websocket';
  // The panel's folds at the cursor (each event folded once); live for the clock's anchor.
  const at = useFoldAt(viewsFold, cursorIndex(wb.timeline));
  const liveT = useLiveFold(viewsFold).lastT;
  const now = useLiveNow(
    liveT,
    wb.timeline.following,
    wb.timeline.following ? undefined : at.lastT,
  );
  const lastWireT = at.lastT;

  const serverEvents = followedEvents(raw ? at.wsServer : at.eioServer);
  const browserEvents = followedEvents(at.eioBrowser);
  const appEvents = followedEvents(at.appBrowser);
  const views: View[] = useMemo(() => {
    const upTo = now === undefined ? {} : { upToT: now };
    // Deadlines from the wire only: the knobs say what was asked, not what the server runs with.
    const server = foldEvents(heartbeatMachine, serverEvents, upTo);
    const sc = server.snapshot.context;
    const serverView: View = {
      machine: heartbeatMachine,
      title: `Server's heartbeat (edge ↔ node: what the server saw)`,
      summary: `${sc.pings} pings, ${sc.pongs} pongs, ${sc.missed} deadlines missed, ${sc.timeoutCloses} closes after a missed deadline, ${sc.cycles} connections`,
      fold: server,
    };
    if (raw) {
      const app = foldEvents(appHeartbeatMachine, appEvents, upTo);
      const ac = app.snapshot.context;
      return [
        serverView,
        {
          machine: appHeartbeatMachine,
          title: `Page's app-level heartbeat (browser ↔ edge)`,
          summary: `${ac.sent} hb sent, ${ac.acked} acked, ${ac.missed} acks missed, ${ac.cycles} connections${ac.gaveUp ? ', gave up on the last one' : ''}`,
          fold: app,
        },
      ];
    }
    const browser = foldEvents(heartbeatMachine, browserEvents, upTo);
    const bc = browser.snapshot.context;
    return [
      serverView,
      {
        machine: heartbeatMachine,
        title: `Browser's heartbeat (browser ↔ edge: what the client saw)`,
        summary: `${bc.pings} pings, ${bc.pongs} pongs, ${bc.missed} deadlines missed, ${bc.cycles} connections, ${pingsSinceOpen(browserEvents)} pings on the current one`,
        fold: browser,
      },
    ];
  }, [serverEvents, browserEvents, appEvents, raw, now]);

  const kinds = useLiveFold(connKindsFold);
  const idle = idleReportsOfFold(at.idle);
  useReportSteps(heartbeatProofs(useLiveFold(heartbeatSteps)));

  return (
    <LiveLayout
      wb={wb}
      onRun={() => {
        wb.timeline.goLive();
        client.start(s.transport);
      }}
      run={
        <>
          <button type="button" onClick={client.stop} disabled={!client.running}>
            Stop
          </button>
          <span className={styles.status} role="status" aria-label="Client state">
            Client ({TRANSPORT_LABELS[transport]}): {client.state}
          </span>
        </>
      }
      chart={
        <div className={styles.twoCol}>
          {views.map((v) => (
            <div key={v.title} className={styles.stack}>
              <p role="status" aria-label={v.title} className={styles.mono}>
                {v.summary}
                {overdueByPageClock(v.fold.transitions, lastWireT)
                  ? ` — ⏰ its last deadline passed by the page's clock, with nothing on the wire since ${((lastWireT ?? 0) / 1000).toFixed(2)} s`
                  : ''}
              </p>
              <Statechart
                machine={v.machine}
                title={v.title}
                activeIds={activeNodeIds(v.fold.snapshot)}
                takenEdges={v.fold.transitions.at(-1)?.edges ?? []}
              />
            </div>
          ))}
        </div>
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={TRANSPORTS}
          extra={<PingKnobs scenario={s} set={scenario.set} />}
        />
      }
      aside={<ApiLog notes={client.notes} intro="No ping or pong frame ever reaches JavaScript." />}
    >
      {raw ? (
        <p className={styles.muted}>
          Raw WebSocket: the lab server sends a ping frame every {s.pingInterval} ms and closes with
          1001 if the pong is not back within {s.pingTimeout} ms. The page sends its own{' '}
          <code>{'{"type":"hb","n":k}'}</code> every {APP_HB.interval} ms, counts an ack missing
          after {APP_HB.timeout} ms, and reconnects after {APP_HB.maxMissed} missed in a row.
        </p>
      ) : null}
      <div className={styles.twoCol}>
        {views.map((v) => (
          <DeadlineTimeline
            key={v.title}
            title={`Timeline: ${v.title}`}
            transitions={v.fold.transitions}
            lastWireT={lastWireT}
          />
        ))}
      </div>
      <IdleCloses reports={idle} kinds={kinds} idleSeconds={s.idle} />
    </LiveLayout>
  );
}
