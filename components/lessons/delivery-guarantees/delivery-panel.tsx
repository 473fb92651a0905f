'use client';

import { useEffect, useId, useState } from 'react';
import { LAB_PATHS, type StreamStatus, streamStartPath } from '@/lib/lab/endpoints';
import { onceTally, receivedTally } from '@/lib/machines/delivery-tally';
import { scenarioShape, type Transport } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { useWorkbench } from '../../workbench/use-workbench';
import styles from '../shared/panel.module.css';
import { deliveryProofs, deliverySteps } from './steps';
import { TallyTable } from './tally-table';
import { useFeeds } from './use-feeds';
import { useOnce } from './use-once';

const SIO_TRANSPORTS: readonly Transport[] = ['socketio', 'socketio-websocket', 'socketio-polling'];
const OMIT = ['csrWindow', 'tokenTtl'] as const;

/** Lesson 12: the same stream with and without connection state recovery, and ack + retry + dedup. */
export function DeliveryPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const feeds = useFeeds(mirror, labBase);
  const once = useOnce(labBase);
  const ids = { win: useId(), out: useId() };
  const [windowDraft, setWindowDraft] = useState(String(s.csrWindow));
  const [outageMs, setOutageMs] = useState(2000);
  const [outageOn, setOutageOn] = useState(false);
  const [lastId, setLastId] = useState(0);

  useReportSteps(deliveryProofs(useLiveFold(deliverySteps)));

  // The server's own count of what it sent: the stream's last id (GET …/stream), every 2 s.
  useEffect(() => {
    if (!labBase || !feeds.running) return;
    const t = setInterval(() => {
      void fetch(`${labBase}${LAB_PATHS.stream}`)
        .then((r) => r.json())
        .then((b: Partial<StreamStatus>) => setLastId(b.lastId ?? 0))
        .catch(() => {});
    }, 2000);
    return () => clearInterval(t);
  }, [labBase, feeds.running]);

  const start = async () => {
    if (!labBase) return;
    wb.timeline.goLive();
    await fetch(`${labBase}${streamStartPath({ rate: 10, size: 60 })}`, { method: 'POST' });
    feeds.start(s.csrWindow);
  };

  const outage = () => {
    mirror.mark('outage', `blackhole ${outageMs} ms, then lift (the edge resets what lost bytes)`);
    scenario.set({ blackhole: true });
    setOutageOn(true);
    setTimeout(() => {
      scenario.set({ blackhole: false });
      setOutageOn(false);
    }, outageMs);
  };

  const parsedWindow = scenarioShape.csrWindow.safeParse(
    windowDraft.trim() === '' ? Number.NaN : Number(windowDraft),
  );
  const applyWindow = (text: string) => {
    setWindowDraft(text);
    const p = scenarioShape.csrWindow.safeParse(text.trim() === '' ? Number.NaN : Number(text));
    if (p.success) {
      scenario.set({ csrWindow: p.data });
      feeds.setWindow(p.data);
    }
  };

  const onceRun = once.run;
  return (
    <LiveLayout
      wb={wb}
      onRun={() => void start()}
      run={
        <>
          <label htmlFor={ids.out}>Outage (ms)</label>
          <input
            id={ids.out}
            type="number"
            min={500}
            max={60000}
            step={500}
            value={outageMs}
            onChange={(e) =>
              setOutageMs(Math.min(60_000, Math.max(500, Number(e.currentTarget.value) || 500)))
            }
            style={{ width: '6rem' }}
          />
          <button type="button" onClick={outage} disabled={!feeds.running || outageOn}>
            Blackhole, then reset
          </button>
          <span className={styles.status} role="status">
            {outageOn ? 'blackhole on…' : ''} plain: {feeds.plain.connected ? 'connected' : 'down'}{' '}
            · recovery: {feeds.csr.connected ? 'connected' : 'down'} · recovered{' '}
            <strong data-testid="recovered-count">{feeds.csr.recovered}</strong> of{' '}
            {Math.max(0, feeds.csr.connects - 1)} reconnects
          </span>
        </>
      }
      settings={
        <ScenarioPanel
          state={scenario}
          transports={SIO_TRANSPORTS}
          omit={OMIT}
          extra={
            <div className={styles.controls}>
              <label htmlFor={ids.win}>Recovery window (ms)</label>
              <input
                id={ids.win}
                type="number"
                step={1000}
                value={windowDraft}
                onChange={(e) => applyWindow(e.currentTarget.value)}
                style={{ width: '6.5rem' }}
              />
              {parsedWindow.success ? null : (
                <span role="alert" className={styles.bad}>
                  Recovery window {JSON.stringify(windowDraft)} refused: an integer from 0 to
                  120000.
                </span>
              )}
              <span className={styles.status} role="status" data-testid="csr-window">
                {feeds.windowAck ? `server: ${feeds.windowAck}` : ''}
              </span>
            </div>
          }
        />
      }
    >
      <TallyTable
        plain={feeds.running ? receivedTally(feeds.plain.ids, lastId) : null}
        csr={feeds.running ? receivedTally(feeds.csr.ids, lastId) : null}
        once={onceRun?.server ? onceTally(onceRun.sent, onceRun.server) : null}
        csrWindow={s.csrWindow}
      />
      <section className={styles.card} aria-label="Ack + retry + dedup">
        <div className={styles.controls}>
          <span>Ack + retry + dedup (client → server):</span>
          <button
            type="button"
            onClick={() => void once.send(20, 500, 5)}
            disabled={!labBase || once.busy}
          >
            Send 20 with ack (500 ms timeout, 5 retries)
          </button>
          {onceRun ? (
            <span className={styles.status} role="status">
              attempts {onceRun.attempts} for {onceRun.sent} messages; acked {onceRun.acked}
              {onceRun.gaveUp ? `; gave up on ${onceRun.gaveUp}` : ''}
              {onceRun.server ? `; the server received ${onceRun.server.received}` : ''}
            </span>
          ) : null}
        </div>
      </section>
    </LiveLayout>
  );
}
