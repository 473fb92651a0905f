'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { type ClientsList, clientsPath, LAB_PATHS } from '@/lib/lab/endpoints';
import type { BackoffSettings } from '@/lib/machines/backoff';
import { seededSchedule } from '@/lib/machines/backoff';
import { activeNodeIds } from '@/lib/machines/chart';
import { reconnectMachine } from '@/lib/machines/reconnect';
import { arrivalHistogram, HERD_MARK } from '@/lib/machines/reconnect-arrivals';
import { restartRunsFold, runsOf } from '@/lib/machines/restart-runs-fold';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { SIO_TRANSPORTS } from '../../lab-clients/sio-transports';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { Statechart } from '../../statechart/statechart';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import styles from '../shared/panel.module.css';
import { BackoffKnobs } from './backoff-knobs';
import { HerdHistogram } from './herd-histogram';
import { ScheduleChart } from './schedule-chart';
import { reconnectProofs, reconnectSteps } from './steps';
import { useAuthReconnect } from './use-auth-reconnect';
import { useReconnectClient } from './use-reconnect-client';

const KNOB_KEYS = [
  'backoffBase',
  'backoffFactor',
  'backoffCap',
  'backoffJitter',
  'retries',
  'clients',
] as const;

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json().catch(() => ({}))) as Record<string, unknown>;
}

/** Lesson 9: your socket reconnecting on a schedule you set, and a herd of real clients after a restart. */
export function ReconnectPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const s = scenario.scenario;
  const settings: BackoffSettings = useMemo(
    () => ({
      base: s.backoffBase,
      factor: s.backoffFactor,
      cap: s.backoffCap,
      jitter: s.backoffJitter,
      retries: s.retries,
    }),
    [s.backoffBase, s.backoffFactor, s.backoffCap, s.backoffJitter, s.retries],
  );
  const client = useReconnectClient(mirror, labBase, settings, s.seed);
  const auth = useAuthReconnect(mirror, labBase, settings, s.seed);
  const [herdNote, setHerdNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const outages = client.snapshot?.context.outages ?? 0;
  const preview = useMemo(
    () => seededSchedule(settings, s.seed, outages + 1),
    [settings, s.seed, outages],
  );
  const state = client.snapshot?.value as string | undefined;
  const inOutage = state === 'waiting' || state === 'attempting' || state === 'gaveUp';
  const plan = client.plan && inOutage ? client.plan : (client.plan ?? preview);

  useReportSteps(reconnectProofs(useLiveFold(reconnectSteps), s.backoffCap));

  const runs = runsOf(useFoldAt(restartRunsFold, cursorIndex(wb.timeline)));
  const lastRun = runs.at(-1);
  const mine = lastRun?.arrivals.filter((a) => a.who === 'you') ?? [];
  const herdRuns = runs.filter((r) => r.label !== null).slice(-4);
  const peakMax = Math.max(1, ...herdRuns.map((r) => arrivalHistogram(r).peak));

  const restart = () => {
    wb.timeline.goLive();
    mirror.action('restart-node');
  };

  // Run: your socket connects, and once it has, the server restarts: one outage to watch.
  const armed = useRef<number | null>(null);
  const run = () => {
    wb.timeline.goLive();
    armed.current = client.connects;
    client.connect();
  };
  useEffect(() => {
    if (armed.current === null || client.connects <= armed.current) return;
    armed.current = null;
    mirror.mark('run', 'your socket is connected: restart the server');
    mirror.action('restart-node');
  }, [client.connects, mirror]);

  const herd = async (jitter: number) => {
    if (!labBase) return;
    setBusy(true);
    setHerdNote(null);
    wb.timeline.goLive();
    const n = s.clients;
    mirror.mark(`${HERD_MARK} ${n} clients, jitter ${jitter}`, 'start them, then restart-node');
    try {
      await fetch(`${labBase}${LAB_PATHS.clients}`, { method: 'DELETE' });
      if (n > 0) {
        const res = await fetch(`${labBase}${clientsPath({ n, jitter })}`, { method: 'POST' });
        const body = await json(res);
        if (!res.ok) throw new Error(`${res.status}: ${String(body.error ?? res.statusText)}`);
        // Wait (≤ 10 s) until every client is connected, so the restart finds them all online.
        for (let i = 0; i < 50; i += 1) {
          const list = await json(await fetch(`${labBase}${LAB_PATHS.clients}`));
          const clients = (list.clients as ClientsList['clients'] | undefined) ?? [];
          if (clients.length >= n && clients.every((c) => c.connected)) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      mirror.action('restart-node');
      setHerdNote({
        ok: true,
        text: `restarted the server with ${n} simulated clients (jitter ${jitter})`,
      });
    } catch (err) {
      setHerdNote({ ok: false, text: String(err instanceof Error ? err.message : err) });
    } finally {
      setBusy(false);
    }
  };

  const ctx = client.snapshot?.context;
  return (
    <LiveLayout
      wb={wb}
      onRun={run}
      run={
        <>
          <button type="button" onClick={restart} disabled={!labBase}>
            Restart the server
          </button>
          <span className={styles.status} role="status" data-testid="reconnect-state">
            Reconnect machine: {state ?? 'not started'}
            {ctx && inOutage
              ? ` · attempt ${ctx.attempt} of ${ctx.delays.length}${state === 'waiting' && ctx.delays[ctx.attempt] !== undefined ? ` · next wait ${ctx.delays[ctx.attempt]} ms` : ''}`
              : ''}
            {ctx?.lastError ? ` · last error “${ctx.lastError}”` : ''}
          </span>
        </>
      }
      chart={
        <Statechart
          machine={reconnectMachine}
          title="Reconnect machine (your socket)"
          activeIds={client.snapshot ? activeNodeIds(client.snapshot) : []}
          {...(ctx ? { note: `outages ${ctx.outages} · attempts ${ctx.attempt}` } : {})}
        />
      }
      settings={
        <>
          <BackoffKnobs state={scenario} />
          <ScenarioPanel
            state={scenario}
            transports={SIO_TRANSPORTS}
            omit={[...KNOB_KEYS, 'tokenTtl']}
          />
        </>
      }
      aside={<ApiLog notes={client.notes} />}
    >
      <ScheduleChart
        plan={plan}
        jitter={settings.jitter}
        real={mine}
        preview={!inOutage && !client.plan}
      />
      <div className={styles.controls}>
        <span>Thundering herd, {s.clients} real clients:</span>
        <button type="button" onClick={() => void herd(0)} disabled={!labBase || busy}>
          Restart with jitter off
        </button>
        <button
          type="button"
          onClick={() => void herd(s.backoffJitter)}
          disabled={!labBase || busy || s.backoffJitter === 0}
        >
          Restart with jitter {s.backoffJitter}
        </button>
        {busy ? <span className={styles.status}>starting clients…</span> : null}
        {herdNote ? (
          <span
            role={herdNote.ok ? 'status' : 'alert'}
            className={herdNote.ok ? styles.status : styles.bad}
          >
            {herdNote.text}
          </span>
        ) : null}
      </div>
      <p className={styles.muted}>
        The simulated clients are real <code>socket.io-client</code> sockets run by the lab server,
        connected through the same edge with socket.io-client’s own backoff (
        <code>reconnectionDelay</code> 1000 ms, factor 2, <code>reconnectionDelayMax</code> 5000 ms)
        and <code>randomizationFactor</code> set by the button. Each bar counts their handshakes
        that reached the edge in one 100 ms slice after the restart.
      </p>
      {herdRuns.length > 0 ? (
        <div className={styles.twoCol} data-testid="herd-runs">
          {herdRuns.map((r) => (
            <HerdHistogram key={r.n} run={r} peakMax={peakMax} />
          ))}
        </div>
      ) : (
        <p className={styles.muted}>No herd run yet.</p>
      )}
      <section className={styles.card} aria-labelledby="auth-rc-heading">
        <h3 id="auth-rc-heading">Auth-aware reconnect</h3>
        <div className={styles.controls}>
          <button type="button" onClick={() => void auth.start()} disabled={!labBase}>
            Connect to /secure with a 4 s token
          </button>
          <span className={styles.status} role="status" data-testid="auth-reconnect-state">
            Reconnect machine: {auth.state ?? 'not started'}
          </span>
        </div>
        <ol
          className={styles.apiLog}
          data-testid="auth-steps"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable)
          tabIndex={0}
          aria-label="Auth-aware rejoin, step by step (scrolls)"
        >
          {auth.steps.map((st) => (
            <li key={st.id}>{st.text}</li>
          ))}
        </ol>
      </section>
    </LiveLayout>
  );
}
