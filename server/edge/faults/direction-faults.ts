/**
 * Every fault of one direction of one connection, as a single pipeline stage that reads the
 * session's scenario on every chunk (so a toggle applies to open connections at once):
 *
 *   chunk ─▶ FrameCutter ─▶ MessageStage (drop / dup / reorder) ─▶ TimingStage (loss, latency,
 *            (head, frames)                                         bandwidth) ─▶ blackhole? ─▶ next hop
 *
 * The blackhole acts where bytes leave the edge, so bytes already waiting inside it vanish too.
 * At the end of the direction (a FIN) held frames and queued bytes go first; then the FIN waits
 * `slowClose` ms, and under a blackhole it vanishes like everything else.
 *
 * Fault events are reported on the hop the bytes were on their way to (edge-node for up,
 * browser-edge for down): the diagram shows a frame arriving on one hop and the fault on the other.
 */
import type { Dir, FaultKind, Hop } from '../../../lib/mirror/types';
import { type Random, streamRandom } from '../../../lib/scenario/prng';
import type { Scenario } from '../../../lib/scenario/schema';
import type { Emit, Stage } from '../pipeline';
import type { FaultInfo } from '../tap';
import { formatBytes, type Schedule } from './fault-report';
import { type CutterMode, FrameCutter, type Unit } from './frame-cutter';
import { hasMessageFaults, MessageStage, NO_MESSAGE_FAULTS } from './message-stage';
import { rewritePayload } from './polling-packets';
import { NO_TIMING, TimingStage } from './timing-stage';

/** What the two directions of a connection share. */
export interface ConnState {
  /** The node answered 101: frames follow on both directions. */
  upgraded: boolean;
  /** permessage-deflate was negotiated: frames depend on each other, so none is dropped or moved. */
  deflate: boolean;
}

export interface DirectionContext {
  readonly conn: string;
  readonly dir: Dir;
  /** 'upgrade': an HTTP head then (after a 101) frames; 'http': relayed HTTP, bytes only. */
  readonly kind: 'upgrade' | 'http';
  readonly state: ConnState;
  scenario(): Scenario;
  report(hop: Hop, dir: Dir, fault: FaultKind, info: FaultInfo): void;
  now(): number;
  schedule: Schedule;
  /** Bytes arrived (re-arms the idle timeout). */
  activity(): void;
  /** Too many bytes wait in this direction: pause (true) or resume (false) its source. */
  pressure(high: boolean): void;
}

export function actsOn(s: Pick<Scenario, 'dir'>, dir: Dir): boolean {
  return s.dir === 'both' || s.dir === dir;
}

export function blackholed(s: Pick<Scenario, 'dir' | 'blackhole'>, dir: Dir): boolean {
  return s.blackhole && actsOn(s, dir);
}

export class DirectionFaults implements Stage {
  readonly name = 'faults';
  /** The hop this direction's bytes leave the edge on. */
  readonly hop: Hop;
  /** Bytes that vanished into a blackhole (the stream now has a hole). */
  lostBytes = 0;
  /** The far side's close (FIN or RST) vanished into a blackhole. */
  lostClose = false;
  private emit: Emit | null = null;
  private readonly cutter: FrameCutter;
  private readonly message: MessageStage;
  private readonly timing: TimingStage;
  private readonly streams = new Map<string, { seed: number; random: Random }>();
  private pendingFin: (() => void) | null = null;
  private cancelSlowClose: (() => void) | null = null;
  private destroyed = false;

  constructor(private readonly ctx: DirectionContext) {
    this.hop = ctx.dir === 'up' ? 'edge-node' : 'browser-edge';
    const start: CutterMode = ctx.kind === 'upgrade' ? 'head' : 'opaque';
    this.cutter = new FrameCutter({ start, onHead: (head) => this.onHead(head) });
    this.message = new MessageStage({
      report: (fault, info) => this.report(fault, info),
      deliver: (unit) => this.timed(unit),
      schedule: ctx.schedule,
    });
    this.timing = new TimingStage({
      now: ctx.now,
      schedule: ctx.schedule,
      deliver: (bytes) => this.leave(bytes),
      report: (fault, info) => this.report(fault, info),
      random: (fault) => this.random(fault),
      pressure: (high) => ctx.pressure(high),
    });
  }

  push(chunk: Uint8Array, emit: Emit): void {
    this.emit = emit;
    this.ctx.activity();
    const s = this.ctx.scenario();
    const on = actsOn(s, this.ctx.dir);
    const rates = on ? { drop: s.drop, dup: s.dup, reorder: s.reorder } : NO_MESSAGE_FAULTS;
    const state = this.ctx.state;
    const wantCut = hasMessageFaults(rates) && state.upgraded && !state.deflate;
    const units = this.cutter.push(chunk, wantCut);
    if (units.length === 0) return;
    const random = this.random('message');
    for (const unit of units) this.message.push(unit, rates, random);
  }

  flush(emit: Emit, done: () => void): void {
    this.emit = emit;
    for (const unit of this.cutter.flush()) {
      this.message.push(unit, NO_MESSAGE_FAULTS, this.random('message'));
    }
    this.message.release();
    this.timing.whenDrained(() => this.finish(done));
  }

  destroy(): void {
    this.destroyed = true;
    this.message.destroy();
    this.timing.destroy();
    this.cancelSlowClose?.();
    this.cancelSlowClose = null;
    this.pendingFin = null;
  }

  /** Bytes waiting inside the edge in this direction (held frames not counted). */
  get queued(): number {
    return this.timing.queued;
  }

  /** A blackhole acts on this direction now. */
  get blackholed(): boolean {
    return blackholed(this.ctx.scenario(), this.ctx.dir);
  }

  /** Lost bytes or a lost close: lifting the blackhole must reset the connection. */
  get holed(): boolean {
    return this.lostBytes > 0 || this.lostClose;
  }

  /**
   * The socket this direction reads from closed while the direction is blackholed: the close
   * vanishes like the bytes (the other side keeps a half-open connection it believes is alive).
   */
  closeVanished(how: 'FIN' | 'RST'): void {
    this.lostClose = true;
    this.report('blackhole', {
      detail: `${how} vanished: the other side still thinks the connection is open`,
    });
  }

  /** The blackhole was lifted: a FIN that vanished into it goes on now. */
  blackholeLifted(): void {
    const fin = this.pendingFin;
    this.pendingFin = null;
    if (fin !== null) this.finish(fin);
  }

  /** Message faults act on this direction now (the relay then buffers polling bodies). */
  packetFaultsOn(): boolean {
    const s = this.ctx.scenario();
    return actsOn(s, this.ctx.dir) && hasMessageFaults(s);
  }

  /**
   * Drop / dup / reorder the Engine.IO packets of one polling body (HTTP relay); null = unchanged.
   * Same dice stream as frames: the same seed and traffic give the same fates.
   */
  rewritePollingBody(body: string): string | null {
    const s = this.ctx.scenario();
    if (!actsOn(s, this.ctx.dir) || !hasMessageFaults(s)) return null;
    const rates = { drop: s.drop, dup: s.dup, reorder: s.reorder };
    return rewritePayload(body, rates, this.random('message'), (fault, info) =>
      this.report(fault, info),
    );
  }

  /** Held frames leave now (the learner switched message faults off). */
  releaseHeld(): void {
    this.message.release();
  }

  private timed(unit: Unit): void {
    if (this.destroyed) return;
    const s = this.ctx.scenario();
    const params = actsOn(s, this.ctx.dir)
      ? { loss: s.loss, latency: s.latency, jitter: s.jitter, bandwidth: s.bandwidth }
      : NO_TIMING;
    this.timing.push(unit.bytes, params);
  }

  private leave(bytes: Uint8Array): void {
    if (this.destroyed) return;
    const s = this.ctx.scenario();
    if (blackholed(s, this.ctx.dir)) {
      this.lostBytes += bytes.length;
      this.report('blackhole', {
        detail: `${formatBytes(bytes.length)} vanished (half-open: no FIN, no RST; the sender thinks they were delivered)`,
        bytes: bytes.length,
      });
      return;
    }
    this.emit?.(bytes);
  }

  private finish(done: () => void): void {
    if (this.destroyed) return;
    const s = this.ctx.scenario();
    if (blackholed(s, this.ctx.dir)) {
      this.pendingFin = done;
      this.report('blackhole', {
        detail: 'FIN vanished: the other side never learns this side closed',
      });
      return;
    }
    const wait = actsOn(s, this.ctx.dir) ? s.slowClose : 0;
    if (wait <= 0) {
      done();
      return;
    }
    this.report('slow-close', {
      detail: `FIN held ${wait} ms before the proxy passes it on (slow close)`,
      delayMs: wait,
    });
    this.cancelSlowClose = this.ctx.schedule(() => {
      this.cancelSlowClose = null;
      if (!this.destroyed) done();
    }, wait);
  }

  private onHead(head: Uint8Array): CutterMode {
    if (this.ctx.dir === 'up') return 'frames';
    // The response head: frames follow only a 101.
    const text = new TextDecoder('latin1').decode(head);
    const upgraded = /^HTTP\/1\.[01] 101\b/.test(text);
    this.ctx.state.upgraded = upgraded;
    this.ctx.state.deflate =
      upgraded && /^sec-websocket-extensions:.*permessage-deflate/im.test(text);
    return upgraded ? 'frames' : 'opaque';
  }

  private random(fault: string): Random {
    const seed = this.ctx.scenario().seed;
    let stream = this.streams.get(fault);
    if (stream === undefined || stream.seed !== seed) {
      stream = { seed, random: streamRandom(seed, `${this.ctx.conn}/${this.ctx.dir}/${fault}`) };
      this.streams.set(fault, stream);
    }
    return stream.random;
  }

  private report(fault: FaultKind, info: FaultInfo): void {
    this.ctx.report(this.hop, this.ctx.dir, fault, info);
  }
}
