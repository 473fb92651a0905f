/**
 * Starts bench/server-process.ts (the Wire Lab server, no pages) as a child process and talks to it
 * over IPC. BENCH_PROFILE=<dir> runs it under `node --cpu-prof` and writes the profile there when
 * the server closes (open it in Chrome DevTools › Performance, or read it with bench/profile-top.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type {
  BenchServerOptions,
  FromServer,
  SessionInfo,
  ToServer,
  WatchResult,
} from './server-ipc';

export interface BenchServer {
  port: number;
  pid: number;
  /** What the server knows of a session (clock origin, lab port, mirror counters). */
  session(id: string): Promise<SessionInfo>;
  /** Starts sampling the session's back-pressure (see server-process.ts). */
  watch(id: string): Promise<void>;
  /** Stops sampling; what it saw. */
  unwatch(id: string): Promise<WatchResult | undefined>;
  close(): Promise<void>;
}

export async function startBenchServer(
  options: BenchServerOptions = {},
  profileName = 'server',
): Promise<BenchServer> {
  const profileDir = process.env.BENCH_PROFILE;
  const profile =
    profileDir === undefined || profileDir === ''
      ? []
      : // One file per thread (tsx's loader runs on its own): the main thread's is the largest.
        ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, profileName)}`];
  const child: ChildProcess = fork(path.join(__dirname, 'server-process.ts'), [], {
    execArgv: [...process.execArgv, ...profile],
    env: { ...process.env, BENCH_SERVER_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  type Reply = FromServer & { type: 'session' | 'watch' };
  const waiting = new Map<number, (message: Reply) => void>();
  let onClosed: (() => void) | null = null;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.on('message', (message: FromServer) => {
      if (message.type === 'ready') resolve(message.port);
      else if (message.type === 'closed') onClosed?.();
      else waiting.get(message.id)?.(message);
    });
  });
  child.removeAllListeners('exit');
  const ask = (message: ToServer) => child.send(message);
  const request = (type: 'session' | 'watch' | 'unwatch', session: string) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        resolve(reply);
      });
      ask({ type, id, session });
    });
  const session = async (id: string) => {
    const reply = await request('session', id);
    if (reply.type === 'session' && reply.info !== undefined) return reply.info;
    throw new Error(reply.error ?? 'no answer');
  };
  return {
    port,
    pid: child.pid ?? -1,
    session,
    async watch(id) {
      await request('watch', id);
    },
    async unwatch(id) {
      const reply = await request('unwatch', id);
      return reply.type === 'watch' ? reply.result : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        onClosed = () => {};
        ask({ type: 'close' });
      }),
  };
}
