'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { ADMIN_TOKEN, LAB_NAMESPACES } from '@/lib/lab/endpoints';
import { itemsOf } from '@/lib/live/append-list';
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
import { ChecklistCard } from './checklist-card';
import { EnvelopeTable, LayerView } from './layer-view';
import { PlainWsCards, usePlainWebSocket } from './plain-ws';
import { checklistFold, emitTraceFold } from './stack-fold';
import { stackProofs, stackSteps } from './steps';

/** The token the lab's `/admin` middleware accepts (server/lab/socketio-app.ts). */

/** Lesson 4: one emit traced down Socket.IO → Engine.IO → transport → bytes, from the capture. */
export function StackPanel() {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const labBase = status.state === 'open' ? status.labBase : undefined;
  const lab = useSioLab(mirror, labBase);
  const plain = usePlainWebSocket(mirror, labBase);
  const wb = useWorkbench(undefined, 0.1);
  const scenario = useSyncedScenario();
  const transports = clientTransports(scenario.scenario.transport);
  const [message, setMessage] = useState('hello');
  const msgId = useId();
  const [picked, setPicked] = useState<number | null>(null);

  const cursor = cursorIndex(wb.timeline);
  const traces = itemsOf(useFoldAt(emitTraceFold, cursor).traces);
  const checklist = useFoldAt(checklistFold, cursor);
  const latestChat = traces.findLastIndex(
    (t) => t.dir === 'up' && (t.sio.type === 'EVENT' || t.sio.type === 'BINARY_EVENT'),
  );
  const shownIndex = picked !== null && picked < traces.length ? picked : latestChat;
  const shown = shownIndex >= 0 ? traces[shownIndex] : undefined;

  const root = lab.states['/'];
  const admin = lab.states[LAB_NAMESPACES.admin];
  const connected = root === 'connected';

  useReportSteps(stackProofs(useLiveFold(stackSteps)));

  // Run: a new session, namespace '/', and one emit (no ack) once the namespace is joined.
  const emitOnConnect = useRef(false);
  const connect = () => {
    setPicked(null);
    wb.timeline.goLive();
    emitOnConnect.current = true;
    lab.start(transports, 'run');
    lab.open('/');
  };
  useTransportSwitch(
    mirror,
    scenario.scenario.transport,
    connected || root === 'connecting',
    connect,
  );
  const emitChat = (withAck: boolean) => {
    setPicked(null);
    void lab.emit('/', 'chat', [{ msg: message }], withAck);
  };
  const emitRef = useRef(emitChat);
  emitRef.current = emitChat;
  useEffect(() => {
    if (root !== 'connected' || !emitOnConnect.current) return;
    emitOnConnect.current = false;
    emitRef.current(false);
  }, [root]);
  const emitBinary = () => {
    setPicked(null);
    const bytes = new TextEncoder().encode(message);
    void lab.emit('/', 'chat', [bytes.buffer], true);
  };

  return (
    <LiveLayout
      wb={wb}
      onRun={connect}
      run={
        <>
          <label htmlFor={msgId}>Message</label>
          <input
            id={msgId}
            type="text"
            value={message}
            maxLength={200}
            onChange={(e) => setMessage(e.currentTarget.value)}
            size={12}
          />
          <span className={styles.status} role="status">
            Namespace /: {root ?? 'not started'}
            {lab.transport ? ` · transport ${lab.transport}` : ''}
          </span>
        </>
      }
      chart={<NamespaceChart cursor={cursor} prefer="/" />}
      settings={<ScenarioPanel state={scenario} transports={SIO_TRANSPORTS} />}
      aside={<ApiLog notes={lab.notes} />}
    >
      <p className={styles.muted}>
        Run calls{' '}
        <code>
          new Manager(origin, {'{'} path: '…/socket.io/'
          {transports ? `, transports: ${JSON.stringify(transports)}` : ''} {'}'}).socket('/')
        </code>{' '}
        (
        {transports
          ? 'the transport chosen under “Faults and transport”'
          : 'default transports: polling, then the upgrade'}
        ) and, once connected,{' '}
        <code>
          socket.emit('chat', {'{'} msg {'}'})
        </code>
        . Emit chat (with ack) calls{' '}
        <code>
          socket.emit('chat', {'{'} msg {'}'}, ack)
        </code>
        ; Emit binary sends the message’s UTF-8 bytes as an <code>ArrayBuffer</code>.
      </p>
      <div className={styles.controls}>
        <button type="button" onClick={() => emitChat(true)} disabled={!connected}>
          Emit chat (with ack)
        </button>
        <button type="button" onClick={() => emitChat(false)} disabled={!connected}>
          Emit chat (no ack)
        </button>
        <button type="button" onClick={emitBinary} disabled={!connected}>
          Emit binary
        </button>
        <button type="button" onClick={() => lab.disconnect('/')} disabled={!connected}>
          Disconnect /
        </button>
      </div>
      <div className={styles.controls}>
        <span>Namespace /admin on the same session:</span>
        <button type="button" onClick={() => lab.open(LAB_NAMESPACES.admin)} disabled={!root}>
          Join /admin without a token
        </button>
        <button
          type="button"
          onClick={() => lab.open(LAB_NAMESPACES.admin, { token: ADMIN_TOKEN })}
          disabled={!root}
        >
          Join /admin with the token
        </button>
        <button
          type="button"
          onClick={() => void lab.emit(LAB_NAMESPACES.admin, 'chat', [{ msg: message }], true)}
          disabled={admin !== 'connected'}
        >
          Emit chat on /admin
        </button>
        <span className={styles.status} role="status">
          Namespace /admin: {admin ?? 'not joined'}
        </span>
      </div>

      <LayerView trace={shown} onSelect={wb.select} />
      <EnvelopeTable traces={traces} selected={shownIndex} onPick={setPicked} />
      <ChecklistCard checklist={checklist} onSelect={wb.select} />
      <div className={styles.controls}>
        <span>A plain WebSocket to the Socket.IO path:</span>
        <button type="button" onClick={() => plain.run('eio')} disabled={!labBase}>
          Plain WebSocket with EIO=4
        </button>
        <button type="button" onClick={() => plain.run('no-eio')} disabled={!labBase}>
          Plain WebSocket without EIO
        </button>
      </div>
      <PlainWsCards cursor={cursor} onSelect={wb.select} notes={plain.notes} />
    </LiveLayout>
  );
}
