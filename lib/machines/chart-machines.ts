/**
 * Every machine drawn by a `<Statechart>` (grep `<Statechart` in components/), with the layout
 * direction that reads best for it. `scripts/layout-statecharts.ts` lays each out with ELK into
 * `lib/machines/layouts/<id>.json`; chart-machines.test.ts fails when a committed layout is stale.
 */
import type { AnyStateMachine } from 'xstate';
import { appHeartbeatMachine } from './app-heartbeat';
import { engineIoTransportMachine } from './engineio-transport';
import { heartbeatMachine } from './heartbeat';
import { longPollMachine } from './long-poll';
import { queueWatermarkMachine } from './queue-watermark';
import { reconnectMachine } from './reconnect';
import { reorderWindowMachine } from './reorder-window';
import { socketIoConnectionMachine } from './socketio-connection';
import { sseStreamMachine } from './sse-stream';
import { wsConnectionMachine } from './ws-connection';

export interface ChartMachine {
  machine: AnyStateMachine;
  direction: 'DOWN' | 'RIGHT';
}

export const CHART_MACHINES: readonly ChartMachine[] = [
  { machine: wsConnectionMachine, direction: 'DOWN' },
  { machine: reorderWindowMachine, direction: 'DOWN' },
  { machine: sseStreamMachine, direction: 'DOWN' },
  { machine: longPollMachine, direction: 'RIGHT' },
  { machine: reconnectMachine, direction: 'DOWN' },
  { machine: socketIoConnectionMachine, direction: 'DOWN' },
  { machine: queueWatermarkMachine, direction: 'DOWN' },
  { machine: engineIoTransportMachine, direction: 'DOWN' },
  { machine: heartbeatMachine, direction: 'DOWN' },
  { machine: appHeartbeatMachine, direction: 'DOWN' },
];
