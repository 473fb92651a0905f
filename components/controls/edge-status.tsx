'use client';
/** What the session's edge confirms it applies (its echo of the scenario), or why it refused. */
import type { Scenario } from '@/lib/scenario/schema';
import { useEdgeScenario, useEdgeState } from '../mirror/mirror-provider';
import { describeScenario } from './describe-scenario';
import styles from './scenario-controls.module.css';

export function EdgeStatus({ scenario }: { scenario: Scenario }) {
  const edge = useEdgeScenario();
  const { pending, error } = useEdgeState();
  const behind =
    edge !== null &&
    (Object.keys(scenario) as (keyof Scenario)[]).some((k) => k in edge && edge[k] !== scenario[k]);
  return (
    <>
      <p role="status" className={styles.edgeStatus} data-testid="edge-status">
        {edge === null
          ? pending
            ? 'Edge: applying the scenario…'
            : 'Edge: not confirmed yet (it forwards traffic untouched until it does).'
          : `Edge applied: ${describeScenario(edge)}.`}
        {edge !== null && (pending || behind) ? ' Applying your latest change…' : ''}
      </p>
      {error ? (
        <p role="alert" className={styles.edgeError}>
          <strong>⚠ The edge refused:</strong> {error}
        </p>
      ) : null}
    </>
  );
}
