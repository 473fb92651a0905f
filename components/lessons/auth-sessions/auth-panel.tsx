'use client';

import { useId, useMemo, useState } from 'react';
import {
  authRevokePath,
  authTokenPath,
  LAB_NAMESPACES,
  type LabError,
  type TokenResponse,
} from '@/lib/lab/endpoints';
import { allowedValues, scenarioShape } from '@/lib/scenario/schema';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { clientTransports, SIO_TRANSPORTS } from '../../lab-clients/sio-transports';
import { useSioLab } from '../../lab-clients/use-sio-lab';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import { NamespaceChart } from '../shared/namespace-chart';
import styles from '../shared/panel.module.css';
import s from '../shared/stack.module.css';
import { authRowsFold, authRowsWith } from './auth-fold';
import { authProofs, authSteps } from './steps';

/** The colleague's token lives as long as the lab allows (server/lab/auth-tokens.ts). */
const TTL_MAX = 3_600_000;
const ROOM = 'ops';
const SECURE = LAB_NAMESPACES.secure;

type Issued = TokenResponse;

/** Lesson 13: tokens that expire or are revoked while a /secure socket is open, read off the wire. */
export function AuthPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const me = useSioLab(mirror, labBase);
  const colleague = useSioLab(mirror, labBase);
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const transports = clientTransports(scenario.scenario.transport);
  const ttlId = useId();
  // The TTL knob is the scenario's `tokenTtl` (in the link); the input holds a draft until used.
  const [ttl, setTtl] = useState(() => String(scenario.scenario.tokenTtl));
  const [tokens, setTokens] = useState<Record<string, Issued>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [revokeResult, setRevokeResult] = useState<string | null>(null);

  const parsedTtl = scenarioShape.tokenTtl.safeParse(ttl.trim() === '' ? Number.NaN : Number(ttl));
  const ttlError = parsedTtl.success
    ? null
    : `Token TTL ${JSON.stringify(ttl)} refused: ${allowedValues('tokenTtl')} (ms).`;
  const owners = useMemo(
    () => Object.fromEntries(Object.values(tokens).map((t) => [t.token, t.user])),
    [tokens],
  );
  const cursor = cursorIndex(wb.timeline);
  // The /secure story up to the cursor, each event folded once; the users are looked up here.
  const folded = useFoldAt(authRowsFold, cursor);
  const rows = useMemo(() => authRowsWith(folded, owners), [folded, owners]);
  useReportSteps(authProofs(useLiveFold(authSteps)));
  const mine = me.states[SECURE];
  const theirs = colleague.states[SECURE];

  const issue = async (user: string, ttlValue: number): Promise<Issued | null> => {
    if (!labBase) return null;
    const path = authTokenPath({ user, ttl: ttlValue });
    mirror.mark(`token for ${user}`, `POST …${path}`);
    const res = await fetch(`${labBase}${path}`, {
      method: 'POST',
    });
    const body = (await res.json().catch(() => ({}))) as Partial<Issued & LabError>;
    if (!res.ok || !body.token) {
      setProblem(`${res.status}: ${body.error ?? res.statusText}`);
      return null;
    }
    const issued = { token: body.token, user, exp: body.exp ?? 0 };
    setTokens((m) => ({ ...m, [user]: issued }));
    setProblem(null);
    return issued;
  };

  const getToken = async (): Promise<Issued | null> => {
    if (!parsedTtl.success) {
      setProblem(ttlError);
      return null;
    }
    scenario.set({ tokenTtl: parsedTtl.data });
    return issue('learner', parsedTtl.data);
  };
  /** Run: a token with the chosen TTL, then a fresh /secure socket that presents it. */
  const run = async () => {
    const issued = await getToken();
    if (issued) connectMine(issued.token, true);
  };
  const connectMine = (token: string | undefined, fresh: boolean) => {
    wb.timeline.goLive();
    if (fresh || !mine) me.start(transports, 'connect /secure');
    me.open(SECURE, token ? { token } : {});
  };
  const connectColleague = async () => {
    const t = tokens.colleague ?? (await issue('colleague', TTL_MAX));
    if (!t) return;
    colleague.start(transports, 'colleague connects /secure');
    colleague.open(SECURE, { token: t.token });
  };
  const revoke = async (rooms: 'leave' | 'keep', disconnect = false) => {
    if (!labBase) return;
    const path = authRevokePath({ user: 'learner', rooms, disconnect: disconnect || undefined });
    mirror.mark(`revoke learner (rooms=${rooms})`, `POST …${path}`);
    const res = await fetch(`${labBase}${path}`, { method: 'POST' });
    setRevokeResult(`${res.status}: ${await res.text()}`);
  };

  const token = tokens.learner;
  return (
    <LiveLayout
      wb={wb}
      onRun={() => void run()}
      run={
        <>
          <label htmlFor={ttlId}>Token TTL (ms)</label>
          <input
            id={ttlId}
            type="number"
            min={500}
            max={TTL_MAX}
            step={500}
            value={ttl}
            onChange={(e) => setTtl(e.currentTarget.value)}
            aria-invalid={ttlError !== null}
            style={{ width: '7rem' }}
          />
          <button
            type="button"
            onClick={() => connectMine(token?.token, false)}
            disabled={!token || mine === 'connected' || !mine}
          >
            Reconnect with the current token
          </button>
          <span className={styles.status} role="status">
            Your /secure socket: {mine ?? 'not started'}
          </span>
        </>
      }
      chart={<NamespaceChart cursor={cursor} prefer="/secure" />}
      settings={<ScenarioPanel state={scenario} transports={SIO_TRANSPORTS} omit={['tokenTtl']} />}
      aside={
        <ApiLog
          notes={[
            ...me.notes.map((n) => ({ id: `m${n.id}`, text: `you: ${n.text}` })),
            ...colleague.notes.map((n) => ({ id: `c${n.id}`, text: `colleague: ${n.text}` })),
          ]}
        />
      }
    >
      {problem ? (
        <p role="alert" className={styles.bad}>
          {problem}
        </p>
      ) : null}
      <div className={styles.controls}>
        <button type="button" onClick={() => void getToken()} disabled={!labBase || !token}>
          Refresh token
        </button>
        {token ? (
          <span className={styles.muted} data-testid="token">
            Token <code>{token.token.slice(0, 8)}…</code> for <code>{token.user}</code>, the server
            says it expires at <code>{new Date(token.exp).toISOString()}</code>.
          </span>
        ) : (
          <span className={styles.muted}>Run asks the lab for a token, then connects with it.</span>
        )}
      </div>
      <div className={styles.controls}>
        <span>Room {ROOM}:</span>
        <button
          type="button"
          onClick={() => void me.emit(SECURE, 'join', [ROOM], true)}
          disabled={mine !== 'connected'}
        >
          You join {ROOM}
        </button>
        <button type="button" onClick={() => void connectColleague()} disabled={!labBase}>
          Connect a colleague
        </button>
        <button
          type="button"
          onClick={() => void colleague.emit(SECURE, 'join', [ROOM], true)}
          disabled={theirs !== 'connected'}
        >
          Colleague joins {ROOM}
        </button>
        <button
          type="button"
          onClick={() =>
            void colleague.emit(
              SECURE,
              'room-chat',
              [{ room: ROOM, msg: `from colleague ${Date.now() % 100000}` }],
              true,
            )
          }
          disabled={theirs !== 'connected'}
        >
          Colleague broadcasts to {ROOM}
        </button>
        <span className={styles.status} role="status">
          Colleague: {theirs ?? 'not started'}
        </span>
      </div>
      <div className={styles.controls}>
        <span>Revoke your permission:</span>
        <button type="button" onClick={() => void revoke('keep')} disabled={!labBase}>
          Revoke (bug: rooms kept)
        </button>
        <button type="button" onClick={() => void revoke('leave')} disabled={!labBase}>
          Revoke (fix: leave rooms)
        </button>
        <button type="button" onClick={() => void revoke('leave', true)} disabled={!labBase}>
          Revoke and disconnect
        </button>
      </div>
      {revokeResult ? (
        <p className={styles.mono} data-testid="revoke-result">
          {revokeResult}
        </p>
      ) : null}
      <section className={styles.card} aria-labelledby="auth-rows">
        <h3 id="auth-rows">/secure on the wire</h3>
        {rows.length === 0 ? (
          <p className={styles.muted}>Nothing yet: press Run.</p>
        ) : (
          <ol className={s.check} style={{ overflowWrap: 'anywhere' }}>
            {rows.map((r) => (
              <li key={`${r.seq}-${r.text}`} data-tone={r.tone}>
                <button type="button" className={s.link} onClick={() => wb.select(r.seq)}>
                  #{r.seq}
                </button>{' '}
                {r.user ?? 'unknown'} · session {r.session} ·{' '}
                {r.dir === 'up' ? 'browser →' : '← server'}{' '}
                <span
                  className={
                    r.tone === 'bad' ? styles.bad : r.tone === 'ok' ? styles.ok : undefined
                  }
                >
                  {r.text}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </LiveLayout>
  );
}
