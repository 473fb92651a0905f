'use client';
/**
 * Keeps one real client open for the scenario's transport. When the transport changes, the old
 * client is closed cleanly and the new one opened in the same session, after a timeline mark
 * "transport → X" (so the diagrams show where the switch happened). Deliveries are batched per
 * animation frame: never one React update per message.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { TRANSPORT_LABELS, type Transport } from '@/lib/scenario/schema';
import { type MirrorClient, wsOrigin } from '../mirror/mirror-client';
import { openTransport } from './open-transport';
import { parseReceived, type Received } from './tally';
import type { TransportClient, TransportStatus, TransportTarget } from './types';

const KEEP = 200;

export interface ApiNote {
  id: number;
  text: string;
}

export interface Burst {
  sent: number;
  /** Last log seq when the burst was sent: later fault events belong to it. */
  fromSeq: number;
  /** Tags received since the burst was sent. */
  tags: number[];
}

export interface TransportRunner {
  status: TransportStatus | 'off';
  detail: string;
  /** The transport of the open client (lags the scenario during a switch). */
  openTransport: Transport | null;
  sendsVia: string;
  received: readonly Received[];
  total: number;
  notes: readonly ApiNote[];
  burst: Burst | null;
  connected: boolean;
  setConnected: (on: boolean) => void;
  send: (text: string) => void;
  sendBurst: (count: number) => void;
}

export function useTransportRunner(
  mirror: MirrorClient,
  transport: Transport,
  /** /lab/<session>, once the mirror said hello. */
  labBase: string | undefined,
  ready: boolean,
): TransportRunner {
  const [connected, setConnected] = useState(true);
  const [status, setStatus] = useState<TransportStatus | 'off'>('off');
  const [detail, setDetail] = useState('');
  const [open, setOpen] = useState<Transport | null>(null);
  const [received, setReceived] = useState<Received[]>([]);
  const [total, setTotal] = useState(0);
  const [notes, setNotes] = useState<ApiNote[]>([]);
  const [burst, setBurst] = useState<Burst | null>(null);
  const client = useRef<TransportClient | null>(null);
  const pending = useRef<string[]>([]);
  const frame = useRef<number | null>(null);
  const count = useRef(0);
  const noteId = useRef(0);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-29), { id, text }]);
  }, []);

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    pending.current = [];
    if (batch.length === 0) return;
    const parsed = batch.map((text) => {
      count.current += 1;
      return parseReceived(count.current, text);
    });
    setReceived((list) => [...list, ...parsed].slice(-KEEP));
    setTotal(count.current);
    const tags = parsed.flatMap((r) => (r.tag === undefined ? [] : [r.tag]));
    if (tags.length > 0) setBurst((b) => (b ? { ...b, tags: [...b.tags, ...tags] } : b));
  }, []);

  const [sendsVia, setSendsVia] = useState('');
  useEffect(() => {
    if (!ready || !connected || !labBase) return;
    const target: TransportTarget = {
      origin: window.location.origin,
      wsOrigin: wsOrigin(window.location),
      labBase,
    };
    let live = true;
    mirror.mark(`transport → ${TRANSPORT_LABELS[transport]}`, `the page opens ${transport}`);
    const c = openTransport(transport, target, {
      status: (s, d) => {
        if (!live) return;
        setStatus(s);
        setDetail(d ?? '');
      },
      message: (text) => {
        if (!live) return;
        pending.current.push(text);
        if (frame.current === null) frame.current = requestAnimationFrame(flush);
      },
      note: (text) => {
        if (live) note(`${TRANSPORT_LABELS[transport]}: ${text}`);
      },
    });
    client.current = c;
    setOpen(transport);
    setSendsVia(c.sendsVia);
    return () => {
      // Report the clean close, then ignore anything the old client says afterwards.
      c.close();
      live = false;
      client.current = null;
      setOpen(null);
      setStatus('off');
    };
  }, [ready, connected, transport, labBase, mirror, note, flush]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const send = useCallback((text: string) => client.current?.send(text), []);
  const sendBurst = useCallback(
    (n: number) => {
      const c = client.current;
      if (!c) return;
      setBurst({ sent: n, fromSeq: mirror.log.at(mirror.log.length - 1)?.seq ?? 0, tags: [] });
      for (let k = 1; k <= n; k++) c.send(`#${k}`);
    },
    [mirror],
  );

  return {
    status,
    detail,
    openTransport: open,
    sendsVia,
    received,
    total,
    notes,
    burst,
    connected,
    setConnected,
    send,
    sendBurst,
  };
}
