'use client';
/**
 * Faults and transport for a page: link problems (always visible), the controls (collapsed until
 * the learner or the link uses them) and what the edge confirms it applies.
 */
import { useState } from 'react';
import { DEFAULT_SCENARIO, type ScenarioKey, type Transport } from '@/lib/scenario/schema';
import { useMirror } from '../mirror/mirror-provider';
import { describeScenario, scenarioItems } from './describe-scenario';
import { EdgeStatus } from './edge-status';
import { ScenarioControls } from './scenario-controls';
import styles from './scenario-controls.module.css';
import type { ScenarioState } from './use-scenario';

interface Props {
  state: ScenarioState;
  transports: readonly Transport[];
  omit?: readonly ScenarioKey[];
  subject?: string;
  /** The lesson's own faults (e.g. lesson 1's handshake toggles), shown first, in the same place. */
  extra?: React.ReactNode;
}

export function LinkProblems({ state }: { state: ScenarioState }) {
  if (state.problems.length === 0) return null;
  return (
    <div role="alert" className={styles.problems}>
      <p>Some link parameters were not applied (the rest of the link was):</p>
      <ul>
        {state.problems.map((p) => (
          <li key={`${p.param}=${p.value}`}>{p.message}</li>
        ))}
      </ul>
      <button type="button" onClick={state.dismissProblems}>
        Dismiss
      </button>
    </div>
  );
}

export function ScenarioPanel({ state, transports, omit = [], subject, extra }: Props) {
  const mirror = useMirror();
  const summary = describeScenario(state.scenario);
  // Open from the start when the link set any of the fields in here.
  const [open, setOpen] = useState(
    () =>
      state.problems.length > 0 ||
      scenarioItems(state.scenario).some((i) => extra !== undefined || !omit.includes(i.key)) ||
      state.scenario.seed !== DEFAULT_SCENARIO.seed ||
      state.scenario.dir !== DEFAULT_SCENARIO.dir,
  );
  return (
    <div className={styles.wrapper}>
      <LinkProblems state={state} />
      <details
        className={styles.details}
        open={open}
        onToggle={(e) => setOpen(e.currentTarget.open)}
      >
        <summary>
          Faults and transport: <span className={styles.unit}>{summary}</span>
        </summary>
        {extra}
        <ScenarioControls
          state={state}
          transports={transports}
          omit={omit}
          {...(subject ? { subject } : {})}
          onAction={(action) => mirror.action(action)}
        />
      </details>
      <EdgeStatus scenario={state.scenario} />
    </div>
  );
}
