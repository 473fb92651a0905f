import type { Transport } from '@/lib/scenario/schema';

/** The transports lesson 5 applies to: the three ways to configure socket.io-client. */
export const SIO_TRANSPORTS: readonly Transport[] = [
  'socketio',
  'socketio-websocket',
  'socketio-polling',
];

/** socket.io-client `transports` for a scenario transport; undefined = the library default. */
export function clientTransports(transport: Transport): string[] | undefined {
  if (transport === 'socketio-websocket') return ['websocket'];
  if (transport === 'socketio-polling') return ['polling'];
  return undefined;
}
