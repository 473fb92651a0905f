'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { Manager, type Socket } from 'socket.io-client';
import { LAB_PATHS } from '@/lib/lab/endpoints';
import type {
  AckReply,
  ChatClientToServerEvents,
  LabSocketIoNamespace,
  TokenAuth,
} from '@/lib/lab/socketio-events';
import type { MirrorClient } from '../mirror/mirror-client';

export interface SioNote {
  id: number;
  text: string;
}

export type SioState = 'connecting' | 'connected' | 'refused' | 'disconnected';

/** The events a learner's socket emits through `emit` (the same on `/`, `/admin` and `/secure`). */
export type SioChatEvent = keyof ChatClientToServerEvents;
/** An event's arguments before its ack. */
export type SioChatArgs<E extends SioChatEvent> = [Parameters<ChatClientToServerEvents[E]>[0]];
/** What `emit` resolves with: the ack's arguments (none without an ack), null when not connected. */
export type SioChatReply<E extends SioChatEvent> = [AckReply<ChatClientToServerEvents[E]>] | [];

/**
 * The learner's real socket.io-client for lessons 4, 8 and 13: one Manager (one Engine.IO session)
 * with any number of namespace sockets multiplexed on it, no automatic reconnection (every
 * reconnect is a button the learner pressed), and a log of what the library reported.
 */
export function useSioLab(mirror: MirrorClient, labBase: string | undefined) {
  const managerRef = useRef<Manager | null>(null);
  const socketsRef = useRef(new Map<string, Socket>());
  const [states, setStates] = useState<Record<string, SioState>>({});
  const [ids, setIds] = useState<Record<string, string>>({});
  const [transport, setTransport] = useState<string | null>(null);
  const [notes, setNotes] = useState<SioNote[]>([]);
  const noteId = useRef(0);

  const note = useCallback((text: string) => {
    noteId.current += 1;
    const id = noteId.current;
    setNotes((list) => [...list.slice(-29), { id, text }]);
  }, []);
  const setState = useCallback(
    (nsp: string, s: SioState) => setStates((m) => ({ ...m, [nsp]: s })),
    [],
  );

  const closeAll = useCallback(() => {
    for (const s of socketsRef.current.values()) s.disconnect();
    socketsRef.current.clear();
    managerRef.current?.engine?.close();
    managerRef.current = null;
  }, []);
  useEffect(() => closeAll, [closeAll]);

  /** A fresh Manager: the next socket opens a new Engine.IO session. */
  const start = useCallback(
    (transports: string[] | undefined, label: string) => {
      if (!labBase) return null;
      closeAll();
      setStates({});
      setTransport(null);
      mirror.mark(
        label,
        `new Manager(origin, { path: '…/socket.io/'${transports ? `, transports: ${JSON.stringify(transports)}` : ''} })`,
      );
      const manager = new Manager(window.location.origin, {
        path: `${labBase}${LAB_PATHS.socketio}`,
        reconnection: false,
        ...(transports ? { transports } : {}),
      });
      managerRef.current = manager;
      manager.on('open', () => {
        const engine = manager.engine;
        setTransport(engine.transport.name);
        note(`Engine.IO open over ${engine.transport.name}`);
        engine.on('upgrade', (t: { name: string }) => {
          if (managerRef.current === manager) setTransport(t.name);
          note(`transport upgraded to ${t.name}`);
        });
      });
      manager.on('close', (reason: string) => note(`Engine.IO closed (${reason})`));
      return manager;
    },
    [closeAll, labBase, mirror, note],
  );

  /** Opens (or reopens, with new auth) the socket for a namespace on the current Manager. */
  const open = useCallback(
    (nsp: LabSocketIoNamespace, auth?: Partial<TokenAuth>, transports?: string[]) => {
      const manager = managerRef.current ?? start(transports, 'Socket.IO session');
      if (!manager) return;
      const existing = socketsRef.current.get(nsp);
      if (existing) {
        existing.auth = auth ?? {};
        if (!existing.connected) {
          setState(nsp, 'connecting');
          existing.connect();
        }
        return;
      }
      const socket = manager.socket(nsp, auth ? { auth } : {});
      socketsRef.current.set(nsp, socket);
      setState(nsp, 'connecting');
      socket.on('connect', () => {
        setState(nsp, 'connected');
        setIds((m) => ({ ...m, [nsp]: socket.id ?? '' }));
        note(`${nsp}: connect (socket.id ${socket.id})`);
      });
      socket.on('connect_error', (err: Error) => {
        setState(nsp, 'refused');
        note(`${nsp}: connect_error "${err.message}"`);
      });
      socket.on('disconnect', (reason: string) => {
        setState(nsp, 'disconnected');
        note(`${nsp}: disconnect (${reason})`);
      });
      socket.onAny((event: string, ...args: unknown[]) => {
        const shown = args.map((a) => (a instanceof ArrayBuffer ? `<${a.byteLength} B>` : a));
        note(`${nsp}: received "${event}" ${JSON.stringify(shown)}`);
      });
    },
    [note, setState, start],
  );

  /** socket.emit(event, ...args[, ack]) on a namespace; resolves with the ack's arguments. */
  const emit = useCallback(
    <E extends SioChatEvent>(
      nsp: LabSocketIoNamespace,
      event: E,
      args: SioChatArgs<E>,
      withAck: boolean,
    ): Promise<SioChatReply<E> | null> => {
      const socket = socketsRef.current.get(nsp);
      if (!socket?.connected) return Promise.resolve(null);
      if (!withAck) {
        socket.emit(event, ...args);
        return Promise.resolve([]);
      }
      return new Promise((resolve) => {
        socket.emit(event, ...args, (...reply: unknown[]) => {
          const shown = reply.map((a) => (a instanceof ArrayBuffer ? `<${a.byteLength} B>` : a));
          note(`${nsp}: ack for "${event}" ${JSON.stringify(shown)}`);
          resolve(reply as SioChatReply<E>);
        });
      });
    },
    [note],
  );

  const disconnect = useCallback(
    (nsp: LabSocketIoNamespace) => socketsRef.current.get(nsp)?.disconnect(),
    [],
  );

  return { states, ids, transport, notes, note, start, open, emit, disconnect, closeAll };
}

export type SioLab = ReturnType<typeof useSioLab>;
