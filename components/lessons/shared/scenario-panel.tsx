'use client';

import { useEffect, useRef } from 'react';
import { DEFAULT_SCENARIO, type Scenario, type Transport } from '@/lib/scenario/schema';
import { ScenarioControls } from '../../controls/scenario-controls';
import { type ScenarioState, useScenario } from '../../controls/use-scenario';
import { useEdgeScenario, useMirror, useMirrorStatus } from '../../mirror/mirror-provider';
import styles from './panel.module.css';

function changedFields(s: Scenario): string[] {
  return (Object.keys(s) as (keyof Scenario)[])
    .filter((k) => k !== 'transport' && k !== 'seed' && s[k] !== DEFAULT_SCENARIO[k])
    .map((k) => `${k}=${String(s[k])}`);
}

/**
 * The scenario from the URL, forwarded to the session's edge whenever it changes (and on load when
 * the link carries faults: the edge starts with the defaults).
 */
export function useLessonScenario(): ScenarioState {
  const mirror = useMirror();
  const status = useMirrorStatus();
  const state = useScenario();
  const lastSent = useRef<string | null>(null);
  const open = status.state === 'open';
  useEffect(() => {
    if (!open) return;
    const json = JSON.stringify(state.scenario);
    if (lastSent.current === null && json === JSON.stringify(DEFAULT_SCENARIO)) {
      lastSent.current = json;
      return;
    }
    if (json !== lastSent.current && mirror.sendScenario(state.scenario)) lastSent.current = json;
  }, [open, state.scenario, mirror]);
  return state;
}

/** Faults and transport for this lesson, collapsed until the learner (or the link) uses them. */
export function ScenarioPanel({
  state,
  transports,
}: {
  state: ScenarioState;
  transports: readonly Transport[];
}) {
  const mirror = useMirror();
  const edge = useEdgeScenario();
  const faults = changedFields(state.scenario);
  const inForce = edge ? changedFields(edge) : null;
  return (
    <details className={styles.card} open={faults.length > 0 || state.problems.length > 0}>
      <summary>
        Faults and transport{' '}
        <span className={styles.muted}>
          {faults.length === 0 ? '(none: a clean network)' : `(${faults.join(', ')})`}
        </span>
      </summary>
      <ScenarioControls
        state={state}
        transports={transports}
        onAction={(action) => {
          mirror.mark(`action ${action}`);
          mirror.action(action);
        }}
      />
      <p className={styles.muted} role="status">
        {inForce === null
          ? 'The edge has not confirmed any faults: it forwards traffic untouched.'
          : inForce.length === 0
            ? 'The edge confirms: no faults in force.'
            : `The edge confirms these faults are in force: ${inForce.join(', ')}.`}
      </p>
    </details>
  );
}
