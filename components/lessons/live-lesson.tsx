'use client';

import dynamic from 'next/dynamic';
import { type ComponentType, Suspense } from 'react';
import { MirrorProvider } from '../mirror/mirror-provider';

function Loading() {
  return (
    <p role="status" aria-live="polite">
      Loading the live panel…
    </p>
  );
}

// One chunk per lesson: a lesson page loads its own panel and nothing of the other twelve.
const PANELS: Record<string, ComponentType> = {
  'websocket-handshake': dynamic(
    () => import('./websocket-handshake/handshake-panel').then((m) => m.HandshakePanel),
    { ssr: false, loading: Loading },
  ),
  'websocket-frames': dynamic(
    () => import('./websocket-frames/frames-panel').then((m) => m.FramesPanel),
    { ssr: false, loading: Loading },
  ),
  heartbeat: dynamic(() => import('./heartbeat/heartbeat-panel').then((m) => m.HeartbeatPanel), {
    ssr: false,
    loading: Loading,
  }),
  'socketio-stack': dynamic(
    () => import('./socketio-stack/stack-panel').then((m) => m.StackPanel),
    { ssr: false, loading: Loading },
  ),
  'engineio-upgrade': dynamic(
    () => import('./engineio-upgrade/upgrade-panel').then((m) => m.UpgradePanel),
    { ssr: false, loading: Loading },
  ),
  'long-polling': dynamic(
    () => import('./long-polling/long-polling-panel').then((m) => m.LongPollingPanel),
    { ssr: false, loading: Loading },
  ),
  'polling-sse-websocket': dynamic(
    () => import('./polling-sse-websocket/compare-panel').then((m) => m.ComparePanel),
    { ssr: false, loading: Loading },
  ),
  'rooms-namespaces': dynamic(
    () => import('./rooms-namespaces/rooms-panel').then((m) => m.RoomsPanel),
    { ssr: false, loading: Loading },
  ),
  'reconnect-backoff': dynamic(
    () => import('./reconnect-backoff/reconnect-panel').then((m) => m.ReconnectPanel),
    { ssr: false, loading: Loading },
  ),
  backpressure: dynamic(
    () => import('./backpressure/backpressure-panel').then((m) => m.BackpressurePanel),
    { ssr: false, loading: Loading },
  ),
  'ordering-replay': dynamic(
    () => import('./ordering-replay/ordering-panel').then((m) => m.OrderingPanel),
    { ssr: false, loading: Loading },
  ),
  'delivery-guarantees': dynamic(
    () => import('./delivery-guarantees/delivery-panel').then((m) => m.DeliveryPanel),
    { ssr: false, loading: Loading },
  ),
  'auth-sessions': dynamic(() => import('./auth-sessions/auth-panel').then((m) => m.AuthPanel), {
    ssr: false,
    loading: Loading,
  }),
};

export const LIVE_PANEL_SLUGS: readonly string[] = Object.keys(PANELS);

/** The live panel of a lesson, loaded on its own. Client-only: it opens real connections. */
export function LiveLesson({ slug }: { slug: string }) {
  const Panel = PANELS[slug];
  return (
    <Suspense fallback={<Loading />}>
      <MirrorProvider>
        {Panel ? <Panel /> : <p>This lesson has no live panel yet.</p>}
      </MirrorProvider>
    </Suspense>
  );
}
