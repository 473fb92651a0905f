/**
 * Fold-to-time: the state at time t is the fold of the machine events with t' <= t.
 *
 * A replay runs a real xstate actor on a `ReplayClock`: before each event is sent, the clock moves to
 * the event's `t`, firing any `after` delay that fell due on the way at its exact due time. Nothing
 * sleeps, and the same events always give the same snapshots and transitions.
 *
 * `foldEvents` is the pure one-shot form. `Folder` is the incremental form for a live page: it keeps
 * one actor running as events are appended and stores the snapshot after every step, so seeking to
 * any time inside the log is a binary search rather than a replay.
 */
import {
  type AnyStateMachine,
  createActor,
  type EventFromLogic,
  type InspectionEvent,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import { edgeIdOf } from './chart';
import { ReplayClock } from './replay-clock';

export interface TimedEvent<E> {
  /** Session time in ms (the WireEvent's t). */
  t: number;
  /** The WireEvent's seq. */
  seq: number;
  event: E;
}

export interface FoldTransition {
  /** Seq of the event that caused it; for a delayed transition, the seq of the last event before it. */
  seq: number;
  /** When it happened: the event's t, or the due time of a delay. */
  t: number;
  /** State values as dotted paths ('handshake.requestSent'; parallel regions joined by ','). */
  from: string;
  to: string;
  /** The event type ('HANDSHAKE_RESPONSE', 'xstate.after.5000.ws.closing'). */
  event: string;
  /** Ids of the chart edges taken (see `chartOf`), in the order xstate took them. */
  edges: string[];
  /** True when fired by an `after` delay rather than by an event from the log. */
  delayed: boolean;
}

export interface FoldOptions {
  /** Fold only events with t <= upToT, and fire delays due by upToT. */
  upToT?: number;
  /** Fold only events with seq <= upToSeq. */
  upToSeq?: number;
}

export interface FoldResult<TMachine extends AnyStateMachine> {
  snapshot: SnapshotFrom<TMachine>;
  transitions: FoldTransition[];
  /** Number of events from the input that were sent to the actor. */
  applied: number;
}

/** 'a', { a: 'b' } → 'a.b', { p: { x: 'y' }, q: 'r' } → 'p.x,q.r'. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const inner = stateValueToString(child as StateValue);
    parts.push(
      inner === ''
        ? key
        : inner
            .split(',')
            .map((p) => `${key}.${p}`)
            .join(','),
    );
  }
  return parts.join(',');
}

interface Step<TMachine extends AnyStateMachine> {
  t: number;
  seq: number;
  snapshot: SnapshotFrom<TMachine>;
}

/** Runs one actor on a replay clock and records every macrostep. */
class Replay<TMachine extends AnyStateMachine> {
  readonly clock = new ReplayClock();
  readonly transitions: FoldTransition[] = [];
  readonly steps: Step<TMachine>[] = [];
  private readonly actor;
  private seq = 0;
  private t = 0;
  private delayed = false;
  private pendingEdges: string[] = [];
  private lastValue: string;

  constructor(machine: TMachine) {
    this.clock.onFire = (due) => {
      this.t = due;
      this.delayed = true;
    };
    this.actor = createActor(machine as AnyStateMachine, {
      clock: this.clock,
      inspect: (inspection: InspectionEvent) => this.inspect(inspection),
    });
    this.actor.start();
    const initial = this.actor.getSnapshot() as SnapshotFrom<TMachine>;
    this.lastValue = stateValueToString((initial as { value: StateValue }).value);
    this.steps.push({ t: 0, seq: 0, snapshot: initial });
  }

  private inspect(inspection: InspectionEvent): void {
    if (inspection.actorRef !== this.actor) return;
    if (inspection.type === '@xstate.microstep') {
      // Targetless transitions (counters, context updates) are not moves on the chart.
      for (const def of inspection._transitions) {
        if (def.target !== undefined && def.target.length > 0)
          this.pendingEdges.push(edgeIdOf(def));
      }
      return;
    }
    if (inspection.type !== '@xstate.snapshot') return;
    const edges = this.pendingEdges;
    this.pendingEdges = [];
    const eventType = inspection.event.type;
    if (eventType === 'xstate.init') return;
    const snapshot = inspection.snapshot as SnapshotFrom<TMachine>;
    const to = stateValueToString((snapshot as { value: StateValue }).value);
    if (to !== this.lastValue || edges.length > 0) {
      this.transitions.push({
        seq: this.seq,
        t: this.t,
        from: this.lastValue,
        to,
        event: eventType,
        edges,
        delayed: this.delayed,
      });
    }
    this.lastValue = to;
    this.steps.push({ t: this.t, seq: this.seq, snapshot });
  }

  get active(): boolean {
    return (this.actor.getSnapshot() as { status: string }).status === 'active';
  }

  advanceTo(t: number): void {
    this.clock.advanceTo(Math.max(t, this.clock.now()));
    this.delayed = false;
  }

  send(item: TimedEvent<EventFromLogic<TMachine>>): boolean {
    this.advanceTo(item.t);
    if (!this.active) return false;
    this.seq = item.seq;
    this.t = Math.max(item.t, this.clock.now());
    this.delayed = false;
    this.actor.send(item.event);
    return true;
  }

  get snapshot(): SnapshotFrom<TMachine> {
    return this.actor.getSnapshot() as SnapshotFrom<TMachine>;
  }

  stop(): void {
    this.actor.stop();
  }
}

function includes(item: TimedEvent<unknown>, options: FoldOptions): boolean {
  if (options.upToT !== undefined && item.t > options.upToT) return false;
  if (options.upToSeq !== undefined && item.seq > options.upToSeq) return false;
  return true;
}

/**
 * Replays `events` (in order) into a fresh actor of `machine` and returns the final snapshot and the
 * transitions taken. With `upToT`, the clock is advanced to upToT after the last event so delays
 * that fall due by then have fired.
 */
export function foldEvents<TMachine extends AnyStateMachine>(
  machine: TMachine,
  events: readonly TimedEvent<EventFromLogic<TMachine>>[],
  options: FoldOptions = {},
): FoldResult<TMachine> {
  const replay = new Replay(machine);
  let applied = 0;
  for (const item of events) {
    if (!includes(item, options)) break;
    if (replay.send(item)) applied++;
  }
  if (options.upToT !== undefined) replay.advanceTo(options.upToT);
  const snapshot = replay.snapshot;
  replay.stop();
  return { snapshot, transitions: replay.transitions, applied };
}

/**
 * Incremental fold for a live log: `push` new events as they arrive (in t order), read the state at
 * any time with `at(t)`. Memory is one snapshot per step (snapshots share unchanged structure).
 */
export class Folder<TMachine extends AnyStateMachine> {
  private readonly replay: Replay<TMachine>;
  private readonly events: TimedEvent<EventFromLogic<TMachine>>[] = [];
  /** Last scratch replay past the end of the log: { t, length of the log then, snapshot }. */
  private beyond?: { t: number; length: number; snapshot: SnapshotFrom<TMachine> };

  constructor(private readonly machine: TMachine) {
    this.replay = new Replay(machine);
  }

  /** Appends events (t non-decreasing, after those already pushed) and folds them in. */
  push(events: readonly TimedEvent<EventFromLogic<TMachine>>[]): void {
    for (const item of events) {
      this.events.push(item);
      this.replay.send(item);
    }
  }

  get length(): number {
    return this.events.length;
  }

  /** The state after every event pushed so far. */
  get snapshot(): SnapshotFrom<TMachine> {
    return this.replay.snapshot;
  }

  get transitions(): readonly FoldTransition[] {
    return this.replay.transitions;
  }

  /** Transitions with t <= t. */
  transitionsUpTo(t: number): FoldTransition[] {
    const list = this.replay.transitions;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as FoldTransition).t <= t) lo = mid + 1;
      else hi = mid;
    }
    return list.slice(0, lo);
  }

  /** The state at time t: every event with t' <= t folded in, and every delay due by t fired. */
  at(t: number): SnapshotFrom<TMachine> {
    const steps = this.replay.steps;
    const last = steps[steps.length - 1] as Step<TMachine>;
    if (t >= last.t) {
      const due = this.replay.clock.nextDue();
      // A delay would fire between the last step and t: replay into a scratch actor (rare).
      if (due !== undefined && due <= t && this.replay.active) {
        const cached = this.beyond;
        if (cached !== undefined && cached.t === t && cached.length === this.events.length) {
          return cached.snapshot;
        }
        const { snapshot } = foldEvents(this.machine, this.events, { upToT: t });
        this.beyond = { t, length: this.events.length, snapshot };
        return snapshot;
      }
      return last.snapshot;
    }
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((steps[mid] as Step<TMachine>).t <= t) lo = mid + 1;
      else hi = mid;
    }
    return (steps[Math.max(0, lo - 1)] as Step<TMachine>).snapshot;
  }

  /** The state after the event with the largest seq <= seq, and after any delay that fired before the next event. */
  atSeq(seq: number): SnapshotFrom<TMachine> {
    const steps = this.replay.steps;
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((steps[mid] as Step<TMachine>).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return (steps[Math.max(0, lo - 1)] as Step<TMachine>).snapshot;
  }

  dispose(): void {
    this.replay.stop();
  }
}
