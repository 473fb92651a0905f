/**
 * A page's mirror client for the benches: one worker thread per consumer (bench/consumer-worker.ts)
 * reads and dissects everything the session's mirror sends, as the page's dissect worker does, off
 * the thread that drives the bench's traffic. Also the session's key cookie, for lab requests.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MIRROR_PATH } from '../lib/mirror/protocol';
import { DEFAULT_SCENARIO, type Scenario } from '../lib/scenario/schema';
import type { BenchServer } from './bench-server';
import type {
  ConsumerStats,
  FloodKind,
  FloodResult,
  FromConsumer,
  Hello,
  ToConsumer,
} from './consumer-protocol';

export type { ConsumerStats } from './consumer-protocol';

export interface MirrorConsumer extends Hello {
  /** Headers a lab request of this session carries (its key cookie). */
  headers: Record<string, string>;
  labPort: number;
  /** The session's clock now (ms since it started), from this thread. */
  now(): number;
  stats(): Promise<ConsumerStats>;
  /** Dissect every batch (default) or only read them (diagnostics). */
  dissect(on: boolean): Promise<void>;
  /** Starts sampling mirror lag of WebSocket frames tapped from now on. */
  startLag(): Promise<void>;
  /** The samples (ms, sorted) since startLag. */
  takeLags(): Promise<number[]>;
  /** Applies a scenario as the page does (defaults + overrides) and waits for the edge's echo. */
  setScenario(overrides: Partial<Scenario>): Promise<void>;
  /** Starts a flood on this session's lab path from the consumer's thread or process. */
  flood(kind: FloodKind, path: string): Promise<void>;
  /** Stops the floods. */
  unflood(): Promise<FloodResult>;
  /** Waits (up to 10 s) until the server's queue is empty and this consumer has read all it sent. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/** A ToConsumer without its id (Omit distributed over the union). */
type Request = ToConsumer extends infer M ? (M extends ToConsumer ? Omit<M, 'id'> : never) : never;

/** Where a consumer runs: a thread of this process, or a process of its own. */
interface Host {
  post(message: ToConsumer): void;
  onMessage(listener: (message: FromConsumer) => void): void;
  stop(): Promise<void>;
}

const ENTRY = path.join(__dirname, 'consumer-worker.ts');

/** A worker thread whose entry registers tsx first (a worker does not inherit tsx's loader). */
function threadHost(): Host {
  const tsx = require.resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(ENTRY)});`;
  const worker = new Worker(bootstrap, { eval: true, name: 'mirror consumer' });
  worker.on('error', (error) => console.error('mirror consumer failed', error));
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** A forked process at the given niceness (0-19): a page on another machine, roughly. */
function processHost(nice: number): Host {
  const child = fork(ENTRY, [], {
    execArgv: process.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid !== undefined) os.setPriority(child.pid, nice);
  return {
    post: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface ConsumerOptions {
  /** Run in a process of its own at this niceness instead of a thread of this process. */
  nice?: number;
}

export async function openConsumer(
  server: BenchServer,
  options: ConsumerOptions = {},
): Promise<MirrorConsumer> {
  const host = options.nice === undefined ? threadHost() : processHost(options.nice);
  let nextId = 1;
  const waiting = new Map<number, (message: FromConsumer) => void>();
  host.onMessage((message) => {
    const done = waiting.get(message.id);
    waiting.delete(message.id);
    done?.(message);
  });
  const ask = (message: Request) =>
    new Promise<FromConsumer>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (answer) =>
        answer.type === 'error' ? reject(new Error(answer.message)) : resolve(answer),
      );
      host.post({ ...message, id } as ToConsumer);
    });
  const opened = await ask({ type: 'open', url: `ws://127.0.0.1:${server.port}${MIRROR_PATH}` });
  if (opened.type !== 'hello')
    throw new Error(`mirror consumer: expected hello, got ${opened.type}`);
  const hello = opened.hello;
  const info = await server.session(hello.session);
  await ask({ type: 'clock', t0Epoch: info.t0Epoch });
  const stats = async () => {
    const answer = await ask({ type: 'stats' });
    if (answer.type !== 'stats') throw new Error('mirror consumer: expected stats');
    return answer.stats;
  };
  const now = () => performance.timeOrigin + performance.now() - info.t0Epoch;
  return {
    ...hello,
    headers: hello.cookie === '' ? {} : { cookie: hello.cookie },
    labPort: info.labPort,
    now,
    stats,
    async dissect(on) {
      await ask({ type: 'dissect', on });
    },
    async startLag() {
      await ask({ type: 'lag', since: now() });
    },
    async takeLags() {
      const answer = await ask({ type: 'take-lags' });
      if (answer.type !== 'lags') throw new Error('mirror consumer: expected lags');
      return Array.from(answer.lags).sort((a, b) => a - b);
    },
    async setScenario(overrides) {
      const before = (await stats()).notices.scenario ?? 0;
      const scenario = { ...DEFAULT_SCENARIO, ...overrides };
      await ask({ type: 'send', message: JSON.stringify({ type: 'scenario', scenario }) });
      const deadline = performance.now() + 5_000;
      while (((await stats()).notices.scenario ?? 0) <= before) {
        if (performance.now() > deadline) throw new Error('scenario not echoed within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async flood(kind, labPath) {
      await ask({ type: 'flood', kind, port: server.port, path: labPath });
    },
    async unflood() {
      const answer = await ask({ type: 'unflood' });
      if (answer.type !== 'flooded') throw new Error('mirror consumer: expected flooded');
      return answer.result;
    },
    async caughtUp() {
      const deadline = performance.now() + 10_000;
      while (performance.now() < deadline) {
        const [server_, mine] = await Promise.all([server.session(hello.session), stats()]);
        if (server_.mirror.queued === 0 && mine.batchBytes >= server_.mirror.sentBytes) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await ask({ type: 'close' }).catch(() => {});
      await host.stop();
    },
  };
}
