/**
 * A session's faults: the scenario in force, the live lab connections it applies to, and the
 * learner's one-shot actions. The session (server/sessions.ts) owns one and forwards the page's
 * `scenario` / `action` messages to it.
 */

import type { EdgeEvent } from '../../lib/capture/records';
import type { EdgeAction, ServerMessage } from '../../lib/mirror/protocol';
import type { Dir, FaultKind, Hop } from '../../lib/mirror/types';
import { DEFAULT_SCENARIO, type Scenario } from '../../lib/scenario/schema';
import { scenarioChanges, summarizeScenario } from './faults/scenario-summary';
import type { EdgeConnection } from './host';

/** What this needs of the lab node (hooks it may not have are checked before use). */
export interface LabHooks {
  restart(): Promise<number>;
  configure?: (patch: unknown) => unknown;
}

export interface SessionFaultsHost {
  now(): number;
  emit(event: EdgeEvent): void;
  mark(label: string, detail?: string): void;
  send(message: ServerMessage): void;
  /** The lab node if it exists. */
  lab(): LabHooks | null;
  /** The lab node, started if needed. */
  labNode(): LabHooks;
}

export class SessionFaults {
  private current: Scenario = DEFAULT_SCENARIO;
  private readonly live = new Set<EdgeConnection>();

  constructor(private readonly host: SessionFaultsHost) {}

  get scenario(): Scenario {
    return this.current;
  }

  get connections(): number {
    return this.live.size;
  }

  register(connection: EdgeConnection): () => void {
    this.live.add(connection);
    return () => {
      this.live.delete(connection);
    };
  }

  /** Puts a scenario in force now, for open connections too, and echoes it to the page. */
  apply(next: Scenario): void {
    const previous = this.current;
    this.current = next;
    const changes = scenarioChanges(previous, next);
    if (changes.length > 0) {
      this.host.mark(`faults: ${summarizeScenario(next)}`, changes.join(', '));
      for (const connection of [...this.live]) connection.scenarioChanged(next, previous);
      if (
        next.pingInterval !== previous.pingInterval ||
        next.pingTimeout !== previous.pingTimeout
      ) {
        const lab = this.host.lab();
        if (lab !== null) this.configure(lab);
      }
    }
    this.host.send({ type: 'scenario', scenario: next });
  }

  /** A new lab node gets the scenario's ping settings when they differ from the defaults. */
  labCreated(lab: LabHooks): void {
    const s = this.current;
    if (
      s.pingInterval !== DEFAULT_SCENARIO.pingInterval ||
      s.pingTimeout !== DEFAULT_SCENARIO.pingTimeout
    ) {
      this.configure(lab);
    }
  }

  run(action: EdgeAction): void {
    if (action === 'reset') {
      const connections = [...this.live];
      if (connections.length === 0) {
        this.sessionFault('reset', 'browser-edge', 'down', 'reset: no lab connection is open');
      }
      for (const connection of connections) connection.resetByAction();
      return;
    }
    const lab = this.host.labNode();
    const open = this.live.size;
    this.sessionFault(
      'restart-node',
      'edge-node',
      'down',
      `lab node stopping: its ${open} connection${open === 1 ? '' : 's'} drop; it listens again right after`,
    );
    lab.restart().then(
      (port) => this.host.mark('lab node back', `listening again on 127.0.0.1:${port}`),
      (error: unknown) =>
        this.host.send({ type: 'error', message: `lab node restart failed: ${String(error)}` }),
    );
  }

  /** Engine.IO ping settings on the lab node, when it supports changing them. */
  private configure(lab: LabHooks): void {
    if (typeof lab.configure !== 'function') return;
    const s = this.current;
    const result = lab.configure({ pingInterval: s.pingInterval, pingTimeout: s.pingTimeout });
    const refused = result as { ok?: unknown; error?: unknown } | undefined;
    if (refused?.ok === false) {
      this.host.send({
        type: 'error',
        message: `lab node refused the ping settings: ${String(refused.error)}`,
      });
    }
  }

  /** A fault event that belongs to the session rather than one connection (conn '-'). */
  private sessionFault(fault: FaultKind, hop: Hop, dir: Dir, detail: string): void {
    this.host.emit({ kind: 'fault', fault, detail, t: this.host.now(), conn: '-', hop, dir });
  }
}
