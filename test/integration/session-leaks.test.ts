/**
 * "Nothing outlives its session" (issue 9), by counting: 200 sessions, each using every lab
 * endpoint (lab-workout.ts: raw WebSockets, Socket.IO over polling and websocket, /csr.io/, SSE,
 * long poll, /feed, /secure, simulated clients, restart-node), a quarter of them ended while a step
 * is in flight, leave behind no session, lab node, lab http.Server, Socket.IO server, lab timer,
 * adapter interval or simulated client (live-resources counters), no active timer or TCP handle
 * beyond the ones there before (process.getActiveResourcesInfo()), and no reachable Session or
 * LabNode after a full GC (WeakRefs). No durations are measured.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireLabServer } from '../../server/app-server';
import {
  activeResources,
  forceGc,
  LIVE_KINDS,
  liveCounts,
  uncollected,
  watchCollection,
} from '../../server/live-resources';
import { runSessions, STEPS, WORKOUT_SERVER } from './lab-workout';
import { startServer } from './mirror-client';

const SESSIONS = 200;
const CONCURRENCY = 8;
/** What keeps the event loop alive and belongs to the server or its clients. */
const HANDLES = ['Timeout', 'TCPServerWrap', 'TCPSocketWrap'];

function handles(): Record<string, number> {
  const all = activeResources();
  return Object.fromEntries(HANDLES.map((type) => [type, all[type] ?? 0]));
}

/**
 * read() once it equals `expected`, or its last value after `attempts` checks 100 ms apart
 * (closes finish on both ends a little after a session has ended). No timer of its own is pending
 * while read() runs, so it does not count itself.
 */
async function settled<T>(read: () => T, expected: T, attempts = 100): Promise<T> {
  let value = read();
  for (let i = 0; i < attempts && !isDeepStrictEqual(value, expected); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = read();
  }
  return value;
}

let server: WireLabServer;

beforeAll(async () => {
  watchCollection(true);
  server = await startServer(WORKOUT_SERVER);
});

afterAll(async () => {
  await server?.close();
  watchCollection(false);
});

describe('session end', () => {
  it(`leaves nothing registered after ${SESSIONS} sessions used every lab endpoint`, async () => {
    const zero = Object.fromEntries(LIVE_KINDS.map((kind) => [kind, 0]));
    expect(liveCounts()).toEqual(zero);
    const baseline = handles();

    // Three in four run to the end; every fourth session ends while step k is in flight.
    await runSessions(server, SESSIONS, CONCURRENCY, (i) =>
      i % 4 === 3 ? { cutAt: ((i - 3) / 4) % STEPS.length } : {},
    );

    expect(server.registry.size).toBe(0);
    expect(liveCounts()).toEqual(zero);
    // Back to the baseline: no type counts more than before (a transient timer of the test
    // runner's may have been pending when the baseline was taken).
    const over = () =>
      Object.entries(handles())
        .filter(([type, n]) => n > (baseline[type] ?? 0))
        .map(([type, n]) => `${type}: ${n} (before: ${baseline[type] ?? 0})`);
    expect(await settled(over, [])).toEqual([]);
    const left = await settled(() => {
      forceGc();
      return uncollected();
    }, {});
    expect(left).toEqual({});
  }, 120_000);
});
