'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { LabClientSocket } from '@/lib/lab/socketio-events';
import type { ApiNote } from '../../lab-clients/use-lab-websocket';
import type { MirrorClient } from '../../mirror/mirror-client';

export const CHAT_PAYLOAD = { msg: 'hello' } as const;

/**
 * Runs the lesson's real socket.io-client: default transports (polling, then the WebSocket upgrade),
 * `chat` emitted right away (buffered until the namespace is joined) and again on `connect`, both
 * with an acknowledgement. "Run again" disconnects the old socket and opens a fresh one.
 */
export function useLabSocketIo(mirror: MirrorClient, labBase: string | undefined) {
  const socketRef = useRef<LabClientSocket | null>(null);
  const [runs, setRuns] = useState(0);
  const [state, setState] = useState('not started');
  const [transport, setTransport] = useState<string | null>(null);
  const [notes, setNotes] = useState<ApiNote[]>([]);
  const noteId = useRef(0);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-19), { id, text }]);
  }, []);

  useEffect(() => () => void socketRef.current?.disconnect(), []);

  const run = useCallback(
    (transports?: string[]) => {
      if (!labBase) return;
      socketRef.current?.disconnect();
      const n = runs + 1;
      setRuns(n);
      mirror.mark(
        `run ${n}`,
        `io(origin, { path: '…/socket.io/', forceNew: true${transports ? `, transports: ${JSON.stringify(transports)}` : ''} }), emit chat`,
      );
      const socket: LabClientSocket = io(window.location.origin, {
        path: `${labBase}${LAB_PATHS.socketio}`,
        forceNew: true,
        reconnection: false,
        ...(transports ? { transports } : {}),
      });
      socketRef.current = socket;
      const mine = () => socketRef.current === socket;
      setState('connecting');
      setTransport(null);
      socket.io.on('open', () => {
        const engine = socket.io.engine;
        if (mine()) setTransport(engine.transport.name);
        note(`run ${n}: Engine.IO open over ${engine.transport.name}`);
        engine.on('upgrade', (t: { name: string }) => {
          if (mine()) setTransport(t.name);
          note(`run ${n}: transport upgraded to ${t.name}`);
        });
      });
      socket.on('connect', () => {
        if (mine()) setState('connected');
        note(`run ${n}: connect (socket.id ${socket.id})`);
        socket.emit('chat', { ...CHAT_PAYLOAD, when: 'after connect' }, (ack) => {
          note(`run ${n}: ack ${JSON.stringify(ack)}`);
        });
      });
      socket.on('welcome', (data) => note(`run ${n}: welcome ${JSON.stringify(data)}`));
      socket.on('chat', (data) => note(`run ${n}: chat echoed ${JSON.stringify(data)}`));
      socket.on('connect_error', (err: Error) => {
        if (mine()) setState('error');
        note(`run ${n}: connect_error ${err.message}`);
      });
      socket.on('disconnect', (reason: string) => {
        if (mine()) setState('disconnected');
        note(`run ${n}: disconnect (${reason})`);
      });
      // Emitted before the connection exists: the client buffers it and sends it over polling.
      socket.emit('chat', { ...CHAT_PAYLOAD, when: 'before connect' }, (ack) => {
        note(`run ${n}: ack ${JSON.stringify(ack)}`);
      });
    },
    [labBase, mirror, note, runs],
  );

  const sendChat = useCallback(
    (msg: string) => {
      const socket = socketRef.current;
      if (!socket?.connected) return;
      socket.emit('chat', { msg }, (ack) => note(`ack ${JSON.stringify(ack)}`));
    },
    [note],
  );

  const disconnect = useCallback(() => socketRef.current?.disconnect(), []);

  return { runs, state, transport, notes, run, sendChat, disconnect };
}
