import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { appHeartbeatMachine } from './app-heartbeat';
import { chartOf } from './chart';
import { layoutChart } from './chart-layout';
import { heartbeatMachine } from './heartbeat';
import { longPollMachine } from './long-poll';
import { socketIoConnectionMachine } from './socketio-connection';
import { sseStreamMachine } from './sse-stream';

const machines: [string, AnyStateMachine][] = [
  ['heartbeat', heartbeatMachine],
  ['appHeartbeat', appHeartbeatMachine],
  ['longPoll', longPollMachine],
  ['sse', sseStreamMachine],
  ['sio', socketIoConnectionMachine],
];

describe('stream machine charts', () => {
  for (const [name, machine] of machines) {
    it(`lays out every state and targeted transition of ${name} inside its size`, () => {
      const chart = chartOf(machine);
      const layout = layoutChart(chart, { width: 900 });
      expect(layout.nodes.map((n) => n.id)).toEqual(chart.nodes.map((n) => n.id));
      const targeted = chart.edges.filter((e) => !e.targetless).map((e) => e.id);
      expect(layout.edges.map((e) => e.id)).toEqual(targeted);
      for (const box of layout.nodes) {
        expect(box.x + box.w).toBeLessThanOrEqual(layout.width);
        expect(box.y + box.h).toBeLessThanOrEqual(layout.height);
      }
    });

    it(`describes every state of ${name} for the diagram`, () => {
      const missing = chartOf(machine).nodes.filter((n) => !n.description);
      expect(missing.map((n) => n.id)).toEqual([]);
    });
  }
});
