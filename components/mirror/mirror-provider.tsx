'use client';

import {
  createContext,
  type ReactNode,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import type { EventLog } from '@/lib/mirror/event-log';
import {
  type EdgeState,
  MirrorClient,
  type MirrorNotice,
  type MirrorStatus,
  mirrorUrl,
} from './mirror-client';

const MirrorContext = createContext<MirrorClient | null>(null);
const ReplayContext = createContext<((file: File) => void) | null>(null);

/** Capture files are refused past this size (the page dissects them in memory). */
export const MAX_REPLAY_BYTES = 512 * 1024 * 1024;

/**
 * Opens the page's mirror channel for as long as the provider is mounted. A capture file dropped
 * on the page (or opened from the mirror bar) replaces it: the live session is let go and the
 * file is replayed offline through the same dissector and views (remounted, so no view mixes the
 * two).
 */
export function MirrorProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<MirrorClient | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const c = new MirrorClient();
    c.connect(mirrorUrl(window.location));
    // The panel mounts below the provider: as a transition, React renders it in slices and
    // yields to the browser between them (an effect's plain setState renders in one block).
    startTransition(() => setClient(c));
    return () => c.dispose();
  }, []);
  const replay = useCallback((file: File) => {
    if (file.size > MAX_REPLAY_BYTES) {
      window.alert(
        `${file.name} is ${file.size} B; the page replays captures up to ${MAX_REPLAY_BYTES} B.`,
      );
      return;
    }
    void file.arrayBuffer().then((bytes) => {
      const c = new MirrorClient();
      c.replay(bytes, file.name);
      setClient((old) => {
        old?.dispose();
        return c;
      });
      setGeneration((g) => g + 1);
    });
  }, []);
  useEffect(() => {
    // Drop a capture anywhere on the page.
    const over = (ev: DragEvent) => {
      if (ev.dataTransfer?.types.includes('Files')) ev.preventDefault();
    };
    const drop = (ev: DragEvent) => {
      const file = ev.dataTransfer?.files[0];
      if (file === undefined) return;
      ev.preventDefault();
      replay(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [replay]);
  if (!client) {
    return (
      <p role="status" aria-live="polite">
        Connecting to the mirror…
      </p>
    );
  }
  return (
    <ReplayContext.Provider value={replay}>
      <MirrorContext.Provider value={client} key={generation}>
        {children}
      </MirrorContext.Provider>
    </ReplayContext.Provider>
  );
}

/** Replays a capture file in place of the live mirror (null outside a provider). */
export function useReplayCapture(): ((file: File) => void) | null {
  return useContext(ReplayContext);
}

export function useMirror(): MirrorClient {
  const c = useContext(MirrorContext);
  if (!c) throw new Error('useMirror must be used inside <MirrorProvider>');
  return c;
}

export function useMirrorStatus(): MirrorStatus {
  const c = useMirror();
  return useSyncExternalStore(
    c.subscribe,
    () => c.status,
    () => c.status,
  );
}

export function useMirrorNotices(): readonly MirrorNotice[] {
  const c = useMirror();
  return useSyncExternalStore(
    c.subscribe,
    () => c.notices,
    () => c.notices,
  );
}

/**
 * The event log and its version. The component re-renders once per appended batch (the client
 * appends at most once per animation frame). Read events through `log` during render.
 */
export function useEventLog(): { log: EventLog; version: number } {
  const { log } = useMirror();
  const version = useSyncExternalStore(
    (l) => log.subscribe(l),
    () => log.version,
    () => log.version,
  );
  return { log, version };
}

/** The faults the edge reports in force (null until it has echoed a scenario). */
export function useEdgeScenario() {
  const c = useMirror();
  return useSyncExternalStore(
    c.subscribe,
    () => c.edgeScenario,
    () => c.edgeScenario,
  );
}

/** Whether the edge has yet to confirm the last scenario, and its last refusal. */
export function useEdgeState(): EdgeState {
  const c = useMirror();
  return useSyncExternalStore(
    c.subscribe,
    () => c.edge,
    () => c.edge,
  );
}

/** WebSocket frames the server left out of this session's capture (its mirror budget). */
export function useThinned(): { frames: number; bytes: number } {
  const c = useMirror();
  return useSyncExternalStore(
    c.subscribe,
    () => c.thinned,
    () => c.thinned,
  );
}
