'use client';

import { type ComponentType, startTransition, useEffect, useState } from 'react';

function Loading() {
  return (
    <p role="status" aria-live="polite">
      Loading the live panel…
    </p>
  );
}

type PanelLoader = () => Promise<ComponentType>;

// One chunk per lesson: a lesson page loads its own panel and nothing of the other twelve.
const PANELS: Record<string, PanelLoader> = {
  'websocket-handshake': () =>
    import('./websocket-handshake/handshake-panel').then((m) => m.HandshakePanel),
  'websocket-frames': () => import('./websocket-frames/frames-panel').then((m) => m.FramesPanel),
  heartbeat: () => import('./heartbeat/heartbeat-panel').then((m) => m.HeartbeatPanel),
  'socketio-stack': () => import('./socketio-stack/stack-panel').then((m) => m.StackPanel),
  'engineio-upgrade': () => import('./engineio-upgrade/upgrade-panel').then((m) => m.UpgradePanel),
  'long-polling': () => import('./long-polling/long-polling-panel').then((m) => m.LongPollingPanel),
  'polling-sse-websocket': () =>
    import('./polling-sse-websocket/compare-panel').then((m) => m.ComparePanel),
  'rooms-namespaces': () => import('./rooms-namespaces/rooms-panel').then((m) => m.RoomsPanel),
  'reconnect-backoff': () =>
    import('./reconnect-backoff/reconnect-panel').then((m) => m.ReconnectPanel),
  backpressure: () => import('./backpressure/backpressure-panel').then((m) => m.BackpressurePanel),
  'ordering-replay': () => import('./ordering-replay/ordering-panel').then((m) => m.OrderingPanel),
  'delivery-guarantees': () =>
    import('./delivery-guarantees/delivery-panel').then((m) => m.DeliveryPanel),
  'auth-sessions': () => import('./auth-sessions/auth-panel').then((m) => m.AuthPanel),
};

export const LIVE_PANEL_SLUGS: readonly string[] = Object.keys(PANELS);

/** Lets the browser run other tasks (input, paint) before the next piece of start-up work. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The panel wrapped in its live root. The live root (mirror, scenario adapter) is fetched and
 * evaluated first, then, after a yield, the panel: the two share modules, so fetched together their
 * modules would be evaluated in one long task when the shared chunk arrives.
 */
async function loadPanel(load: PanelLoader): Promise<ComponentType> {
  const root = await import('./live-root');
  await yieldToBrowser();
  const panel = await load();
  return root.withLive(panel);
}

/**
 * The live panel of a lesson. Client-only (it opens real connections) and loaded after the page:
 * the panel, the mirror and the scenario adapter come in their own chunks, so a lesson page's
 * first load carries none of the thirteen panels. Once its modules are in, the panel mounts in a
 * transition: React renders a transition in slices and yields to the browser between them, so
 * mounting the diagram, the statechart and the cards does not block input for their whole
 * duration. The server's HTML holds the same "Loading" line, and the live column reserves the
 * panel's space.
 */
export function LiveLesson({ slug }: { slug: string }) {
  const load = PANELS[slug];
  const [Panel, setPanel] = useState<ComponentType | null>(null);
  useEffect(() => {
    if (!load) return;
    let live = true;
    loadPanel(load).then(
      (P) => {
        if (live) startTransition(() => setPanel(() => P));
      },
      (error: unknown) => {
        // A chunk that fails to load (offline, a new deploy): say so where the panel would be.
        const message = error instanceof Error ? error.message : String(error);
        if (live)
          setPanel(() => () => (
            <p role="alert">
              The live panel could not load ({message}). Reload the page to try again.
            </p>
          ));
      },
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (!load) return <p>This lesson has no live panel yet.</p>;
  return Panel ? <Panel /> : <Loading />;
}
