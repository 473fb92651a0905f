'use client';

import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Suspense } from 'react';
import { MirrorProvider } from '../mirror/mirror-provider';
import { AuthPanel } from './auth-sessions/auth-panel';
import { BackpressurePanel } from './backpressure/backpressure-panel';
import { DeliveryPanel } from './delivery-guarantees/delivery-panel';
import { UpgradePanel } from './engineio-upgrade/upgrade-panel';
import { HeartbeatPanel } from './heartbeat/heartbeat-panel';
import { LongPollingPanel } from './long-polling/long-polling-panel';
import { OrderingPanel } from './ordering-replay/ordering-panel';
import { ComparePanel } from './polling-sse-websocket/compare-panel';
import { ReconnectPanel } from './reconnect-backoff/reconnect-panel';
import { RoomsPanel } from './rooms-namespaces/rooms-panel';
import { StackPanel } from './socketio-stack/stack-panel';
import { FramesPanel } from './websocket-frames/frames-panel';
import { HandshakePanel } from './websocket-handshake/handshake-panel';

/** Picks the live panel for a lesson slug. Client-only: it opens real connections. */
export function LiveLesson({ slug }: { slug: string }) {
  let panel: React.ReactNode;
  switch (slug) {
    case 'websocket-handshake':
      panel = <HandshakePanel />;
      break;
    case 'websocket-frames':
      panel = <FramesPanel />;
      break;
    case 'heartbeat':
      panel = <HeartbeatPanel />;
      break;
    case 'engineio-upgrade':
      panel = <UpgradePanel />;
      break;
    case 'socketio-stack':
      panel = <StackPanel />;
      break;
    case 'rooms-namespaces':
      panel = <RoomsPanel />;
      break;
    case 'auth-sessions':
      panel = <AuthPanel />;
      break;
    case 'long-polling':
      panel = <LongPollingPanel />;
      break;
    case 'delivery-guarantees':
      panel = <DeliveryPanel />;
      break;
    case 'reconnect-backoff':
      panel = <ReconnectPanel />;
      break;
    case 'polling-sse-websocket':
      panel = <ComparePanel />;
      break;
    case 'backpressure':
      panel = <BackpressurePanel />;
      break;
    case 'ordering-replay':
      panel = <OrderingPanel />;
      break;
    default:
      panel = <p>This lesson has no live panel yet.</p>;
  }
  return (
    <NuqsAdapter>
      <Suspense fallback={<p>Loading the live panel…</p>}>
        <MirrorProvider>{panel}</MirrorProvider>
      </Suspense>
    </NuqsAdapter>
  );
}
