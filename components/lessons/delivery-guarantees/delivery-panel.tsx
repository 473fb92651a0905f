'use client';

import { useEffect, useId, useState } from 'react';
import { onceTally, receivedTally, type Tally } from '@/lib/machines/delivery-tally';
import { scenarioShape } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { MirrorBar } from '../../mirror/mirror-bar';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { TrafficViews } from '../../workbench/traffic-views';
import { useWorkbench } from '../../workbench/use-workbench';
import { SIO_TRANSPORTS } from '../engineio-upgrade/sio-transports';
import styles from '../shared/panel.module.css';
import { useFeeds } from './use-feeds';
import { useOnce } from './use-once';

function TallyRow({ name, tally, note }: { name: string; tally: Tally | null; note?: string }) {
  const cell = (v: number | undefined) => (v === undefined ? '—' : String(v));
  return (
    <tr data-testid={`tally-${name}`}>
      <th scope="row">{name}</th>
      <td>{cell(tally?.sent)}</td>
      <td>{cell(tally?.delivered)}</td>
      <td data-col="lost">{cell(tally?.lost)}</td>
      <td data-col="in-flight">{cell(tally?.inFlight)}</td>
      <td data-col="dup">{cell(tally?.duplicated)}</td>
      <td>{note ?? ''}</td>
    </tr>
  );
}

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
  const ids = { win: useId(), out: useId(), n: useId() };
  const [windowDraft, setWindowDraft] = useState(String(s.csrWindow));
  const [outageMs, setOutageMs] = useState(2000);
  const [outageOn, setOutageOn] = useState(false);
  const [lastId, setLastId] = useState(0);

  // The server's own count of what it sent: the stream's last id (GET …/stream), every 2 s.
  useEffect(() => {
    if (!labBase || !feeds.running) return;
    const t = setInterval(() => {
      void fetch(`${labBase}/stream`)
        .then((r) => r.json())
        .then((b: { lastId?: number }) => setLastId(b.lastId ?? 0))
        .catch(() => {});
    }, 2000);
    return () => clearInterval(t);
  }, [labBase, feeds.running]);

  const start = async () => {
    if (!labBase) return;
    wb.timeline.goLive();
    await fetch(`${labBase}/stream/start?rate=10&size=60`, { method: 'POST' });
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

  const plainTally = feeds.running ? receivedTally(feeds.plain.ids, lastId) : null;
  const csrTally = feeds.running ? receivedTally(feeds.csr.ids, lastId) : null;
  const onceRun = once.run;
  const onceT = onceRun?.server ? onceTally(onceRun.sent, onceRun.server) : null;

  return (
    <div className={styles.panel}>
      <MirrorBar />
      <div className={styles.controls}>
        <button type="button" className="primary" onClick={() => void start()} disabled={!labBase}>
          {feeds.running ? 'Start again' : 'Start the stream'}
        </button>
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
            Recovery window {JSON.stringify(windowDraft)} refused: an integer from 0 to 120000.
          </span>
        )}
        <span className={styles.status} role="status" data-testid="csr-window">
          {feeds.windowAck ? `server: ${feeds.windowAck}` : ''}
        </span>
      </div>
      <div className={styles.controls}>
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
        <button
          type="button"
          onClick={() => mirror.action('restart-node')}
          disabled={!feeds.running}
        >
          Restart the server
        </button>
        <span className={styles.status} role="status">
          {outageOn ? 'blackhole on…' : ''} plain: {feeds.plain.connected ? 'connected' : 'down'} ·
          recovery: {feeds.csr.connected ? 'connected' : 'down'} · recovered{' '}
          <strong data-testid="recovered-count">{feeds.csr.recovered}</strong> of{' '}
          {Math.max(0, feeds.csr.connects - 1)} reconnects
        </span>
      </div>
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
      <table className={`${styles.card} ${styles.mono}`} data-testid="tally">
        <caption>Running tally per mode (sent = the server’s count for the stream)</caption>
        <thead>
          <tr>
            <th scope="col">mode</th>
            <th scope="col">sent</th>
            <th scope="col">delivered</th>
            <th scope="col">lost</th>
            <th scope="col">in flight</th>
            <th scope="col">duplicated</th>
            <th scope="col">how it is counted</th>
          </tr>
        </thead>
        <tbody>
          <TallyRow
            name="at-most-once"
            tally={plainTally}
            note="plain server: ids received vs the stream's last id"
          />
          <TallyRow
            name="recovery"
            tally={csrTally}
            note={`connectionStateRecovery, window ${s.csrWindow} ms`}
          />
          <TallyRow
            name="ack+retry+dedup"
            tally={onceT}
            note="client's distinct ids vs the server's dedup counts; duplicates discarded"
          />
        </tbody>
      </table>
      <ScenarioPanel
        state={scenario}
        transports={SIO_TRANSPORTS}
        omit={['csrWindow', 'tokenTtl']}
      />
      <TrafficViews wb={wb} />
    </div>
  );
}
