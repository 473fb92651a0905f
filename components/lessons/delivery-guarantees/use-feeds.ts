'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LAB_PATHS, type StreamMessage } from '@/lib/lab/endpoints';
import type { CsrClientSocket, LabClientSocket } from '@/lib/lab/socketio-events';
import { emitWithTimeout } from '../../lab-clients/emit-with-timeout';
import type { MirrorClient } from '../../mirror/mirror-client';
import { FEEDS_MARK } from './steps';

export interface FeedState {
  ids: number[];
  connects: number;
  recovered: number;
  connected: boolean;
}

const empty = (): FeedState => ({ ids: [], connects: 0, recovered: 0, connected: false });

function connect(path: string): Socket {
  return io(window.location.origin, { path, transports: ['websocket'] });
}

/** Counts connects; the caller adds the `feed` listener (`onFeed`), typed by its server's map. */
function watch(socket: Socket, state: FeedState): void {
  socket.on('connect', () => {
    state.connects += 1;
    state.connected = true;
    if (socket.recovered) state.recovered += 1;
  });
  socket.on('disconnect', () => {
    state.connected = false;
  });
}

/** A `feed` message (both servers' `/` emit the stream as `feed`). */
function onFeed(state: FeedState): (m: StreamMessage) => void {
  return (m) => {
    if (typeof m?.id === 'number') state.ids.push(m.id);
  };
}

/**
 * Two real socket.io-client sockets on the same numbered stream: one on the plain lab server
 * (`/socket.io/`, no recovery: at-most-once) and one on the server with connection state recovery
 * (`/csr.io/`). Both reconnect by themselves (socket.io-client defaults); the CSR one sends its
 * previous id and offset when it does, and `socket.recovered` says whether the server replayed.
 */
export function useFeeds(mirror: MirrorClient, labBase: string | undefined) {
  const sockets = useRef<{ plain: LabClientSocket; csr: CsrClientSocket } | null>(null);
  const data = useRef({ plain: empty(), csr: empty() });
  const [, setVersion] = useState(0);
  const [windowAck, setWindowAck] = useState<string | null>(null);

  const stop = useCallback(() => {
    const open: Socket[] = sockets.current ? [sockets.current.plain, sockets.current.csr] : [];
    for (const s of open) {
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
      const plain: LabClientSocket = connect(`${labBase}${LAB_PATHS.socketio}`);
      const csr: CsrClientSocket = connect(`${labBase}${LAB_PATHS.csrio}`);
      watch(plain, data.current.plain);
      plain.on('feed', onFeed(data.current.plain));
      watch(csr, data.current.csr);
      csr.on('feed', onFeed(data.current.csr));
      csr.once('connect', () => {
        void emitWithTimeout(csr, 5000, 'csr-window', windowMs)
          .then((ack) =>
            setWindowAck(ack.ok ? `maxDisconnectionDuration = ${ack.window} ms` : ack.error),
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
    void emitWithTimeout(csr, 5000, 'csr-window', ms)
      .then((ack) =>
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
