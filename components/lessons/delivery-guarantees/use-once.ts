'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { LAB_NAMESPACES, LAB_PATHS } from '@/lib/lab/endpoints';
import type { CsrClientSocket, OnceAuth, OnceStats } from '@/lib/lab/socketio-events';
import { emitWithTimeout } from '../../lab-clients/emit-with-timeout';

export interface OnceRun {
  sent: number;
  attempts: number;
  acked: number;
  gaveUp: number;
  server: OnceStats | null;
}

/**
 * Ack + retry + dedup: each message `msg {id}` is emitted with an ack and a timeout; no ack in time
 * → the same id is sent again (at-least-once), up to `retries` times. The server (`/once`) keeps
 * the ids it has seen and counts repeats (dedup), so the app handles each id once.
 */
export function useOnce(labBase: string | undefined) {
  const socketRef = useRef<CsrClientSocket<'/once'> | null>(null);
  const nextId = useRef(1);
  const totals = useRef<OnceRun>({ sent: 0, attempts: 0, acked: 0, gaveUp: 0, server: null });
  const [run, setRun] = useState<OnceRun | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(
    () => () => {
      socketRef.current?.disconnect();
    },
    [],
  );

  const socket = useCallback(() => {
    if (!labBase) return null;
    if (!socketRef.current) {
      const cid = `page-${Math.random().toString(36).slice(2, 10)}`;
      socketRef.current = io(`${window.location.origin}${LAB_NAMESPACES.once}`, {
        path: `${labBase}${LAB_PATHS.csrio}`,
        transports: ['websocket'],
        auth: { cid } satisfies OnceAuth,
      });
    }
    return socketRef.current;
  }, [labBase]);

  const send = useCallback(
    async (count: number, ackTimeout: number, retries: number) => {
      const s = socket();
      if (!s) return;
      setBusy(true);
      // Totals over every batch of this page (the server's counts are per client, cumulative too).
      const r: OnceRun = totals.current;
      // The server's counts are read when the batch has settled; until then the old ones would
      // show this batch's unsettled messages as lost.
      r.server = null;
      setRun({ ...r });
      for (let i = 0; i < count; i += 1) {
        const id = nextId.current;
        nextId.current += 1;
        r.sent += 1;
        let ok = false;
        for (let attempt = 0; attempt <= retries && !ok; attempt += 1) {
          r.attempts += 1;
          try {
            await emitWithTimeout(s, ackTimeout, 'msg', { id });
            ok = true;
          } catch {
            // no ack in time: send the same id again
          }
        }
        if (ok) r.acked += 1;
        else r.gaveUp += 1;
        setRun({ ...r });
      }
      try {
        r.server = await emitWithTimeout(s, 5000, 'once-stats');
      } catch {
        r.server = null;
      }
      setRun({ ...r });
      setBusy(false);
    },
    [socket],
  );

  return { send, run, busy };
}
