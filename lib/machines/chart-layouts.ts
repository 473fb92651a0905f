/**
 * The committed ELK layouts of every statechart (written by `npm run layout:charts`), looked up by
 * machine id. Plain JSON: importing this pulls no layout engine into the page.
 */
import type { ChartLayout } from './chart-metrics';
import appHeartbeat from './layouts/appHeartbeat.json';
import eio from './layouts/eio.json';
import heartbeat from './layouts/heartbeat.json';
import longPoll from './layouts/longPoll.json';
import queue from './layouts/queue.json';
import reconnect from './layouts/reconnect.json';
import reorder from './layouts/reorder.json';
import sio from './layouts/sio.json';
import sse from './layouts/sse.json';
import ws from './layouts/ws.json';

const LAYOUTS: readonly ChartLayout[] = [
  ws,
  reorder,
  sse,
  longPoll,
  reconnect,
  sio,
  queue,
  eio,
  heartbeat,
  appHeartbeat,
] as ChartLayout[];

const byId = new Map(LAYOUTS.map((l) => [l.id, l]));

/** The layout of the machine with this id, or undefined if `npm run layout:charts` never saw it. */
export function chartLayoutOf(machineId: string): ChartLayout | undefined {
  return byId.get(machineId);
}

export const CHART_LAYOUT_IDS: readonly string[] = LAYOUTS.map((l) => l.id);
