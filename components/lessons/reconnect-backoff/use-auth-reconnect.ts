'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { Manager } from 'socket.io-client';
import { createActor } from 'xstate';
import {
  authTokenPath,
  LAB_NAMESPACES,
  LAB_PATHS,
  type PollResponse,
  pollPath,
  type StreamStatus,
  streamStartPath,
  type TokenResponse,
} from '@/lib/lab/endpoints';
import type { LabClientSocket, TokenAuth } from '@/lib/lab/socketio-events';
import { type BackoffSettings, seededSchedule } from '@/lib/machines/backoff';
import { reconnectMachine } from '@/lib/machines/reconnect';
import type { MirrorClient } from '../../mirror/mirror-client';

const FIRST_TTL = 4000;
const REFRESHED_TTL = 600_000;
const ROOMS = ['a'];

/**
 * The auth-aware reconnect: a `/secure` socket with a short-lived token. When the token expires the
 * server disconnects it (`auth-expired`, `io server disconnect`); the reconnect machine attempts
 * with the old token and gets CONNECT_ERROR `token expired`; the client then asks for a new token
 * (`POST …/auth/token`), retries with it, rejoins its rooms once connected and resumes the numbered
 * stream from the last id it saw (`GET …/poll?cursor=<last id>`: the server replays from its buffer).
 */
export function useAuthReconnect(
  mirror: MirrorClient,
  labBase: string | undefined,
  settings: BackoffSettings,
  seed: number,
) {
  const socketRef = useRef<LabClientSocket<'/secure'> | null>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const settingsRef = useRef({ settings, seed });
  settingsRef.current = { settings, seed };
  const [steps, setSteps] = useState<{ id: number; text: string }[]>([]);
  const [state, setState] = useState<string | null>(null);
  const stepId = useRef(0);
  const lastSeq = useRef(0);
  const step = useCallback((text: string) => {
    stepId.current += 1;
    const id = stepId.current;
    setSteps((list) => [...list.slice(-19), { id, text }]);
  }, []);
  useEffect(() => () => stopRef.current?.(), []);

  const token = useCallback(
    async (ttl: number): Promise<string | null> => {
      if (!labBase) return null;
      const res = await fetch(`${labBase}${authTokenPath({ user: 'learner', ttl })}`, {
        method: 'POST',
      });
      if (!res.ok) return null;
      return ((await res.json()) as TokenResponse).token;
    },
    [labBase],
  );

  /** Catches up on the numbered stream from the last id this client saw (GET …/poll?cursor=). */
  const resume = useCallback(async () => {
    if (!labBase) return;
    const from = lastSeq.current;
    const res = await fetch(`${labBase}${pollPath({ cursor: from, wait: 0 })}`);
    if (res.status === 204) return step(`resumed from #${from}: nothing missed`);
    if (!res.ok) return step(`resume refused: ${res.status}`);
    const body = (await res.json()) as PollResponse;
    lastSeq.current = body.cursor;
    const ids = body.messages.map((m) => m.id);
    step(`resumed from #${from}: ${ids.length} missed (#${ids[0]} … #${ids.at(-1)})`);
  }, [labBase, step]);

  const start = useCallback(async () => {
    if (!labBase) return;
    stopRef.current?.();
    setSteps([]);
    const status = await fetch(`${labBase}${streamStartPath({ rate: 5, size: 60 })}`, {
      method: 'POST',
    });
    lastSeq.current =
      ((await status.json().catch(() => ({}))) as Partial<StreamStatus>).lastId ?? 0;
    const first = await token(FIRST_TTL);
    if (!first) return step('could not get a token');
    step(`token issued, expires in ${FIRST_TTL} ms`);
    mirror.mark('auth-aware reconnect', `/secure with a ${FIRST_TTL} ms token`);
    const manager = new Manager(window.location.origin, {
      path: `${labBase}${LAB_PATHS.socketio}`,
      transports: ['websocket'],
      reconnection: false,
      query: { who: 'you' },
    });
    const socket: LabClientSocket<'/secure'> = manager.socket(LAB_NAMESPACES.secure, {
      auth: { token: first } satisfies TokenAuth,
    });
    socketRef.current = socket;
    const actor = createActor(
      reconnectMachine.provide({
        actions: {
          attempt: ({ context }) => {
            step(`attempt ${context.attempt}`);
            socket.connect();
          },
        },
      }),
    );
    actor.subscribe((s) => setState(String(s.value)));
    actor.start();
    socket.on('connect', () => {
      step('connected');
      actor.send({ type: 'OK' });
      for (const room of ROOMS) {
        socket.emit('join', room, (ack) => {
          step(`joined room ${room}: ${ack.ok ? `rooms ${JSON.stringify(ack.rooms)}` : 'refused'}`);
          void resume();
        });
      }
    });
    socket.on('auth-expired', () => step('server: auth-expired'));
    socket.on('disconnect', (reason: string) => {
      step(`disconnect (${reason})`);
      if (reason === 'io client disconnect') return;
      const { settings: s, seed: sd } = settingsRef.current;
      const outage = actor.getSnapshot().context.outages + 1;
      actor.send({ type: 'DROP', delays: seededSchedule(s, sd, outage).map((p) => p.delay) });
    });
    socket.on('connect_error', (err: Error) => {
      step(`CONNECT_ERROR "${err.message}"`);
      if (err.message === 'token expired' || err.message === 'token revoked') {
        void token(REFRESHED_TTL).then((fresh) => {
          if (fresh) {
            socket.auth = { token: fresh } satisfies TokenAuth;
            step('token refreshed (POST …/auth/token)');
          }
          actor.send({ type: 'FAIL', error: err.message });
        });
      } else {
        actor.send({ type: 'FAIL', error: err.message });
      }
    });
    stopRef.current = () => {
      actor.stop();
      socket.removeAllListeners();
      socket.disconnect();
      manager.engine?.close();
    };
  }, [labBase, mirror, resume, step, token]);

  return { start, steps, state };
}
