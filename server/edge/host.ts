/** What the edge needs from its session. The session implements it; tests can fake it. */
import type { SessionLimits } from '../../lib/mirror/protocol';
import type { StageFactory } from './pipeline';
import type { TapSink } from './tap';

export interface EdgeHost {
  readonly id: string;
  readonly limits: SessionLimits;
  readonly sink: TapSink;
  /** Seed for per-connection PRNGs (the scenario seed, later). */
  readonly seed: number;
  /** The fault stages new connections get, per direction. */
  stages(): { up: readonly StageFactory[]; down: readonly StageFactory[] };
  nextConnId(): string;
  /** Takes one lab connection slot; false (and a limit message to the page) when none is left. */
  acquireConnection(): boolean;
  releaseConnection(): void;
  /** The lab node's current port (starts the node on first use). */
  labPort(): Promise<number>;
  /** Registers a teardown for session end; returns a function that unregisters it. */
  track(teardown: () => void): () => void;
}
