/**
 * Incremental folds over a growing event log, outside any UI framework.
 *
 * A `Reducer` is a pure fold step: (state, event) → state, never mutating `state` (return a new
 * object when something changed, the same one otherwise). A `FoldStore` applies it to each event
 * exactly once as the log grows, and keeps a checkpoint (the state after event i) every
 * `checkpointEvery` events, so the state after any index — the timeline's cursor — is one
 * checkpoint plus at most `checkpointEvery - 1` steps, whatever the length of the session.
 *
 * Subscribe / getSnapshot follow React's useSyncExternalStore contract, but nothing here imports
 * React or touches the DOM: the store can move into a worker unchanged.
 */

export interface Reducer<S, E> {
  init: () => S;
  step: (state: S, event: E) => S;
}

/** Where a FoldStore reads its events: the mirror's EventLog satisfies this. */
export interface EventSource<E> {
  readonly length: number;
  /** Goes up when the source released old events and its indexes restarted (EventLog.trim). */
  readonly generation?: number;
  at(index: number): E | undefined;
  subscribe(listener: () => void): () => void;
}

export interface FoldStoreOptions {
  /** Keep the state after every Nth event (default 256). */
  checkpointEvery?: number;
}

/** How many past cursors snapshotAt remembers (several views may sit at different cursors). */
const SNAPSHOT_CACHE = 16;

export class FoldStore<S, E> {
  private state: S;
  /** Number of events folded into `state`. */
  private folded = 0;
  /** checkpoints[k] = state after the first (k + 1) * every events. */
  private readonly checkpoints: S[] = [];
  private readonly every: number;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;
  /** Bumped when the log is cleared: cached past states are then void. */
  private epoch = 0;
  /** Recent past states by index (for snapshotAt), valid for `cachedEpoch`. */
  private readonly pastCache = new Map<number, S>();
  private cachedEpoch = 0;
  /** The state subscribers were last told of. */
  private heard: S | undefined;
  /** The source's generation the folded state belongs to. */
  private generation = 0;

  constructor(
    private readonly source: EventSource<E>,
    private readonly reducer: Reducer<S, E>,
    options: FoldStoreOptions = {},
  ) {
    this.every = Math.max(1, options.checkpointEvery ?? 256);
    this.state = reducer.init();
    this.generation = source.generation ?? 0;
    this.catchUp();
  }

  /** Folds the events appended since the last call (each event once). */
  catchUp(): boolean {
    const n = this.source.length;
    const generation = this.source.generation ?? 0;
    if (n < this.folded || generation !== this.generation) {
      // The log was cleared (a new session) or released its oldest events to bound the page's
      // memory: fold what it keeps, from the start.
      this.generation = generation;
      this.state = this.reducer.init();
      this.folded = 0;
      this.checkpoints.length = 0;
      this.epoch++;
    }
    if (n === this.folded) return false;
    let s = this.state;
    for (let i = this.folded; i < n; i++) {
      s = this.reducer.step(s, this.source.at(i) as E);
      if ((i + 1) % this.every === 0) this.checkpoints.push(s);
    }
    this.state = s;
    this.folded = n;
    return true;
  }

  /** The state after every event so far. */
  getSnapshot = (): S => this.state;

  /** The state after the events 0..index (index -1: before any). Cost ≤ checkpointEvery steps. */
  stateAt(index: number): S {
    this.catchUp();
    if (index >= this.folded - 1) return this.state;
    if (index < 0) return this.reducer.init();
    const k = Math.floor((index + 1) / this.every); // checkpoints covering a prefix of index + 1
    let s = k > 0 ? (this.checkpoints[k - 1] as S) : this.reducer.init();
    for (let i = k * this.every; i <= index; i++) s = this.reducer.step(s, this.source.at(i) as E);
    return s;
  }

  /**
   * stateAt, but the same object for the same index until the log is cleared: a past prefix never
   * changes as the log grows, so this is a stable useSyncExternalStore snapshot for a cursor.
   * An index at or past the newest event (Infinity included) is the live state.
   */
  snapshotAt = (index: number): S => {
    this.catchUp();
    if (index >= this.folded - 1) return this.state;
    if (this.cachedEpoch !== this.epoch) {
      this.pastCache.clear();
      this.cachedEpoch = this.epoch;
    }
    const hit = this.pastCache.get(index);
    if (hit !== undefined) return hit;
    const s = this.stateAt(index);
    if (this.pastCache.size >= SNAPSHOT_CACHE) {
      const oldest = this.pastCache.keys().next().value as number;
      this.pastCache.delete(oldest);
    }
    this.pastCache.set(index, s);
    return s;
  };

  /** Starts following the source; listeners hear of each batch that changed the state. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.unsubscribe) {
      this.heard = this.state;
      this.unsubscribe = this.source.subscribe(() => {
        this.catchUp();
        // Compared with the state listeners last heard of, not the state before catchUp: a
        // render's snapshotAt may already have folded this batch.
        if (this.state === this.heard) return;
        this.heard = this.state;
        for (const l of this.listeners) l();
      });
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
      }
    };
  };
}
