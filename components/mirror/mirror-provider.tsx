'use client';

import {
  createContext,
  type ReactNode,
  startTransition,
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

/** Opens the page's mirror channel for as long as the provider is mounted. */
export function MirrorProvider({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<MirrorClient | null>(null);
  useEffect(() => {
    const c = new MirrorClient();
    c.connect(mirrorUrl(window.location));
    // The panel mounts below the provider: as a transition, React renders it in slices and
    // yields to the browser between them (an effect's plain setState renders in one block).
    startTransition(() => setClient(c));
    return () => c.dispose();
  }, []);
  if (!client) {
    return (
      <p role="status" aria-live="polite">
        Connecting to the mirror…
      </p>
    );
  }
  return <MirrorContext.Provider value={client}>{children}</MirrorContext.Provider>;
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
