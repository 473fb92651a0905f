/**
 * The tap engine that decodes on a worker thread. The proxy thread only copies tapped chunks into
 * one buffer per tick and posts it; the worker decodes and serializes, and the events come back to
 * each session in tap order. If the worker falls behind by more than highWaterBytes, `congested`
 * turns true and the edge pauses the sockets it reads until the worker catches up: the capture
 * stays complete and traffic slows, instead of memory growing.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Dir, Hop, UnstampedEvent } from '../../lib/mirror/types';
import { log } from '../log';
import { type DecoderFactory, InlineEngine, type TapEngine, type TapTarget } from './engine';
import type { TapBatch, TapRecord, TapResult } from './messages';

function here(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
}

export interface WorkerEngineOptions {
  highWaterBytes?: number;
  lowWaterBytes?: number;
  /** Decoders for the inline fallback if the worker dies. */
  fallbackDecoders: DecoderFactory;
}

export class WorkerEngine implements TapEngine {
  /** Public for tests (terminating it exercises the inline fallback). */
  readonly worker: Worker;
  private records: TapRecord[] = [];
  private chunks: Uint8Array[] = [];
  private pendingBytes = 0;
  private inFlight = 0;
  private scheduled = false;
  private drainCallbacks: (() => void)[] = [];
  private readonly targets = new Map<string, TapTarget>();
  private readonly highWater: number;
  private readonly lowWater: number;
  private closed = false;
  /** Set if the worker died: decoding continues inline from there. */
  private fallback: InlineEngine | null = null;
  private readonly fallbackDecoders: DecoderFactory;

  constructor(options: WorkerEngineOptions) {
    this.fallbackDecoders = options.fallbackDecoders;
    this.highWater = options.highWaterBytes ?? 16 * 1024 * 1024;
    this.lowWater = options.lowWaterBytes ?? 4 * 1024 * 1024;
    const dir = here();
    const tsx = createRequire(path.join(dir, 'worker-engine.ts')).resolve('tsx/cjs/api');
    const entry = path.join(dir, 'tap-worker.ts');
    const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
    this.worker = new Worker(bootstrap, {
      eval: true,
      name: 'wire-lab tap',
      workerData: { wireLabTap: true },
    });
    this.worker.on('message', (result: TapResult) => this.onResult(result));
    this.worker.on('error', (error) => this.workerDied(error));
    this.worker.on('exit', (code) => this.workerDied(new Error(`tap worker exited with ${code}`)));
    this.worker.unref();
  }

  get congested(): boolean {
    if (this.fallback !== null) return false;
    return this.inFlight + this.pendingBytes > this.highWater;
  }

  bytes(target: TapTarget, conn: string, hop: Hop, dir: Dir, chunk: Uint8Array, t: number): void {
    if (this.closed) return;
    if (this.fallback !== null) {
      this.fallback.bytes(target, conn, hop, dir, chunk, t);
      return;
    }
    this.targets.set(target.id, target);
    const h = hop === 'browser-edge' ? 0 : 1;
    const d = dir === 'up' ? 0 : 1;
    this.records.push({
      k: 0,
      s: target.id,
      c: conn,
      h,
      d,
      t,
      n: chunk.length,
      m: target.maxPayload,
    });
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
    this.schedule();
  }

  event(target: TapTarget, event: UnstampedEvent): void {
    if (this.closed) return;
    if (this.fallback !== null) {
      this.fallback.event(target, event);
      return;
    }
    this.targets.set(target.id, target);
    this.records.push({ k: 1, s: target.id, e: event });
    this.schedule();
  }

  releaseConn(target: TapTarget, conn: string): void {
    if (this.closed) return;
    if (this.fallback !== null) {
      this.fallback.releaseConn(target, conn);
      return;
    }
    this.records.push({ k: 2, s: target.id, c: conn });
    this.schedule();
  }

  releaseSession(target: TapTarget): void {
    if (this.closed) return;
    if (this.fallback !== null) {
      this.fallback.releaseSession(target);
      return;
    }
    this.records.push({ k: 3, s: target.id });
    this.targets.delete(target.id);
    this.schedule();
  }

  onDrain(callback: () => void): void {
    if (!this.congested) queueMicrotask(callback);
    else this.drainCallbacks.push(callback);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.records = [];
    this.chunks = [];
    this.targets.clear();
    await this.worker.terminate();
  }

  /**
   * The worker crashed: decode inline from now on. Bytes it had not finished are lost, and
   * connections that were mid-message decode from the middle, so every session is told.
   */
  private workerDied(error: Error): void {
    if (this.closed || this.fallback !== null) return;
    log.error({ err: error }, 'tap worker failed; decoding inline from now on');
    this.fallback = new InlineEngine(this.fallbackDecoders);
    this.records = [];
    this.chunks = [];
    this.pendingBytes = 0;
    this.inFlight = 0;
    for (const target of this.targets.values()) {
      this.fallback.event(target, {
        kind: 'marker',
        label: 'tap restarted',
        detail: `the decoder worker failed (${error.message}); bytes in flight were not decoded`,
        t: target.now(),
        conn: '-',
        hop: 'browser-edge',
        dir: 'up',
      });
    }
    const callbacks = this.drainCallbacks;
    this.drainCallbacks = [];
    for (const callback of callbacks) callback();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed || this.records.length === 0) return;
    const buf = new ArrayBuffer(this.pendingBytes);
    const view = new Uint8Array(buf);
    let offset = 0;
    for (const chunk of this.chunks) {
      view.set(chunk, offset);
      offset += chunk.length;
    }
    const batch: TapBatch = { records: this.records, buf };
    this.inFlight += this.pendingBytes;
    this.records = [];
    this.chunks = [];
    this.pendingBytes = 0;
    this.worker.postMessage(batch, [buf]);
  }

  private onResult(result: TapResult): void {
    this.inFlight -= result.done;
    for (const [session, events] of result.out) this.targets.get(session)?.deliver(events);
    if (this.drainCallbacks.length > 0 && this.inFlight + this.pendingBytes <= this.lowWater) {
      const callbacks = this.drainCallbacks;
      this.drainCallbacks = [];
      for (const callback of callbacks) callback();
    }
  }
}
