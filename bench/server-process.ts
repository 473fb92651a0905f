/**
 * The server under test, in its own process (forked by bench/bench-server.ts): a Wire Lab server
 * without pages, so the bench's clients and mirror consumers do not share its thread, as a browser
 * does not. Answers the bench over IPC with what only the server knows: a session's clock origin,
 * its lab node's port, its mirror counters, and how often its sources were told to pause
 * (`session.sink.congested`, sampled). `node --cpu-prof` profiles exactly this process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createWireLabServer } from '../server/app-server';
import { Pauser } from '../server/edge/pauser';
import { createLogger } from '../server/log';
import type { Session } from '../server/sessions';
import type { BenchServerOptions, FromServer, ToServer, WatchResult } from './server-ipc';

const WATCH_MS = 2;

/**
 * Time during which at least one edge source was held for the mirror (Pauser reason 'tap'),
 * measured by wrapping Pauser's methods in this process only (the server's code is unchanged).
 * Sampling `congested` alone understates it: sources stay paused until the backlog is below the
 * low-water mark.
 */
const tapHold = (() => {
  let held = 0;
  let since = 0;
  let total = 0;
  const { pause, resume } = Pauser.prototype;
  Pauser.prototype.pause = function (this: Pauser, reason: string) {
    if (reason === 'tap' && !this.has('tap') && held++ === 0) since = performance.now();
    return pause.call(this, reason);
  };
  Pauser.prototype.resume = function (this: Pauser, reason: string) {
    if (reason === 'tap' && this.has('tap') && --held === 0) total += performance.now() - since;
    return resume.call(this, reason);
  };
  return () => total + (held > 0 ? performance.now() - since : 0);
})();

function send(message: FromServer): void {
  process.send?.(message);
}

/** Samples a session's back-pressure state and the event loop's delay until stopped. */
function watch(session: Session): () => WatchResult {
  const result: WatchResult = {
    samples: 0,
    congested: 0,
    maxQueuedBytes: 0,
    maxQueued: 0,
    loopP50: 0,
    loopP99: 0,
    loopMax: 0,
    ms: 0,
    heldMs: 0,
  };
  const started = performance.now();
  const heldBefore = tapHold();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const timer = setInterval(() => {
    const stats = session.mirrorStats;
    result.samples += 1;
    if (session.sink.congested) result.congested += 1;
    result.maxQueuedBytes = Math.max(result.maxQueuedBytes, stats.queuedBytes);
    result.maxQueued = Math.max(result.maxQueued, stats.queued);
  }, WATCH_MS);
  return () => {
    clearInterval(timer);
    loop.disable();
    result.ms = performance.now() - started;
    result.heldMs = tapHold() - heldBefore;
    result.loopP50 = loop.percentile(50) / 1e6;
    result.loopP99 = loop.percentile(99) / 1e6;
    result.loopMax = loop.max / 1e6;
    return result;
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as BenchServerOptions;
  const server = await createWireLabServer({
    port: 0,
    host: '127.0.0.1',
    next: false,
    graceMs: 0,
    logger: createLogger({ level: 'warn' }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
  });
  const watches = new Map<string, () => WatchResult>();
  process.on('message', async (message: ToServer) => {
    if (message.type === 'close') {
      for (const stop of watches.values()) stop();
      await server.close();
      send({ type: 'closed' });
      // A normal exit, so --cpu-prof writes its profile.
      process.exit(0);
    }
    const session = server.registry.get(message.session);
    if (message.type === 'watch' || message.type === 'unwatch') {
      const result = watches.get(message.session)?.();
      watches.delete(message.session);
      if (message.type === 'watch' && session !== undefined) {
        watches.set(message.session, watch(session));
      }
      send({
        type: 'watch',
        id: message.id,
        ...(result === undefined ? {} : { result }),
        ...(session === undefined ? { error: `no session ${message.session}` } : {}),
      });
      return;
    }
    if (session === undefined) {
      send({ type: 'session', id: message.id, error: `no session ${message.session}` });
      return;
    }
    send({
      type: 'session',
      id: message.id,
      info: {
        t0Epoch: performance.timeOrigin + session.t0,
        labPort: await session.labPort(),
        mirror: session.mirrorStats,
        connections: session.connections,
      },
    });
  });
  send({ type: 'ready', port: server.port });
}

main().catch((error: unknown) => {
  console.error('bench server failed', error);
  process.exit(1);
});
