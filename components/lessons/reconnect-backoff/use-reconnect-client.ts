'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { createActor } from 'xstate';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { LabClientSocket } from '@/lib/lab/socketio-events';
import { type BackoffSettings, type PlannedAttempt, seededSchedule } from '@/lib/machines/backoff';
import { reconnectMachine } from '@/lib/machines/reconnect';
import type { MirrorClient } from '../../mirror/mirror-client';

type ReconnectActor = ReturnType<typeof createActor<typeof reconnectMachine>>;
export type ReconnectSnapshot = ReturnType<ReconnectActor['getSnapshot']>;

export interface ClientNote {
  id: number;
  text: string;
}

/**
 * The learner's real socket.io-client with its own reconnection turned off: the reconnect machine
 * drives it instead, waiting each delay of the seeded schedule (drawn before the outage) and then
 * calling `socket.connect()`. Its URL carries `who=you` so its handshakes can be told apart from
 * the simulated clients' on the wire.
 */
export function useReconnectClient(
  mirror: MirrorClient,
  labBase: string | undefined,
  settings: BackoffSettings,
  seed: number,
) {
  const socketRef = useRef<LabClientSocket | null>(null);
  const actorRef = useRef<ReconnectActor | null>(null);
  const settingsRef = useRef({ settings, seed });
  settingsRef.current = { settings, seed };
  const [snapshot, setSnapshot] = useState<ReconnectSnapshot | null>(null);
  const [plan, setPlan] = useState<PlannedAttempt[] | null>(null);
  const [notes, setNotes] = useState<ClientNote[]>([]);
  /** Times the socket reported `connect` (the first connect and every reconnect). */
  const [connects, setConnects] = useState(0);
  const noteId = useRef(0);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-19), { id, text }]);
  }, []);

  const stop = useCallback(() => {
    actorRef.current?.stop();
    actorRef.current = null;
    socketRef.current?.removeAllListeners();
    socketRef.current?.disconnect();
    socketRef.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const connect = useCallback(() => {
    if (!labBase) return;
    stop();
    setPlan(null);
    mirror.mark(
      'your client connects',
      "io(origin, { transports: ['websocket'], reconnection: false })",
    );
    const socket: LabClientSocket = io(window.location.origin, {
      path: `${labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      query: { who: 'you' },
    });
    socketRef.current = socket;
    const actor = createActor(
      reconnectMachine.provide({
        actions: {
          attempt: ({ context }) => {
            note(`attempt ${context.attempt}: socket.connect()`);
            socket.connect();
          },
        },
      }),
    );
    actorRef.current = actor;
    actor.subscribe((s) => setSnapshot(s));
    actor.start();
    socket.on('connect', () => {
      note(`connect (socket.id ${socket.id})`);
      setConnects((n) => n + 1);
      actor.send({ type: 'OK' });
    });
    socket.on('connect_error', (err: Error) => {
      note(`connect_error "${err.message}"`);
      actor.send({ type: 'FAIL', error: err.message });
    });
    socket.on('disconnect', (reason: string) => {
      note(`disconnect (${reason})`);
      if (reason === 'io client disconnect') return;
      const { settings: s, seed: sd } = settingsRef.current;
      const outage = actor.getSnapshot().context.outages + 1;
      const schedule = seededSchedule(s, sd, outage);
      setPlan(schedule);
      actor.send({ type: 'DROP', delays: schedule.map((p) => p.delay) });
    });
  }, [labBase, mirror, note, stop]);

  return { connect, snapshot, plan, notes, connects };
}
