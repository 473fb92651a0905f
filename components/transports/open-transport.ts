/** Opens the real client for a scenario transport. */
import type { Transport } from '@/lib/scenario/schema';
import { openLongPolling } from './open-long-polling';
import { openSocketIo } from './open-socketio';
import { openSse } from './open-sse';
import { openWebSocket } from './open-websocket';
import type { TransportClient, TransportEvents, TransportTarget } from './types';

export function openTransport(
  transport: Transport,
  target: TransportTarget,
  on: TransportEvents,
): TransportClient {
  switch (transport) {
    case 'websocket':
      return openWebSocket(target, on);
    case 'socketio':
    case 'socketio-websocket':
    case 'socketio-polling':
      return openSocketIo(transport, target, on);
    case 'long-polling':
      return openLongPolling(target, on);
    case 'sse':
      return openSse(target, on);
  }
}
