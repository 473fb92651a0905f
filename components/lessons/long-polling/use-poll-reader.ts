'use client';
/**
 * The page's long-poll reader for lesson 6: plain `GET /poll?cursor=N&wait=<hold>` (poll-client.ts)
 * or socket.io-client with `transports: ['polling']`. Counts what the client API delivered; sends
 * are `POST /poll` (plain) or `socket.emit('chat')` (Socket.IO, a POST of an Engine.IO payload).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { publishText, startPolling } from '../../lab-clients/poll-client';
import { wsOrigin } from '../../mirror/mirror-client';
import { openSocketIo } from '../../transports/open-socketio';

export type PollTransport = 'long-polling' | 'socketio-polling';

export interface PollReader {
  status: string;
  received: number;
  send: (text: string) => void;
}

export function usePollReader(
  labBase: string | undefined,
  transport: PollTransport,
  hold: number,
  /** 0 until the learner presses Run; each Run starts a fresh reader. */
  run: number,
): PollReader {
  const [status, setStatus] = useState('closed');
  const [received, setReceived] = useState(0);
  const sender = useRef<((text: string) => void) | null>(null);

  useEffect(() => {
    if (!labBase || run === 0) return;
    setStatus('connecting');
    if (transport === 'long-polling') {
      const stop = startPolling({
        labBase,
        waitMs: hold,
        onMessages: (list) => setReceived((n) => n + list.length),
        onStatus: setStatus,
      });
      sender.current = (text) => {
        publishText(labBase, text).catch((err: Error) => setStatus(`POST failed: ${err.message}`));
      };
      return () => {
        stop();
        sender.current = null;
      };
    }
    const client = openSocketIo(
      'socketio-polling',
      { origin: window.location.origin, wsOrigin: wsOrigin(window.location), labBase },
      {
        status: (s, detail) => setStatus(detail ? `${s} (${detail})` : s),
        message: () => setReceived((n) => n + 1),
        note: () => {},
      },
    );
    sender.current = client.send;
    return () => {
      client.close();
      sender.current = null;
    };
  }, [labBase, transport, hold, run]);

  const send = useCallback((text: string) => sender.current?.(text), []);
  return { status, received, send };
}
