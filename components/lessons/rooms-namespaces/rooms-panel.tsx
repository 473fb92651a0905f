'use client';

import { useId, useRef, useState } from 'react';
import { clientsPath, LAB_NAMESPACES, LAB_PATHS } from '@/lib/lab/endpoints';
import { ScenarioPanel } from '../../controls/scenario-panel';
import { useSyncedScenario } from '../../controls/use-synced-scenario';
import { clientTransports, SIO_TRANSPORTS } from '../../lab-clients/sio-transports';
import { useSioLab } from '../../lab-clients/use-sio-lab';
import { useTransportSwitch } from '../../lab-clients/use-transport-switch';
import { useReportSteps } from '../../lesson/lesson-steps';
import { LiveLayout } from '../../lesson/live-layout';
import { cursorIndex, useFoldAt, useLiveFold } from '../../lesson/use-live-fold';
import { useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import { useWorkbench } from '../../workbench/use-workbench';
import { ApiLog } from '../shared/api-log';
import { NamespaceChart } from '../shared/namespace-chart';
import styles from '../shared/panel.module.css';
import { fanOutViewOf, roomsFanOutFold } from './fanout-fold';
import { FanOutCard } from './fanout-view';
import { roomsProofs, roomsSteps } from './steps';

/** Lesson 8: your socket and simulated ones, rooms joined on the wire, a broadcast's fan-out. */
export function RoomsPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const lab = useSioLab(mirror, labBase);
  const wb = useWorkbench();
  const scenario = useSyncedScenario();
  const transports = clientTransports(scenario.scenario.transport);
  const ids = { room: useId(), sims: useId(), simRooms: useId(), msg: useId() };
  const [room, setRoom] = useState('a');
  const [simCount, setSimCount] = useState(3);
  const [simRooms, setSimRooms] = useState('a');
  const [message, setMessage] = useState('hi room');
  const [simResult, setSimResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [ackText, setAckText] = useState<string | null>(null);
  const counter = useRef(0);

  // The fan-out up to the timeline cursor, each event folded once (fanout-fold.ts).
  const cursor = cursorIndex(wb.timeline);
  const view = fanOutViewOf(useFoldAt(roomsFanOutFold, cursor));
  useReportSteps(roomsProofs(useLiveFold(roomsSteps)));
  const root = lab.states['/'];
  const admin = lab.states[LAB_NAMESPACES.admin];
  const connected = root === 'connected';

  const connect = () => {
    wb.timeline.goLive();
    lab.start(transports, 'your client connects');
    lab.open('/');
  };

  useTransportSwitch(
    mirror,
    scenario.scenario.transport,
    connected || root === 'connecting',
    connect,
  );

  const sims = async (method: 'POST' | 'DELETE', quiet = false) => {
    if (!labBase) return;
    const path =
      method === 'POST'
        ? clientsPath({ n: simCount, rooms: simRooms.split(',') })
        : LAB_PATHS.clients;
    mirror.mark(
      method === 'POST' ? `start ${simCount} simulated clients` : 'stop simulated clients',
      `${method} …${path}`,
    );
    try {
      const res = await fetch(`${labBase}${path}`, { method });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) {
        setSimResult({
          ok: false,
          text: `${res.status}: ${String(body.error ?? body.message ?? res.statusText)}`,
        });
      } else if (method === 'POST') {
        setSimResult({
          ok: true,
          text: `started ${(body.started as unknown[] | undefined)?.length ?? 0}; ${String(body.running)} running (cap ${String(body.cap)})`,
        });
      } else if (!quiet) {
        setSimResult({ ok: true, text: `stopped ${String(body.stopped)}` });
      }
    } catch (err) {
      setSimResult({ ok: false, text: String(err) });
    }
  };

  /** Run: your socket connects, and a fresh set of simulated clients joins their rooms. */
  const run = async () => {
    connect();
    await sims('DELETE', true);
    if (simCount > 0) await sims('POST');
  };

  const broadcast = async () => {
    counter.current += 1;
    const msg = `${message} #${counter.current}`;
    setAckText(null);
    const reply = await lab.emit('/', 'room-chat', [{ room, msg }], true);
    if (reply) setAckText(`server’s ack: ${JSON.stringify(reply[0])}`);
  };

  return (
    <LiveLayout
      wb={wb}
      onRun={() => void run()}
      run={
        <>
          <label htmlFor={ids.sims}>Simulated clients</label>
          <input
            id={ids.sims}
            type="number"
            min={0}
            max={60}
            value={simCount}
            onChange={(e) => setSimCount(Number(e.currentTarget.value))}
            style={{ width: '4.5rem' }}
          />
          <label htmlFor={ids.simRooms}>in rooms</label>
          <input
            id={ids.simRooms}
            type="text"
            value={simRooms}
            size={8}
            onChange={(e) => setSimRooms(e.currentTarget.value)}
          />
          <span className={styles.status} role="status">
            Your socket: {root ?? 'not started'}
            {lab.ids['/'] ? ` · id ${lab.ids['/']}` : ''}
          </span>
        </>
      }
      chart={<NamespaceChart cursor={cursor} prefer="/" />}
      settings={<ScenarioPanel state={scenario} transports={SIO_TRANSPORTS} />}
      aside={<ApiLog notes={lab.notes} />}
    >
      <section className={styles.card} aria-labelledby="rooms-actions-heading">
        <h3 id="rooms-actions-heading">Your socket: rooms and namespaces</h3>
        <div className={styles.controls}>
          <label htmlFor={ids.room}>Room</label>
          <input
            id={ids.room}
            type="text"
            value={room}
            maxLength={40}
            size={8}
            onChange={(e) => setRoom(e.currentTarget.value)}
          />
          <button
            type="button"
            onClick={() => void lab.emit('/', 'join', [room], true)}
            disabled={!connected}
          >
            Join room
          </button>
          <button
            type="button"
            onClick={() => void lab.emit('/', 'leave', [room], true)}
            disabled={!connected}
          >
            Leave room
          </button>
          <label htmlFor={ids.msg}>Message</label>
          <input
            id={ids.msg}
            type="text"
            value={message}
            maxLength={100}
            size={10}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          <button type="button" onClick={() => void broadcast()} disabled={!connected}>
            Broadcast to room
          </button>
        </div>
        {ackText ? <p data-testid="broadcast-ack">{ackText}</p> : null}
        <div className={styles.controls}>
          <span>Namespace as a boundary:</span>
          <button type="button" onClick={() => lab.open(LAB_NAMESPACES.admin)} disabled={!root}>
            Join /admin without a token
          </button>
          <span className={styles.status} role="status">
            Namespace /admin: {admin ?? 'not joined'}
          </span>
        </div>
        <div className={styles.controls}>
          <button type="button" onClick={() => void sims('POST')} disabled={!labBase}>
            Start simulated clients
          </button>
          <button type="button" onClick={() => void sims('DELETE')} disabled={!labBase}>
            Stop simulated clients
          </button>
          {simResult ? (
            <span
              role={simResult.ok ? 'status' : 'alert'}
              className={simResult.ok ? styles.status : styles.bad}
            >
              {simResult.ok ? '' : 'Refused: '}
              {simResult.text}
            </span>
          ) : null}
        </div>
        <p className={styles.muted}>
          Simulated clients are real <code>socket.io-client</code> sockets run by the lab server (
          <code>POST …/clients?n=&amp;rooms=</code>); they connect through the same edge as your
          browser, so their frames are tapped the same way, and each emits <code>join</code> for its
          rooms after connecting. Broadcast calls{' '}
          <code>
            socket.emit('room-chat', {'{'} room, msg {'}'}, ack)
          </code>
          ; the server calls <code>nsp.to(room).emit('room-chat', …)</code>.
        </p>
      </section>
      <FanOutCard view={view} mine={lab.ids['/']} onSelect={wb.select} />
    </LiveLayout>
  );
}
