import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { appHeartbeatMachine } from './app-heartbeat';
import { chartOf } from './chart';
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
    it(`describes every state of ${name} for the diagram`, () => {
      const missing = chartOf(machine).nodes.filter((n) => !n.description);
      expect(missing.map((n) => n.id)).toEqual([]);
    });
  }
});
