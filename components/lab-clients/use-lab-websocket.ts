'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type { MirrorClient } from '../mirror/mirror-client';
import { wsOrigin } from '../mirror/mirror-client';

/** What the page's own WebSocket API reported (not wire data: the browser's view of it). */
export interface ApiNote {
  id: number;
  text: string;
}

export const DEMO_TEXT = 'hello';
export const DEMO_BINARY = new Uint8Array([0x00, 0x01, 0x02, 0xfe, 0xff]);

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

/** What the WebSocket API reported for one run: all JavaScript can know about the handshake. */
export interface ApiResult {
  run: number;
  opened: boolean;
  error: boolean;
  closeCode?: number;
  wasClean?: boolean;
}

/**
 * Runs the lesson's real WebSocket: open → send a text and a binary message → (optionally, after
 * both echoes came back) close with 1000. Each run is a fresh connection in the same session.
 */
export function useLabWebSocket(mirror: MirrorClient, labBase: string | undefined) {
  const socketRef = useRef<WebSocket | null>(null);
  const [runs, setRuns] = useState(0);
  const [readyState, setReadyState] = useState<number | null>(null);
  const [notes, setNotes] = useState<ApiNote[]>([]);
  const [result, setResult] = useState<ApiResult | null>(null);
  const noteId = useRef(0);
  const autoCloseRef = useRef(true);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-19), { id, text }]);
  }, []);

  useEffect(() => () => socketRef.current?.close(1000, 'page left'), []);

  const run = useCallback(
    (autoClose: boolean) => {
      if (!labBase) return;
      autoCloseRef.current = autoClose;
      const old = socketRef.current;
      if (old && old.readyState <= WebSocket.OPEN) old.close(1000, 'run again');
      const n = runs + 1;
      setRuns(n);
      mirror.mark(`run ${n}`, 'new WebSocket(…/ws), send text + binary');
      const ws = new WebSocket(`${wsOrigin(window.location)}${labBase}${LAB_PATHS.ws}`);
      ws.binaryType = 'arraybuffer';
      socketRef.current = ws;
      setReadyState(ws.readyState);
      setResult({ run: n, opened: false, error: false });
      const update = (patch: Partial<ApiResult>) =>
        setResult((r) => (r && r.run === n ? { ...r, ...patch } : r));
      let echoes = 0;
      const mine = () => socketRef.current === ws;
      ws.addEventListener('open', () => {
        if (mine()) setReadyState(ws.readyState);
        update({ opened: true });
        note(`run ${n}: open (protocol "${ws.protocol}", extensions "${ws.extensions}")`);
        ws.send(DEMO_TEXT);
        ws.send(DEMO_BINARY);
      });
      ws.addEventListener('message', (ev) => {
        echoes += 1;
        const what =
          typeof ev.data === 'string'
            ? `text ${JSON.stringify(ev.data)}`
            : `binary ${(ev.data as ArrayBuffer).byteLength} bytes`;
        note(`run ${n}: message ${what}`);
        if (autoCloseRef.current && echoes === 2 && ws.readyState === WebSocket.OPEN) {
          ws.close(1000, 'done');
          if (mine()) setReadyState(ws.readyState);
        }
      });
      ws.addEventListener('error', () => {
        update({ error: true });
        note(`run ${n}: error event (the API gives no detail)`);
      });
      ws.addEventListener('close', (ev) => {
        if (mine()) setReadyState(ws.readyState);
        update({ closeCode: ev.code, wasClean: ev.wasClean });
        note(
          `run ${n}: close code ${ev.code}, wasClean ${ev.wasClean}${ev.reason ? `, reason "${ev.reason}"` : ''}`,
        );
      });
    },
    [labBase, mirror, note, runs],
  );

  const sendText = useCallback((text: string) => {
    const ws = socketRef.current;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
  }, []);

  const close = useCallback(() => {
    const ws = socketRef.current;
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.close(1000, 'closed by you');
      setReadyState(ws.readyState);
    }
  }, []);

  return {
    runs,
    readyState,
    readyStateName: readyState === null ? 'not started' : STATES[readyState],
    notes,
    result,
    run,
    sendText,
    close,
  };
}
