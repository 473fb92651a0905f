/**
 * The faults of one proxied connection: a DirectionFaults stage per direction, the idle timeout,
 * the learner's reset, and what a live scenario change does to an open connection (a lifted
 * blackhole resets connections whose byte streams lost bytes; a changed idle timeout re-arms).
 * Registered with the session while the connection lives.
 */
import type { Dir, FaultKind, Hop } from '../../../lib/mirror/types';
import type { Scenario } from '../../../lib/scenario/schema';
import type { EdgeConnection, EdgeHost } from '../host';
import type { ConnTap, FaultInfo } from '../tap';
import { blackholed, type ConnState, DirectionFaults } from './direction-faults';
import { FaultReporter, formatBytes, realSchedule, type Schedule } from './fault-report';

export interface ConnFaultsOptions {
  host: Pick<EdgeHost, 'scenario' | 'register'>;
  tap: Pick<ConnTap, 'conn' | 'fault'>;
  kind: 'upgrade' | 'http';
  /** RST on both hops now. */
  reset(reason: string): void;
  /** FIN on both hops (the proxy's idle timeout), by the edge. */
  closeIdle(reason: string): void;
  /** Pause (true) or resume (false) the socket that feeds a direction. */
  pressure(dir: Dir, high: boolean): void;
  now?: () => number;
  schedule?: Schedule;
}

export class ConnFaults implements EdgeConnection {
  readonly conn: string;
  readonly up: DirectionFaults;
  readonly down: DirectionFaults;
  readonly state: ConnState = { upgraded: false, deflate: false };
  private readonly reporter: FaultReporter;
  private readonly now: () => number;
  private readonly schedule: Schedule;
  private readonly unregister: () => void;
  private lastActivity: number;
  private cancelIdle: (() => void) | null = null;
  private done = false;

  constructor(private readonly options: ConnFaultsOptions) {
    this.conn = options.tap.conn;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? realSchedule;
    this.reporter = new FaultReporter(options.tap, this.now, this.schedule);
    const direction = (dir: Dir) =>
      new DirectionFaults({
        conn: this.conn,
        dir,
        kind: options.kind,
        state: this.state,
        scenario: () => options.host.scenario,
        report: (hop, d, fault, info) => this.reporter.report(hop, d, fault, info),
        now: this.now,
        schedule: this.schedule,
        activity: () => this.activity(),
        pressure: (high) => options.pressure(dir, high),
      });
    this.up = direction('up');
    this.down = direction('down');
    this.lastActivity = this.now();
    this.armIdle();
    this.unregister = options.host.register(this);
  }

  /** Bytes moved in either direction: the idle clock starts again. */
  activity(): void {
    this.lastActivity = this.now();
  }

  scenarioChanged(next: Scenario, previous: Scenario): void {
    if (this.done) return;
    if (next.idle !== previous.idle) this.armIdle();
    if (next.drop + next.dup + next.reorder === 0) {
      this.up.releaseHeld();
      this.down.releaseHeld();
    }
    const lifted = (['up', 'down'] as const).filter(
      (dir) => blackholed(previous, dir) && !blackholed(next, dir),
    );
    if (lifted.length === 0) return;
    if (!this.up.holed && !this.down.holed) {
      for (const dir of lifted) this[dir].blackholeLifted();
      return;
    }
    const lostUp = this.up.lostBytes;
    const lostDown = this.down.lostBytes;
    const lost = [
      lostUp > 0 ? `${formatBytes(lostUp)} browser → node vanished` : '',
      lostDown > 0 ? `${formatBytes(lostDown)} node → browser vanished` : '',
      this.up.lostClose ? "the browser's close vanished" : '',
      this.down.lostClose ? "the node's close vanished" : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const detail = `blackhole lifted: ${lost}, so the two sides no longer agree on the byte stream (a hole no retransmission will fill); the edge resets the connection`;
    this.direct('browser-edge', 'down', 'blackhole', { detail, bytes: lostUp + lostDown });
    this.direct('edge-node', 'up', 'blackhole', { detail, bytes: lostUp + lostDown });
    this.options.reset('blackhole lifted after bytes vanished');
  }

  resetByAction(): void {
    if (this.done) return;
    this.direct('browser-edge', 'down', 'reset', {
      detail: 'the edge sent RST to the browser now',
    });
    this.direct('edge-node', 'up', 'reset', { detail: 'the edge sent RST to the lab node now' });
    this.options.reset('reset (RST) by the learner');
  }

  /** The connection is gone: timers stop, pending summaries are reported. */
  destroy(): void {
    if (this.done) return;
    this.done = true;
    this.cancelIdle?.();
    this.cancelIdle = null;
    this.up.destroy();
    this.down.destroy();
    this.reporter.destroy();
    this.unregister();
  }

  /** An event that must not be rate-limited away (one-off actions). */
  private direct(hop: Hop, dir: Dir, fault: FaultKind, info: FaultInfo): void {
    this.options.tap.fault(hop, dir, fault, info);
  }

  private armIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
    const idleMs = this.options.host.scenario.idle * 1000;
    if (idleMs <= 0 || this.done) return;
    const wait = Math.max(0, idleMs - (this.now() - this.lastActivity));
    this.cancelIdle = this.schedule(() => {
      this.cancelIdle = null;
      this.checkIdle();
    }, wait);
  }

  private checkIdle(): void {
    if (this.done) return;
    const idle = this.options.host.scenario.idle;
    if (idle <= 0) return;
    // Timers may fire a little early: within 1 ms of the deadline counts as expired.
    if (this.now() - this.lastActivity < idle * 1000 - 1) {
      this.armIdle();
      return;
    }
    const detail = `idle ${idle} s: proxy closed (no byte in either direction for ${idle} s; FIN to both sides, like a load balancer's idle timeout)`;
    this.direct('browser-edge', 'down', 'idle-timeout', { detail });
    this.direct('edge-node', 'up', 'idle-timeout', { detail });
    this.options.closeIdle(`idle ${idle} s: proxy closed`);
  }
}
