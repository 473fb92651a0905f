/**
 * What a session needs of its upstream, the server behind its edge: the lessons' LabNode
 * (server/lab/lab-node.ts) by default, or another one given through `labFactory` (the protocol
 * conformance node in test/conformance/ is one). The edge only asks for the port; the learner's
 * actions and scenarios use the optional hooks when the upstream has them.
 */
import type { LabHooks } from './edge/session-faults';

export interface SessionLab extends LabHooks {
  /** The port it listens on now, on 127.0.0.1 (starting it if needed). */
  port(): Promise<number>;
  /** Releases everything (session end). */
  close(): Promise<void>;
  /** The edge's own origin, for upstreams whose simulated clients connect through the edge. */
  setEdgeOrigin?: (origin: string) => void;
  /** Headers those clients send through the edge (the session's key cookie). */
  setEdgeHeaders?: (headers: Record<string, string>) => void;
}

/** Makes a session's upstream; it serves the session's /lab/<session>/... paths. */
export type LabFactory = (session: string, maxPayload: number) => SessionLab;
