/** What the edge needs from its session. The session implements it; tests can fake it. */
import type { SessionLimits } from '../../lib/mirror/protocol';
import type { Scenario } from '../../lib/scenario/schema';
import type { TapSink } from './tap';

/** One live lab connection, as the session sees it (for actions and live scenario changes). */
export interface EdgeConnection {
  readonly conn: string;
  /** The session's scenario changed: faults apply live, to open connections too. */
  scenarioChanged(next: Scenario, previous: Scenario): void;
  /** RST on both hops now (the learner's reset action); reports the fault on the timeline. */
  resetByAction(): void;
}

export interface EdgeHost {
  readonly id: string;
  readonly limits: SessionLimits;
  readonly sink: TapSink;
  /** The faults in force now; fault stages read it on every chunk, so changes apply live. */
  readonly scenario: Scenario;
  nextConnId(): string;
  /** Takes one lab connection slot; false (and a limit message to the page) when none is left. */
  acquireConnection(): boolean;
  releaseConnection(): void;
  /** The lab node's current port (starts the node on first use). */
  labPort(): Promise<number>;
  /** Registers a teardown for session end; returns a function that unregisters it. */
  track(teardown: () => void): () => void;
  /** Registers a live connection (scenario changes, actions); returns a function that unregisters it. */
  register(connection: EdgeConnection): () => void;
}
