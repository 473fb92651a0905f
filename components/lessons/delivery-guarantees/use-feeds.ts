'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { MirrorClient } from '../../mirror/mirror-client';
import { FEEDS_MARK } from './steps';

export interface FeedState {
  ids: number[];
  connects: number;
  recovered: number;
  connected: boolean;
}

const empty = (): FeedState => ({ ids: [], connects: 0, recovered: 0, connected: false });

function open(path: string, state: FeedState): Socket {
  const socket = io(window.location.origin, { path, transports: ['websocket'] });
  socket.on('connect', () => {
    state.connects += 1;
    state.connected = true;
    if (socket.recovered) state.recovered += 1;
  });
  socket.on('disconnect', () => {
    state.connected = false;
  });
  socket.on('feed', (m: { id?: unknown }) => {
    if (typeof m?.id === 'number') state.ids.push(m.id);
  });
  return socket;
}

/**
 * Two real socket.io-client sockets on the same numbered stream: one on the plain lab server
 * (`/socket.io/`, no recovery: at-most-once) and one on the server with connection state recovery
 * (`/csr.io/`). Both reconnect by themselves (socket.io-client defaults); the CSR one sends its
 * previous id and offset when it does, and `socket.recovered` says whether the server replayed.
 */
export function useFeeds(mirror: MirrorClient, labBase: string | undefined) {
  const sockets = useRef<{ plain: Socket; csr: Socket } | null>(null);
  const data = useRef({ plain: empty(), csr: empty() });
  const [, setVersion] = useState(0);
  const [windowAck, setWindowAck] = useState<string | null>(null);

  const stop = useCallback(() => {
    for (const s of Object.values(sockets.current ?? {})) {
      s.removeAllListeners();
      s.disconnect();
    }
    sockets.current = null;
  }, []);
  useEffect(() => stop, [stop]);
  useEffect(() => {
    const t = setInterval(() => setVersion((v) => v + 1), 250);
    return () => clearInterval(t);
  }, []);

  const start = useCallback(
    (windowMs: number) => {
      if (!labBase) return;
      stop();
      data.current = { plain: empty(), csr: empty() };
      mirror.mark(FEEDS_MARK, 'plain /socket.io/ and /csr.io/ (connectionStateRecovery)');
      const plain = open(`${labBase}${LAB_PATHS.socketio}`, data.current.plain);
      const csr = open(`${labBase}${LAB_PATHS.csrio}`, data.current.csr);
      csr.once('connect', () => {
        void csr
          .timeout(5000)
          .emitWithAck('csr-window', windowMs)
          .then((ack: { ok: boolean; window?: number; error?: string }) =>
            setWindowAck(
              ack.ok ? `maxDisconnectionDuration = ${ack.window} ms` : String(ack.error),
            ),
          )
          .catch(() => setWindowAck('no ack'));
      });
      sockets.current = { plain, csr };
    },
    [labBase, mirror, stop],
  );

  /** Sets the recovery window on the server (applies to recoveries checked from now on). */
  const setWindow = useCallback((ms: number) => {
    const csr = sockets.current?.csr;
    if (!csr?.connected) return;
    void csr
      .timeout(5000)
      .emitWithAck('csr-window', ms)
      .then((ack: { ok: boolean; window?: number }) =>
        setWindowAck(ack.ok ? `maxDisconnectionDuration = ${ack.window} ms` : 'refused'),
      )
      .catch(() => setWindowAck('no ack'));
  }, []);

  return {
    start,
    setWindow,
    running: sockets.current !== null,
    plain: data.current.plain,
    csr: data.current.csr,
    windowAck,
  };
}
