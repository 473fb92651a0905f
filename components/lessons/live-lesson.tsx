'use client';

import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';

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
    () =>
      Promise.all([import('./live-root'), import('./websocket-handshake/handshake-panel')]).then(
        ([r, m]) => r.withLive(m.HandshakePanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'websocket-frames': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./websocket-frames/frames-panel')]).then(
        ([r, m]) => r.withLive(m.FramesPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  heartbeat: dynamic(
    () =>
      Promise.all([import('./live-root'), import('./heartbeat/heartbeat-panel')]).then(([r, m]) =>
        r.withLive(m.HeartbeatPanel),
      ),
    {
      ssr: false,
      loading: Loading,
    },
  ),
  'socketio-stack': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./socketio-stack/stack-panel')]).then(([r, m]) =>
        r.withLive(m.StackPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'engineio-upgrade': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./engineio-upgrade/upgrade-panel')]).then(
        ([r, m]) => r.withLive(m.UpgradePanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'long-polling': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./long-polling/long-polling-panel')]).then(
        ([r, m]) => r.withLive(m.LongPollingPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'polling-sse-websocket': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./polling-sse-websocket/compare-panel')]).then(
        ([r, m]) => r.withLive(m.ComparePanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'rooms-namespaces': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./rooms-namespaces/rooms-panel')]).then(
        ([r, m]) => r.withLive(m.RoomsPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'reconnect-backoff': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./reconnect-backoff/reconnect-panel')]).then(
        ([r, m]) => r.withLive(m.ReconnectPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  backpressure: dynamic(
    () =>
      Promise.all([import('./live-root'), import('./backpressure/backpressure-panel')]).then(
        ([r, m]) => r.withLive(m.BackpressurePanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'ordering-replay': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./ordering-replay/ordering-panel')]).then(
        ([r, m]) => r.withLive(m.OrderingPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'delivery-guarantees': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./delivery-guarantees/delivery-panel')]).then(
        ([r, m]) => r.withLive(m.DeliveryPanel),
      ),
    { ssr: false, loading: Loading },
  ),
  'auth-sessions': dynamic(
    () =>
      Promise.all([import('./live-root'), import('./auth-sessions/auth-panel')]).then(([r, m]) =>
        r.withLive(m.AuthPanel),
      ),
    {
      ssr: false,
      loading: Loading,
    },
  ),
};

export const LIVE_PANEL_SLUGS: readonly string[] = Object.keys(PANELS);

/**
 * The live panel of a lesson. Client-only (it opens real connections) and loaded after the page:
 * the panel, the mirror and the scenario adapter come in their own chunks, in parallel, so a lesson
 * page's first load carries none of the thirteen panels.
 */
export function LiveLesson({ slug }: { slug: string }) {
  const Panel = PANELS[slug];
  return Panel ? <Panel /> : <p>This lesson has no live panel yet.</p>;
}
