/**
 * The state of one lesson's guided steps, outside React: which steps exist (registered by the text),
 * which ones the wire has proven (reported by the live panel from its folds), which one is active,
 * and what the active step points at (events on the diagram, states on the chart).
 * Proven steps are latched and kept in localStorage (lib/progress); nothing here reads a clock.
 */
import {
  browserStore,
  type KeyValueStore,
  markOpened,
  markStepDone,
  readProgress,
  resetLesson,
} from '@/lib/progress/progress';

/** What the live panel reports for one step from the fold of the captured events. */
export interface StepProof {
  /** True once the captured events show the step happened. */
  done: boolean;
  /** Events the step talks about: kept in view and emphasised on the sequence diagram. */
  focusSeqs?: readonly number[];
  /** Statechart node/edge ids the step talks about. */
  highlight?: readonly string[];
}

export interface StepsSnapshot {
  /** Step ids in text order. */
  ids: readonly string[];
  done: ReadonlySet<string>;
  /** The step the learner is on: chosen, or else the first not proven. */
  active: string | undefined;
  /** What the panel currently reports for each step (live, not latched). */
  proofs: Readonly<Record<string, StepProof>>;
}

type Listener = () => void;

export class StepsStore {
  private snapshot: StepsSnapshot;
  private chosen: string | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly slug: string,
    ids: readonly string[],
    private readonly store: KeyValueStore | undefined = browserStore(),
    private readonly now: () => number = Date.now,
  ) {
    const saved = readProgress(store).lessons[slug];
    const done = new Set((saved?.done ?? []).filter((d) => ids.includes(d)));
    this.snapshot = { ids, done, active: undefined, proofs: {} };
    this.snapshot = { ...this.snapshot, active: this.pickActive() };
    markOpened(store, slug);
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): StepsSnapshot => this.snapshot;

  private pickActive(): string | undefined {
    if (this.chosen && this.snapshot.ids.includes(this.chosen)) return this.chosen;
    return this.snapshot.ids.find((id) => !this.snapshot.done.has(id));
  }

  private commit(next: Omit<StepsSnapshot, 'active'>): void {
    this.snapshot = { ...next, active: undefined };
    this.snapshot = { ...this.snapshot, active: this.pickActive() };
    for (const l of this.listeners) l();
  }

  /** The panel's proofs, computed from its folds; a step proven once stays proven. */
  report(proofs: Record<string, StepProof>): void {
    let done: ReadonlySet<string> = this.snapshot.done;
    for (const [id, p] of Object.entries(proofs)) {
      if (!p.done || done.has(id) || !this.snapshot.ids.includes(id)) continue;
      done = new Set([...done, id]);
      markStepDone(this.store, this.slug, id, this.snapshot.ids.length, this.now());
      // Moving on: once the chosen step is proven, the next unproven one becomes active.
      if (this.chosen === id) this.chosen = undefined;
    }
    if (done === this.snapshot.done && sameProofs(this.snapshot.proofs, proofs)) return;
    this.commit({ ids: this.snapshot.ids, done, proofs });
  }

  /** The learner jumps to a step (or back to "first unproven" with undefined). */
  choose(id: string | undefined): void {
    this.chosen = id;
    this.commit(this.snapshot);
  }

  /** Start over: forget this lesson's progress. */
  reset(): void {
    resetLesson(this.store, this.slug);
    this.chosen = undefined;
    this.commit({ ids: this.snapshot.ids, done: new Set(), proofs: this.snapshot.proofs });
  }
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

function sameProofs(a: Record<string, StepProof>, b: Record<string, StepProof>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const x = a[k];
    const y = b[k];
    return (
      !!x &&
      !!y &&
      x.done === y.done &&
      sameList(x.focusSeqs, y.focusSeqs) &&
      sameList(x.highlight, y.highlight)
    );
  });
}
