'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { configPath, LAB_PATHS, type WsClientMessage, type WsHbAck } from '@/lib/lab/endpoints';
import type { LabClientSocket } from '@/lib/lab/socketio-events';
import type { Transport } from '@/lib/scenario/schema';
import type { ApiNote } from '../../lab-clients/use-lab-websocket';
import type { MirrorClient } from '../../mirror/mirror-client';
import { wsOrigin } from '../../mirror/mirror-client';

/** The page's own app-level heartbeat on the raw WebSocket (its choice, shown on the page). */
export const APP_HB = { interval: 2000, timeout: 1500, maxMissed: 2 } as const;
/** Delay before the page's raw WebSocket reconnects (Socket.IO uses its own backoff, set below). */
export const WS_RECONNECT_MS = 1000;

const SIO_TRANSPORTS: Partial<Record<Transport, string[]>> = {
  'socketio-websocket': ['websocket'],
  'socketio-polling': ['polling'],
};

/**
 * The lesson's client: socket.io-client (reconnection on) or a raw WebSocket with the lab's
 * protocol pings switched on and an app-level heartbeat that gives up after APP_HB.maxMissed
 * missing acks and reconnects.
 */
export function useHeartbeatClient(mirror: MirrorClient, labBase: string | undefined) {
  const [running, setRunning] = useState<Transport | null>(null);
  const [state, setState] = useState('not started');
  const [notes, setNotes] = useState<ApiNote[]>([]);
  const noteId = useRef(0);
  const stopRef = useRef<(() => void) | null>(null);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-29), { id, text }]);
  }, []);

  const stop = useCallback(() => {
    stopRef.current?.();
    stopRef.current = null;
    setRunning(null);
    setState('stopped');
  }, []);

  useEffect(() => () => stopRef.current?.(), []);

  const startSocketIo = useCallback(
    (base: string, transport: Transport) => {
      const transports = SIO_TRANSPORTS[transport];
      mirror.mark(
        'start',
        `io(…, { reconnection: true${transports ? `, transports: ${JSON.stringify(transports)}` : ''} })`,
      );
      const socket: LabClientSocket = io(window.location.origin, {
        path: `${base}${LAB_PATHS.socketio}`,
        forceNew: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 2000,
        ...(transports ? { transports } : {}),
      });
      setState('connecting');
      socket.on('connect', () => {
        setState('connected');
        note(`connect (socket.id ${socket.id})`);
      });
      socket.on('disconnect', (reason: string) => {
        setState('disconnected');
        note(`disconnect: "${reason}"`);
      });
      socket.io.on('reconnect_attempt', (n: number) => {
        setState('reconnecting');
        note(`reconnect attempt ${n}`);
      });
      socket.on('connect_error', (err: Error) => note(`connect_error: ${err.message}`));
      return () => socket.disconnect();
    },
    [mirror, note],
  );

  const startWebSocket = useCallback(
    (base: string) => {
      let stopped = false;
      let ws: WebSocket | null = null;
      let beat: ReturnType<typeof setInterval> | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let n = 0;
      const outstanding = new Map<number, number>();
      let missedInRow = 0;
      const connect = () => {
        if (stopped) return;
        mirror.mark('connect', 'new WebSocket(…/ws), hb every 2 s');
        const sock = new WebSocket(`${wsOrigin(window.location)}${base}${LAB_PATHS.ws}`);
        ws = sock;
        setState('connecting');
        outstanding.clear();
        missedInRow = 0;
        const giveUp = (why: string) => {
          if (ws !== sock) return;
          clearInterval(beat);
          ws = null;
          note(`${why}: the page gives up on this connection and reconnects`);
          setState('reconnecting');
          sock.close(4000, 'heartbeat lost');
          retry = setTimeout(connect, WS_RECONNECT_MS);
        };
        sock.addEventListener('open', () => {
          if (ws !== sock) return;
          setState('connected');
          note('open');
          beat = setInterval(() => {
            if (ws !== sock || sock.readyState !== WebSocket.OPEN) return;
            const now = performance.now();
            for (const [k, sentAt] of outstanding) {
              if (now - sentAt >= APP_HB.timeout) {
                outstanding.delete(k);
                missedInRow += 1;
                note(`hb ${k}: no ack within ${APP_HB.timeout} ms`);
              }
            }
            if (missedInRow >= APP_HB.maxMissed) {
              giveUp(`${missedInRow} acks missed in a row`);
              return;
            }
            n += 1;
            outstanding.set(n, now);
            sock.send(JSON.stringify({ type: 'hb', n } satisfies WsClientMessage));
          }, APP_HB.interval);
        });
        sock.addEventListener('message', (ev) => {
          if (typeof ev.data !== 'string') return;
          try {
            const msg = JSON.parse(ev.data) as Partial<WsHbAck>;
            if (msg.type === 'hb-ack' && typeof msg.n === 'number' && outstanding.delete(msg.n)) {
              missedInRow = 0;
            }
          } catch {
            // not a heartbeat
          }
        });
        sock.addEventListener('close', (ev) => {
          note(`close event: code ${ev.code}${ev.reason ? ` "${ev.reason}"` : ''}`);
          if (ws !== sock) return;
          clearInterval(beat);
          ws = null;
          setState('reconnecting');
          retry = setTimeout(connect, WS_RECONNECT_MS);
        });
      };
      void fetch(`${base}${configPath({ wsPing: true })}`, { method: 'POST' })
        .then((res) => note(`POST …/config?wsPing=1 → ${res.status} (server protocol pings on)`))
        .catch(() => note('POST …/config?wsPing=1 failed'))
        .finally(connect);
      return () => {
        stopped = true;
        clearInterval(beat);
        clearTimeout(retry);
        ws?.close(1000, 'stopped');
        ws = null;
      };
    },
    [mirror, note],
  );

  const start = useCallback(
    (transport: Transport) => {
      if (!labBase) return;
      stopRef.current?.();
      stopRef.current =
        transport === 'websocket' ? startWebSocket(labBase) : startSocketIo(labBase, transport);
      setRunning(transport);
    },
    [labBase, startSocketIo, startWebSocket],
  );

  return { running, state, notes, start, stop };
}
