'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { configPath, LAB_PATHS } from '@/lib/lab/endpoints';
import type { ApiNote } from '../../lab-clients/use-lab-websocket';
import type { MirrorClient } from '../../mirror/mirror-client';
import { wsOrigin } from '../../mirror/mirror-client';

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

function openSocket(ref: { current: WebSocket | null }): WebSocket | null {
  const ws = ref.current;
  return ws && ws.readyState === WebSocket.OPEN ? ws : null;
}

/** Payload sizes that need the 16-bit (126..65535) and the 64-bit (> 65535) length field. */
export const MEDIUM_SIZE = 300;
export const LARGE_SIZE = 70_000;

/** One real WebSocket to the lab echo server, driven message by message from the lesson. */
export function useFramesSocket(mirror: MirrorClient, labBase: string | undefined) {
  const socketRef = useRef<WebSocket | null>(null);
  const [readyState, setReadyState] = useState<number | null>(null);
  const [notes, setNotes] = useState<ApiNote[]>([]);
  const [serverPings, setServerPingsState] = useState<'off' | 'on' | 'pending' | 'failed'>('off');
  /** What the learner asked for (the checkbox), while the lab server's answer is pending. */
  const [wantPings, setWantPings] = useState(false);
  const noteId = useRef(0);
  const opens = useRef(0);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-19), { id, text }]);
  }, []);

  useEffect(() => () => socketRef.current?.close(1000, 'page left'), []);

  /** Opens a new WebSocket (closing the old one) and sends `first` as a text message once open. */
  const connect = useCallback(
    (first?: string) => {
      if (!labBase) return;
      const old = socketRef.current;
      if (old && old.readyState <= WebSocket.OPEN) old.close(1000, 'reconnect');
      opens.current += 1;
      mirror.mark(`connection ${opens.current}`, 'new WebSocket(…/ws)');
      const ws = new WebSocket(`${wsOrigin(window.location)}${labBase}${LAB_PATHS.ws}`);
      ws.binaryType = 'arraybuffer';
      socketRef.current = ws;
      setReadyState(ws.readyState);
      const mine = () => socketRef.current === ws;
      ws.addEventListener('open', () => {
        if (mine()) setReadyState(ws.readyState);
        note('open');
        if (first !== undefined && mine()) ws.send(first);
      });
      ws.addEventListener('message', (ev) => {
        const what =
          typeof ev.data === 'string'
            ? `text, ${ev.data.length} chars`
            : `binary, ${(ev.data as ArrayBuffer).byteLength} bytes`;
        note(`message event: ${what} (one event per message, however many frames carried it)`);
      });
      ws.addEventListener('error', () => note('error event (the API gives no detail)'));
      ws.addEventListener('close', (ev) => {
        if (mine()) setReadyState(ws.readyState);
        note(
          `close event: code ${ev.code}, wasClean ${ev.wasClean}${ev.reason ? `, reason "${ev.reason}"` : ''}`,
        );
      });
    },
    [labBase, mirror, note],
  );

  const sendText = useCallback((text: string) => {
    openSocket(socketRef)?.send(text);
  }, []);

  const sendBinary = useCallback((size: number) => {
    const ws = openSocket(socketRef);
    if (!ws) return;
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = i & 0xff;
    ws.send(bytes);
  }, []);

  const close = useCallback((code: number, reason: string) => {
    const ws = socketRef.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.close(code, reason);
    setReadyState(ws.readyState);
  }, []);

  /** Turns the lab server's protocol pings (opcode 0x9 every pingInterval) on or off. */
  const setServerPings = useCallback(
    async (on: boolean) => {
      if (!labBase) return;
      setWantPings(on);
      setServerPingsState('pending');
      try {
        const res = await fetch(`${labBase}${configPath({ wsPing: on })}`, { method: 'POST' });
        setServerPingsState(res.ok ? (on ? 'on' : 'off') : 'failed');
        note(`POST …${configPath({ wsPing: on })} → ${res.status}`);
      } catch {
        setServerPingsState('failed');
      }
    },
    [labBase, note],
  );

  return {
    readyStateName: readyState === null ? 'not started' : STATES[readyState],
    isOpen: readyState === 1,
    notes,
    serverPings,
    wantPings,
    connect,
    sendText,
    sendBinary,
    close,
    setServerPings,
  };
}
